/**
 * Validating decoders for the two JSON documents agents publish beside the control wire frames
 * (reports.ts): MetricsReport on `…/metrics` and ApplyReport on `…/report`. The bytes come from
 * the network, so every field is checked and a bad document is a refusal naming the field path
 * and what was wrong — never an exception. Unknown extra fields are ignored (a newer agent may add
 * some); a different `v` is refused.
 */
import type { AppMetrics, ApplyReport, MetricsReport } from './reports.ts';

/** The report version this code speaks. */
export const REPORT_VERSION = 1;
/** Longest report text accepted. */
export const MAX_REPORT_BYTES = 1024 * 1024;
/** Most apps in one MetricsReport and workloads in one ApplyReport (a hostile report cannot make us allocate more). */
export const MAX_REPORT_ENTRIES = 4096;
/** Longest node id, service key, push id or plan hash. */
export const MAX_REPORT_ID_LENGTH = 256;
/** Longest free-text reason. */
export const MAX_REASON_LENGTH = 2048;

/** Why a report was refused; `message` starts with the field path. */
export interface ReportRefusal { reason: 'too-large' | 'not-json' | 'bad-version' | 'bad-field'; message: string }

/** A decoded report or the refusal. */
export type DecodeResult<T> = { ok: true; value: T } | { ok: false; error: ReportRefusal };

/** Apply outcomes, as reports.ts documents them. */
export const APPLY_OUTCOMES: readonly ApplyReport['outcome'][] = ['applied', 'refused', 'failed'];

const SERVICE_KEY = /^[^/\s]+\/[^/\s]+$/;

class Refused extends Error {
  constructor(readonly refusal: ReportRefusal) { super(refusal.message); }
}

const bad = (message: string): never => { throw new Refused({ reason: 'bad-field', message }); };

/** Validates a MetricsReport given as text (or bytes as a string) or parsed JSON. */
export function decodeMetricsReport(input: unknown): DecodeResult<MetricsReport> {
  return guarded(input, 'metrics', (o) => {
    const apps = record(o.apps, 'metrics.apps');
    const out: Record<string, AppMetrics> = {};
    for (const [key, v] of Object.entries(apps)) {
      const path = `metrics.apps[${JSON.stringify(key).slice(0, 80)}]`;
      if (key.length > MAX_REPORT_ID_LENGTH || !SERVICE_KEY.test(key)) bad(`${path}: app keys are "app/service", got ${short(key)}`);
      out[key] = appMetrics(v, path);
    }
    return {
      v: REPORT_VERSION, node: id(o.node, 'metrics.node'), atMs: time(o.atMs, 'metrics.atMs'),
      intervalMs: positive(o.intervalMs, 'metrics.intervalMs'), cpuUtilization: fraction(o.cpuUtilization, 'metrics.cpuUtilization'),
      memoryBytes: nonNegative(o.memoryBytes, 'metrics.memoryBytes'), apps: out,
    };
  });
}

/** Validates an ApplyReport given as text or parsed JSON. */
export function decodeApplyReport(input: unknown): DecodeResult<ApplyReport> {
  return guarded(input, 'report', (o) => {
    const outcome = o.outcome;
    if (typeof outcome !== 'string' || !(APPLY_OUTCOMES as readonly string[]).includes(outcome)) bad(`report.outcome: expected one of ${APPLY_OUTCOMES.join(', ')}, got ${short(outcome)}`);
    const workloads = list(o.workloads, 'report.workloads').map((w, i) => {
      const path = `report.workloads[${i}]`;
      const wo = object(w, path);
      const service = id(wo.service, `${path}.service`);
      if (!SERVICE_KEY.test(service)) bad(`${path}.service: expected "app/service", got ${short(service)}`);
      if (typeof wo.healthy !== 'boolean') bad(`${path}.healthy: expected true or false, got ${short(wo.healthy)}`);
      const pid = wo.pid === null ? null : count(wo.pid, `${path}.pid`);
      return { service, healthy: wo.healthy as boolean, pid };
    });
    return {
      v: REPORT_VERSION, node: id(o.node, 'report.node'), atMs: time(o.atMs, 'report.atMs'),
      version: o.version === null ? null : count(o.version, 'report.version'),
      pushId: nullableId(o.pushId, 'report.pushId'), planHash: nullableId(o.planHash, 'report.planHash'),
      outcome: outcome as ApplyReport['outcome'],
      reason: nullableText(o.reason, 'report.reason'),
      runningVersion: count(o.runningVersion, 'report.runningVersion'),
      workloads,
    };
  });
}

