/**
 * Link availability helpers, pure: Markov on/off period lengths and the merged timeline of
 * scheduled outages. The twin turns both into link up/down events.
 */
import { log1p } from '../des/det-math.ts';
import type { Rng } from '../des/rng.ts';

/** A scheduled outage as written in the scenario: down from atMs for forMs (Infinity: never back). */
export interface Outage { atMs: number; forMs: number }

/** A down window [startMs, endMs); endMs may be Infinity. */
export interface OutageWindow { startMs: number; endMs: number }

/** Exponential duration with the given mean (inverse transform of one rng.next() draw); meanMs finite and >= 0. */
export function markovDurationMs(rng: Rng, meanMs: number): number {
  if (!(meanMs >= 0 && Number.isFinite(meanMs))) throw new Error(`markovDurationMs: meanMs must be finite and >= 0, got ${meanMs}`);
  // u in [0, 1) keeps log1p(-u) finite; log1p is exact near u = 0 and gives +0 (not -0) there.
  return -log1p(-rng.next()) * meanMs;
}

/**
 * Sorted, disjoint down windows from possibly overlapping outages. Overlapping or touching
 * outages merge (a link is not up for 0 ms); zero-length ones vanish; outages starting at or
 * after untilMs are dropped. Ends are not clipped to untilMs, so "never recovers" stays Infinity.
 */
export function outageWindows(outages: readonly Outage[], untilMs: number): OutageWindow[] {
  if (Number.isNaN(untilMs)) throw new Error(`outageWindows: untilMs is NaN`);
  const ws: OutageWindow[] = [];
  for (const o of outages) {
    if (!Number.isFinite(o.atMs)) throw new Error(`outageWindows: atMs must be finite, got ${o.atMs}`);
    if (!(o.forMs >= 0)) throw new Error(`outageWindows: forMs must be >= 0, got ${o.forMs} (at ${o.atMs})`);
    if (o.forMs === 0 || o.atMs >= untilMs) continue;
    ws.push({ startMs: o.atMs, endMs: o.atMs + o.forMs });
  }
  ws.sort((x, y) => x.startMs - y.startMs || x.endMs - y.endMs);
  const out: OutageWindow[] = [];
  for (const w of ws) {
    const last = out[out.length - 1];
    if (last && w.startMs <= last.endMs) last.endMs = Math.max(last.endMs, w.endMs);
    else out.push({ ...w });
  }
  return out;
}
