/**
 * A small client for the Prometheus HTTP API (https://prometheus.io/docs/prometheus/latest/querying/api/):
 * instant queries (GET /api/v1/query) and range queries (GET /api/v1/query_range) over fetch.
 * Every answer is bytes from the network, so it is validated field by field — `status`,
 * `data.resultType` (vector, matrix, scalar), each sample's `[unixSeconds, "value"]` — and
 * anything else becomes a PrometheusError that says what was wrong, never a crash later on.
 * Sample values keep Prometheus's special values: "NaN", "+Inf" and "-Inf" become NaN and ±Infinity.
 */

/** What went wrong: the server could not be reached or timed out, answered non-JSON or a bad shape, or reported a query error. */
export type PrometheusErrorKind = 'network' | 'timeout' | 'http' | 'shape' | 'query';

/** A failed Prometheus request; `message` names the query and the problem. */
export class PrometheusError extends Error {
  constructor(readonly kind: PrometheusErrorKind, message: string, readonly status: number | null = null) {
    super(message);
    this.name = 'PrometheusError';
  }
}

/** One sample of an instant vector: the series' labels (including `__name__` when kept), its time in unix seconds and value. */
export interface PromSample { labels: Record<string, string>; tsS: number; value: number }

/** One series of a range matrix: its labels and its points, oldest first. */
export interface PromSeries { labels: Record<string, string>; points: { tsS: number; value: number }[] }

/** How to reach a Prometheus server. */
export interface PrometheusClientOptions {
  /** Base address, e.g. http://127.0.0.1:9090 (the API is under /api/v1). */
  baseUrl: string;
  /** Abandon a request after this long (default 5000 ms). */
  timeoutMs?: number;
  /** Extra request headers (e.g. an authorization header for a protected Prometheus). */
  headers?: Record<string, string>;
  /** The fetch to use (default: the global one); tests inject broken servers through it. */
  fetch?: typeof fetch;
}

/** A Prometheus HTTP API client. */
export interface PrometheusClient {
  /** Instant query at `atS` (unix seconds; default: the server's now). A scalar answer is one sample with no labels. */
  query(promql: string, atS?: number): Promise<PromSample[]>;
  /** Range query from startS to endS (unix seconds) every stepS seconds. */
  queryRange(promql: string, startS: number, endS: number, stepS: number): Promise<PromSeries[]>;
}

/** Default request timeout. */
export const DEFAULT_PROMETHEUS_TIMEOUT_MS = 5000;

/** Largest answer body read (bytes); a bigger one is refused rather than parsed. */
export const MAX_PROMETHEUS_BODY_BYTES = 32 * 1024 * 1024;

