/**
 * Start-up: start the session worker, read the URL (?scenario, yaml, seed, t, speed, select,
 * layout), load the scenario it names (the default one otherwise), restore the view, and keep the
 * address bar on the current state. A bad URL parameter gets its own message and is ignored.
 */
import { appStore } from './app-context.ts';
import { loadText, play, toast } from './store/actions.ts';
import { sessionClient } from './sim-client/session-client.ts';
import { DEFAULT_SCENARIO, SHIPPED_SCENARIOS, shippedScenario } from './sim-client/shipped.ts';
import { decompressText, parseUrlState, urlQuery } from './sim-client/url-state.ts';
import { currentUrlState } from './panels/share.ts';
import { openInEditor } from './panels/editor/draft.ts';

/** Speed the app opens at when the URL does not say. */
export const OPENING_SPEED = 5;

/** Boots the app; resolves once the first scenario is loaded (or failed to). */
export async function boot(): Promise<void> {
  sessionClient();
  const { state, errors } = parseUrlState(location.search, SHIPPED_SCENARIOS.map((s) => s.name));
  for (const e of errors) toast(e, 'error');
  if (state.layout) appStore.setState({ viewLayout: state.layout });
  let text: string | null = null, file = '', name = '';
  if (state.yaml !== undefined) {
    try {
      text = await decompressText(state.yaml);
      file = 'shared-scenario.yaml';
      name = 'custom';
    } catch (e) {
      toast(`${(e as Error).message} Opening ${DEFAULT_SCENARIO} instead.`, 'error');
    }
  }
  if (text === null) {
    const s = shippedScenario(state.scenario ?? DEFAULT_SCENARIO) ?? SHIPPED_SCENARIOS[0]!;
    text = s.text; file = s.file; name = s.name;
  }
  const speed = state.speed ?? OPENING_SPEED;
  let ok = await loadText(text, file, name, { seed: state.seed, timeMs: state.timeMs, speed, select: state.select });
  if (!ok && name === 'custom') {
    const s = shippedScenario(DEFAULT_SCENARIO)!;
    toast(`the shared scenario has problems: they are shown in the editor; ${s.name} runs meanwhile`, 'error');
    const shared = text;
    ok = await loadText(s.text, s.file, s.name, { speed });
    openInEditor(shared, file);
    appStore.setState({ panel: 'editor' });
  }
  if (ok && state.timeMs === undefined) await play();
  startUrlSync();
}

/** Keeps the address bar on the current state: at once when paused, every 5 s while playing (replaceState is not free). */
function startUrlSync(): void {
  let last = location.search;
  let lastAt = 0;
  setInterval(() => {
    const s = appStore.getState();
    if (!s.description) return;
    const now = performance.now();
    if (s.status.playing && now - lastAt < 5000) return;
    lastAt = now;
    void currentUrlState().then((st) => {
      const q = urlQuery(st);
      if (q !== last) { last = q; history.replaceState(null, '', `${location.pathname}${q}`); }
    });
  }, 1000);
}
