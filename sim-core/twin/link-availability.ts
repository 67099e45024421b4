/**
 * Link availability over time: scheduled outages (merged into disjoint windows) and Markov
 * on/off intermittency with exponential up and down periods. Each is one "down cause" of the
 * link, so an outage during a Markov down period does not bring the link up early.
 */
import { createRng } from '../des/rng.ts';
import { markovDurationMs, outageWindows } from '../fabric/availability.ts';
import { changeLinkDownCauses } from './fabric-changes.ts';
import type { TwinState } from './state.ts';

/** Toggle codes carried in the event's b. */
const MARKOV_DOWN = 0;
const MARKOV_UP = 1;
const OUTAGE_DOWN = 2;
const OUTAGE_UP = 3;

/** Schedules every link's outages and first Markov transition. */
export function scheduleLinkAvailability(s: TwinState): void {
  const rngs = s.fabric.markovRngs;
  s.model.links.forEach((link, l) => {
    for (const w of outageWindows(link.availability.outages, s.model.durationMs)) {
      s.kernel.scheduleAt(w.startMs, s.kinds.linkToggle, l, OUTAGE_DOWN);
      if (w.endMs < Infinity) s.kernel.scheduleAt(w.endMs, s.kinds.linkToggle, l, OUTAGE_UP);
    }
    const mk = link.availability.markov;
    if (mk) {
      // One stream per link: adding a link never shifts another link's on/off periods.
      const rng = createRng(s.seed, `link-availability:${link.id}`);
      rngs.set(l, rng);
      s.kernel.schedule(markovDurationMs(rng, mk.meanUpMs), s.kinds.linkToggle, l, MARKOV_DOWN);
    }
  });
}

/** Link toggle event. */
export function onLinkToggle(s: TwinState, l: number, code: number): void {
  switch (code) {
    case OUTAGE_DOWN: changeLinkDownCauses(s, l, 1); return;
    case OUTAGE_UP: changeLinkDownCauses(s, l, -1); return;
    case MARKOV_DOWN: case MARKOV_UP: {
      const mk = s.model.links[l]!.availability.markov!;
      const rng = s.fabric.markovRngs.get(l)!;
      const goingDown = code === MARKOV_DOWN;
      changeLinkDownCauses(s, l, goingDown ? 1 : -1);
      const nextMs = markovDurationMs(rng, goingDown ? mk.meanDownMs : mk.meanUpMs);
      s.kernel.schedule(nextMs, s.kinds.linkToggle, l, goingDown ? MARKOV_UP : MARKOV_DOWN);
      return;
    }
    default: throw new Error(`unknown link toggle code ${code}`);
  }
}
