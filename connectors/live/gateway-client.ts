/**
 * The CLI's side of the gateway API: `--gateway URL` and `--token T` (or EDGETWIN_TOKEN) checked
 * as flags, a JSON GET with the bearer token, and a reader of `GET /api/v1/events` (Server-Sent
 * Events) that hands each event to a callback. Bad flags are InputError (exit 2); a gateway that
 * cannot be reached or refuses is a GatewayError saying which URL and what it answered.
 */
import { InputError } from '../../sim-core/text/input-error.ts';
import { sseParser, type SseEvent } from './sse.ts';

export { sseParser, type SseEvent };

/** The environment variable a token is read from when --token is not given. */
export const TOKEN_ENV = 'EDGETWIN_TOKEN';

/** The gateway could not be reached, or answered with an error. */
export class GatewayError extends Error {
  constructor(message: string, readonly status: number | null = null) { super(message); this.name = 'GatewayError'; }
}

const flagError = (flag: string, message: string) => new InputError([{ file: `<${flag}>`, line: 0, col: 0, path: '', message }]);

/** `--gateway URL` → its base URL ending in '/'; InputError when missing or not http(s). */
export function gatewayBaseUrl(value: string | undefined, flag = '--gateway'): string {
  if (value === undefined || value === '') throw flagError(flag, 'expected the gateway URL, e.g. --gateway http://127.0.0.1:8080 (see edgetwin serve)');
  let u: URL;
  try { u = new URL(value); } catch { throw flagError(flag, `expected a URL like http://127.0.0.1:8080, got '${value}'`); }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw flagError(flag, `expected an http or https URL, got '${u.protocol.slice(0, -1)}'`);
  u.search = ''; u.hash = '';
  return u.href.endsWith('/') ? u.href : `${u.href}/`;
}

/** The token from --token, else EDGETWIN_TOKEN; InputError when neither is set. */
export function gatewayToken(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const t = flag ?? env[TOKEN_ENV];
  if (!t) throw flagError('--token', `the gateway needs a token: pass --token T or set ${TOKEN_ENV} (create one with edgetwin token create --role viewer)`);
  return t;
}

async function request(base: string, path: string, token: string, init: RequestInit = {}): Promise<Response> {
  const url = new URL(path, base).href;
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...init.headers } });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new GatewayError(`cannot reach the gateway at ${url}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
  }
  if (!res.ok) {
    const body = await res.text().catch(() => '');
    let why = body.slice(0, 300);
    try { why = (JSON.parse(body) as { message?: string }).message ?? why; } catch { /* not JSON: show the text */ }
    const hint = res.status === 401 ? ' (is the token right and not revoked?)' : res.status === 403 ? ' (the token\'s role does not allow this)' : '';
    throw new GatewayError(`the gateway answered ${res.status} to GET ${url}: ${why}${hint}`, res.status);
  }
  return res;
}

/** GET path as text (the caller parses it: e.g. parseSnapshot names the URL in its errors). */
export async function getText(base: string, path: string, token: string): Promise<string> {
  return (await request(base, path, token)).text();
}


/**
 * Reads GET /api/v1/events until `signal` aborts or the gateway ends the stream; calls onEvent for
 * every event (comments and heartbeats skipped). Resolves 'aborted' or 'ended'.
 */
export async function readEvents(base: string, token: string, onEvent: (e: SseEvent) => void, signal: AbortSignal, onOpen?: () => void): Promise<'aborted' | 'ended'> {
  let res: Response;
  try {
    res = await request(base, 'api/v1/events', token, { signal, headers: { accept: 'text/event-stream' } });
  } catch (e) {
    if (signal.aborted) return 'aborted';
    throw e;
  }
  onOpen?.();
  const parser = sseParser(onEvent);
  const decoder = new TextDecoder();
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser(decoder.decode(chunk, { stream: true }));
  } catch (e) {
    if (signal.aborted) return 'aborted';
    throw new GatewayError(`the event stream from ${base} broke: ${(e as Error).message}`);
  }
  return signal.aborted ? 'aborted' : 'ended';
}
