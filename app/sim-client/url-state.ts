/**
 * The shareable URL: `?scenario=<shipped name>&seed=N&t=90s&speed=10&select=<node id>&layout=geo`,
 * or `yaml=<edited text, deflated and base64url-encoded>` instead of `scenario`. Parsing is pure
 * and strict: every bad parameter gets its own message, and a URL with problems changes nothing
 * it cannot read (the caller keeps the current scene for those parts).
 */
import { parseDurationMs } from '../../sim-core/text/units.ts';
import type { Speed } from '../../workers/session-types.ts';

/** What a URL can carry. */
export interface UrlState {
  scenario?: string;
  /** Compressed edited scenario text (decode with decompressText). */
  yaml?: string;
  seed?: number;
  timeMs?: number;
  speed?: Speed;
  select?: string;
  layout?: 'tiers' | 'geo';
}

/** The parameters a URL may have. */
export const URL_PARAMS = ['scenario', 'yaml', 'seed', 't', 'speed', 'select', 'layout'] as const;

/** Parses a query string; returns what it could read and one message per problem. */
export function parseUrlState(search: string, knownScenarios: readonly string[]): { state: UrlState; errors: string[] } {
  const q = new URLSearchParams(search);
  const state: UrlState = {};
  const errors: string[] = [];
  for (const key of q.keys()) {
    if (!(URL_PARAMS as readonly string[]).includes(key)) errors.push(`unknown URL parameter '${key}' (known: ${URL_PARAMS.join(', ')})`);
  }
  const scenario = q.get('scenario');
  if (scenario !== null) {
    if (knownScenarios.includes(scenario)) state.scenario = scenario;
    else errors.push(`no shipped scenario '${scenario}'; shipped: ${knownScenarios.join(', ')}`);
  }
  const yaml = q.get('yaml');
  if (yaml !== null) {
    if (/^[A-Za-z0-9_-]+$/.test(yaml)) state.yaml = yaml;
    else errors.push("the 'yaml' parameter is not base64url text (it should come from the app's Share button)");
  }
  if (state.yaml !== undefined && state.scenario !== undefined) errors.push("the URL has both 'scenario' and 'yaml'; using 'yaml'");
  const seed = q.get('seed');
  if (seed !== null) {
    if (/^\d{1,15}$/.test(seed)) state.seed = Number(seed);
    else errors.push(`seed must be a whole number ≥ 0, got '${seed}'`);
  }
  const t = q.get('t');
  if (t !== null) {
    const d = parseDurationMs(t);
    if (d.ok && Number.isFinite(d.value) && d.value >= 0) state.timeMs = d.value;
    else errors.push(`t must be a time like 90s, 10m or 1h30m, got '${t}'`);
  }
  const speed = q.get('speed');
  if (speed !== null) {
    const v = speed === 'max' ? 'max' : /^\d+(\.\d+)?$/.test(speed) ? Number(speed) : NaN;
    if (v === 'max' || (v >= 1 && v <= 1000)) state.speed = v;
    else errors.push(`speed must be from 1 to 1000 or 'max', got '${speed}'`);
  }
  const select = q.get('select');
  if (select !== null) {
    if (select.length > 0 && select.length <= 253) state.select = select;
    else errors.push('select must name a node id');
  }
  const layout = q.get('layout');
  if (layout !== null) {
    if (layout === 'tiers' || layout === 'geo') state.layout = layout;
    else errors.push(`layout must be 'tiers' or 'geo', got '${layout}'`);
  }
  return { state, errors };
}

/** A time for the URL: whole seconds when possible ("90s"), else milliseconds ("1500ms" → "1.5s"). */
export function timeParam(ms: number): string {
  const tenths = Math.round(ms / 100);
  return tenths % 10 === 0 ? `${tenths / 10}s` : `${(tenths / 10).toFixed(1)}s`;
}

/** The query string for a state (parameters in a fixed order, defaults left out). */
export function urlQuery(s: UrlState): string {
  const q = new URLSearchParams();
  if (s.yaml !== undefined) q.set('yaml', s.yaml);
  else if (s.scenario !== undefined) q.set('scenario', s.scenario);
  if (s.seed !== undefined) q.set('seed', String(s.seed));
  if (s.timeMs !== undefined && s.timeMs > 0) q.set('t', timeParam(s.timeMs));
  if (s.speed !== undefined) q.set('speed', String(s.speed));
  if (s.select !== undefined) q.set('select', s.select);
  if (s.layout !== undefined && s.layout !== 'tiers') q.set('layout', s.layout);
  const text = q.toString();
  return text ? `?${text}` : '';
}

const toBase64Url = (bytes: Uint8Array): string => {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const fromBase64Url = (text: string): Uint8Array => {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
};

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** Deflates text and encodes it for a URL. */
export async function compressText(text: string): Promise<string> {
  return toBase64Url(await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw')));
}

/** The text of a `yaml` parameter; throws with a plain message when it is damaged. */
export async function decompressText(param: string): Promise<string> {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await pipe(fromBase64Url(param), new DecompressionStream('deflate-raw')));
  } catch {
    throw new Error("the scenario in this URL is damaged (the 'yaml' parameter does not decompress); was the link cut short?");
  }
}