/** Creates a client; throws at once on a base URL that is not http(s) (a configuration mistake). */
export function createPrometheusClient(opts: PrometheusClientOptions): PrometheusClient {
  let base: URL;
  try { base = new URL(opts.baseUrl); } catch { throw new Error(`Prometheus URL ${JSON.stringify(opts.baseUrl)} is not a URL; expected e.g. http://127.0.0.1:9090`); }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`Prometheus URL ${JSON.stringify(opts.baseUrl)} must be http:// or https://`);
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_PROMETHEUS_TIMEOUT_MS;
  const root = base.href.endsWith('/') ? base.href : `${base.href}/`;

  async function get(path: string, params: Record<string, string>, what: string): Promise<unknown> {
    const url = new URL(path, root);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    let res: Response;
    try {
      res = await doFetch(url, { headers: { accept: 'application/json', ...opts.headers }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      const err = e as Error;
      if (err.name === 'TimeoutError' || err.name === 'AbortError') throw new PrometheusError('timeout', `${what}: no answer from ${url.origin} within ${timeoutMs} ms`);
      throw new PrometheusError('network', `${what}: cannot reach ${url.origin}: ${describeCause(err)}`);
    }
    const text = await readBody(res, what);
    let body: unknown;
    try { body = JSON.parse(text); } catch {
      throw new PrometheusError('http', `${what}: ${url.origin} answered HTTP ${res.status} with a body that is not JSON: ${JSON.stringify(text.slice(0, 120))}`, res.status);
    }
    // Prometheus answers query errors (bad PromQL, timeouts) as 4xx/5xx with {status:'error', errorType, error}.
    if (isObject(body) && body.status === 'error') {
      const type = typeof body.errorType === 'string' ? body.errorType : 'error';
      const msg = typeof body.error === 'string' ? body.error : 'no message';
      throw new PrometheusError('query', `${what}: Prometheus refused it (${type}): ${msg}`, res.status);
    }
    if (!res.ok) throw new PrometheusError('http', `${what}: ${url.origin} answered HTTP ${res.status}`, res.status);
    return body;
  }

  return {
    async query(promql, atS) {
      const what = `query ${JSON.stringify(promql)}`;
      const params: Record<string, string> = { query: promql };
      if (atS !== undefined) params.time = String(atS);
      return parseInstantAnswer(await get('api/v1/query', params, what), what);
    },
    async queryRange(promql, startS, endS, stepS) {
      const what = `range query ${JSON.stringify(promql)}`;
      if (!(Number.isFinite(startS) && Number.isFinite(endS) && endS >= startS)) throw new Error(`${what}: needs finite startS <= endS, got ${startS}..${endS}`);
      if (!(stepS > 0)) throw new Error(`${what}: stepS must be > 0, got ${stepS}`);
      return parseRangeAnswer(await get('api/v1/query_range', { query: promql, start: String(startS), end: String(endS), step: String(stepS) }, what), what);
    },
  };
}

/** Validates an instant-query answer `{status:'success', data:{resultType:'vector'|'scalar', result}}`; throws a PrometheusError('shape') naming the field. */
export function parseInstantAnswer(body: unknown, what = 'query'): PromSample[] {
  const data = successData(body, what);
  if (data.resultType === 'vector') {
    if (!Array.isArray(data.result)) throw shape(what, 'data.result', 'an array', data.result);
    return data.result.map((s, i) => {
      const at = `data.result[${i}]`;
      if (!isObject(s)) throw shape(what, at, 'an object', s);
      const [tsS, value] = parsePoint(s.value, `${at}.value`, what);
      return { labels: parseLabels(s.metric, `${at}.metric`, what), tsS, value };
    });
  }
  if (data.resultType === 'scalar') {
    const [tsS, value] = parsePoint(data.result, 'data.result', what);
    return [{ labels: {}, tsS, value }];
  }
  throw shape(what, 'data.resultType', "'vector' or 'scalar' for an instant query", data.resultType);
}

/** Validates a range-query answer `{status:'success', data:{resultType:'matrix', result:[{metric, values}]}}`. */
export function parseRangeAnswer(body: unknown, what = 'range query'): PromSeries[] {
  const data = successData(body, what);
  if (data.resultType !== 'matrix') throw shape(what, 'data.resultType', "'matrix' for a range query", data.resultType);
  if (!Array.isArray(data.result)) throw shape(what, 'data.result', 'an array', data.result);
  return data.result.map((s, i) => {
    const at = `data.result[${i}]`;
    if (!isObject(s)) throw shape(what, at, 'an object', s);
    if (!Array.isArray(s.values)) throw shape(what, `${at}.values`, 'an array of [unixSeconds, "value"]', s.values);
    const points = s.values.map((p, j) => {
      const [tsS, value] = parsePoint(p, `${at}.values[${j}]`, what);
      return { tsS, value };
    });
    return { labels: parseLabels(s.metric, `${at}.metric`, what), points };
  });
}

/** A Prometheus sample value: a decimal string, or "NaN", "+Inf", "-Inf". Null when it is none of these. */
export function parseSampleValue(text: string): number | null {
  if (text === 'NaN') return NaN;
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return null;
  return Number(text);
}

function successData(body: unknown, what: string): Record<string, unknown> {
  if (!isObject(body)) throw shape(what, 'the answer', 'a JSON object', body);
  if (body.status !== 'success') throw shape(what, 'status', "'success'", body.status);
  if (!isObject(body.data)) throw shape(what, 'data', 'an object', body.data);
  return body.data;
}

function parsePoint(p: unknown, at: string, what: string): [number, number] {
  if (!Array.isArray(p) || p.length !== 2) throw shape(what, at, 'a pair [unixSeconds, "value"]', p);
  const [ts, v] = p as [unknown, unknown];
  if (typeof ts !== 'number' || !Number.isFinite(ts)) throw shape(what, `${at}[0]`, 'a finite number of unix seconds', ts);
  if (typeof v !== 'string') throw shape(what, `${at}[1]`, 'the value as a string', v);
  const value = parseSampleValue(v);
  if (value === null) throw shape(what, `${at}[1]`, 'a number, "NaN", "+Inf" or "-Inf"', v);
  return [ts, value];
}

function parseLabels(m: unknown, at: string, what: string): Record<string, string> {
  if (m === undefined) return {};
  if (!isObject(m)) throw shape(what, at, 'an object of label → string', m);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) {
    if (typeof v !== 'string') throw shape(what, `${at}.${k}`, 'a string', v);
    out[k] = v;
  }
  return out;
}

async function readBody(res: Response, what: string): Promise<string> {
  const over = (n: number) => new PrometheusError('shape', `${what}: answer of ${n} bytes or more is over the limit of ${MAX_PROMETHEUS_BODY_BYTES}`, res.status);
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > MAX_PROMETHEUS_BODY_BYTES) { await res.body?.cancel(); throw over(declared); }
  if (!res.body) return '';
  // Read in chunks so an endless or huge answer is cut off at the limit instead of filling memory.
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_PROMETHEUS_BODY_BYTES) { await reader.cancel(); throw over(total); }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof PrometheusError) throw e;
    throw new PrometheusError('network', `${what}: answer cut off: ${(e as Error).message}`, res.status);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function shape(what: string, field: string, expected: string, got: unknown): PrometheusError {
  return new PrometheusError('shape', `${what}: ${field} should be ${expected}, got ${preview(got)}`);
}

function preview(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function describeCause(e: Error): string {
  const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? e.message;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
