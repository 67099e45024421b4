/**
 * The report's promise that every number is a number: walks a run report as `run --json`
 * writes it (NaN and ±Infinity become null in JSON) and lists every null that is not one of the
 * documented "no value" places — the latencies of an app that completed nothing, a fault that
 * was never detected or never recovered. Used by the tests over shipped scenarios, values at
 * the schema's bounds and the fuzzer; a non-empty list is a bug in the twin, not in the input.
 */

/** Paths (like `apps[0].latencyMs.p95`) where the report holds null, NaN or ±Infinity without promising it may. */
export function nonNumbersIn(report: unknown): string[] {
  const json: unknown = JSON.parse(JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
  const out: string[] = [];
  walk(json, '', out);
  return out;
}

const EMPTY_APP_FIELDS = /^apps\[(\d+)\]\.(latencyMs\.(mean|p50|p95|p99)|slo\.observedMs)$/;
const NULLABLE = [/^faults\[\d+\]\.(detectedAfterMs|recoveredAfterMs)$/];

function walk(v: unknown, path: string, out: string[], root: unknown = v): void {
  if (v === null) {
    if (!allowedNull(path, root)) out.push(path);
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => walk(x, `${path}[${i}]`, out, root));
    return;
  }
  if (typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, path ? `${path}.${k}` : k, out, root);
  }
}

function allowedNull(path: string, root: unknown): boolean {
  if (NULLABLE.some((re) => re.test(path))) return true;
  const m = EMPTY_APP_FIELDS.exec(path);
  if (!m) return false;
  const app = (root as { apps?: { completed?: number }[] }).apps?.[Number(m[1])];
  return app?.completed === 0;
}