function guarded<T>(input: unknown, root: string, decode: (o: Record<string, unknown>) => T): DecodeResult<T> {
  try {
    let j = input;
    if (typeof input === 'string') {
      if (input.length > MAX_REPORT_BYTES) throw new Refused({ reason: 'too-large', message: `${root}: ${input.length} characters, over the limit of ${MAX_REPORT_BYTES}` });
      try { j = JSON.parse(input); } catch (e) { throw new Refused({ reason: 'not-json', message: `${root}: not JSON (${(e as Error).message})` }); }
    }
    const o = object(j, root);
    if (o.v !== REPORT_VERSION) throw new Refused({ reason: 'bad-version', message: `${root}.v: this side speaks version ${REPORT_VERSION}, got ${short(o.v)}` });
    return { ok: true, value: decode(o) };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, error: e.refusal };
    // Anything else is a bug in a decoder; still never let a network document throw.
    return { ok: false, error: { reason: 'bad-field', message: `${root}: ${(e as Error).message}` } };
  }
}

function appMetrics(v: unknown, path: string): AppMetrics {
  const o = object(v, path);
  const p50 = nullableNonNegative(o.latencyMsP50, `${path}.latencyMsP50`);
  const p95 = nullableNonNegative(o.latencyMsP95, `${path}.latencyMsP95`);
  if (p50 !== null && p95 !== null && p95 < p50) bad(`${path}.latencyMsP95: ${p95} is below latencyMsP50 ${p50}; a 95th percentile cannot be below the median`);
  return { requests: nonNegative(o.requests, `${path}.requests`), errorRate: fraction(o.errorRate, `${path}.errorRate`), latencyMsP50: p50, latencyMsP95: p95 };
}

function short(v: unknown): string {
  const s = v === undefined ? 'nothing (the field is missing)' : JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function object(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad(`${path}: expected an object, got ${short(v)}`);
  return v as Record<string, unknown>;
}

function record(v: unknown, path: string): Record<string, unknown> {
  const o = object(v, path);
  const n = Object.keys(o).length;
  if (n > MAX_REPORT_ENTRIES) bad(`${path}: ${n} entries, over the limit of ${MAX_REPORT_ENTRIES}`);
  return o;
}

function list(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) return bad(`${path}: expected a list, got ${short(v)}`);
  if (v.length > MAX_REPORT_ENTRIES) bad(`${path}: ${v.length} entries, over the limit of ${MAX_REPORT_ENTRIES}`);
  return v;
}

function id(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_REPORT_ID_LENGTH) return bad(`${path}: expected a non-empty string of at most ${MAX_REPORT_ID_LENGTH} characters, got ${short(v)}`);
  return v;
}

function nullableId(v: unknown, path: string): string | null {
  return v === null ? null : id(v, path);
}

function nullableText(v: unknown, path: string): string | null {
  if (v === null) return null;
  if (typeof v !== 'string' || v.length > MAX_REASON_LENGTH) return bad(`${path}: expected null or a string of at most ${MAX_REASON_LENGTH} characters, got ${short(v)}`);
  return v;
}

function finite(v: unknown, path: string, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return bad(`${path}: expected ${what}, got ${short(v)}`);
  return v;
}

function time(v: unknown, path: string): number {
  const n = finite(v, path, 'a time in ms >= 0');
  return n < 0 ? bad(`${path}: expected a time in ms >= 0, got ${n}`) : n;
}

function nonNegative(v: unknown, path: string): number {
  const n = finite(v, path, 'a number >= 0');
  return n < 0 ? bad(`${path}: expected a number >= 0, got ${n}`) : n;
}

function nullableNonNegative(v: unknown, path: string): number | null {
  return v === null ? null : nonNegative(v, path);
}

function positive(v: unknown, path: string): number {
  const n = finite(v, path, 'a number > 0');
  return n <= 0 ? bad(`${path}: expected a number > 0, got ${n}`) : n;
}

function fraction(v: unknown, path: string): number {
  const n = finite(v, path, 'a fraction from 0 to 1');
  return n < 0 || n > 1 ? bad(`${path}: expected a fraction from 0 to 1, got ${n}`) : n;
}

function count(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return bad(`${path}: expected a whole number >= 0, got ${short(v)}`);
  return v;
}
