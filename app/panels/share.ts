/**
 * The shareable URL of what is on screen: the shipped scenario (or the edited text, compressed),
 * seed, simulated time, speed, selected node and layout. url-sync keeps the address bar on it.
 */
import { appStore } from '../app-context.ts';
import { compressText, urlQuery, type UrlState } from '../sim-client/url-state.ts';

let cachedText = '';
let cachedYaml = '';

/** The URL state of the app now (compressing an edited scenario's text once per text). */
export async function currentUrlState(): Promise<UrlState> {
  const s = appStore.getState();
  const st: UrlState = {};
  if (s.scenarioName === 'custom') {
    if (cachedText !== s.scenarioText) { cachedYaml = await compressText(s.scenarioText); cachedText = s.scenarioText; }
    st.yaml = cachedYaml;
  } else if (s.scenarioName) st.scenario = s.scenarioName;
  if (s.description) st.seed = s.description.seed;
  if (s.status.timeMs > 0) st.timeMs = s.status.timeMs;
  st.speed = s.status.speed;
  if (s.selection?.kind === 'node' && s.description) st.select = s.description.nodes[s.selection.index]?.id;
  if (s.viewLayout !== 'tiers') st.layout = s.viewLayout;
  return st;
}

/** The full shareable URL. */
export async function currentShareUrl(): Promise<string> {
  return `${location.origin}${location.pathname}${urlQuery(await currentUrlState())}`;
}
