/**
 * decode-reports: a valid MetricsReport and ApplyReport decode to themselves (extra fields
 * dropped); each broken field is a refusal whose message starts with that field's path; nothing
 * thrown on any input, however odd.
 */
import { describe, expect, it } from 'vitest';
import { decodeApplyReport, decodeMetricsReport, MAX_REPORT_BYTES, MAX_REPORT_ENTRIES } from '../../../connectors/mqtt/decode-reports.ts';
import type { ApplyReport, MetricsReport } from '../../../connectors/mqtt/reports.ts';

const metrics = (): MetricsReport => ({
  v: 1, node: 'edge-1', atMs: 1_700_000_000_000, intervalMs: 10_000, cpuUtilization: 0.42, memoryBytes: 2 ** 30,
  apps: { 'detect/infer': { requests: 120, errorRate: 0.01, latencyMsP50: 12, latencyMsP95: 40 }, 'idle/svc': { requests: 0, errorRate: 0, latencyMsP50: null, latencyMsP95: null } },
});
const report = (): ApplyReport => ({
  v: 1, node: 'edge-1', atMs: 1_700_000_000_000, version: 3, pushId: 'push-1', planHash: 'a'.repeat(64), outcome: 'applied', reason: null,
  runningVersion: 3, workloads: [{ service: 'detect/infer', healthy: true, pid: 4242 }, { service: 'detect/store', healthy: false, pid: null }],
});

/** Sets a dotted path (array indexes as numbers) to a value; `undefined` deletes it. */
function edit<T>(doc: T, path: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete at[last]; else at[last] = value;
  return copy;
}

describe('decodeMetricsReport', () => {
  it('decodes a valid report, as text and as parsed JSON, dropping unknown fields', () => {
    const text = JSON.stringify({ ...metrics(), extra: 'ignored' });
    for (const input of [text, JSON.parse(text)]) {
      const r = decodeMetricsReport(input);
      expect(r).toEqual({ ok: true, value: metrics() });
    }
  });

  // [field path edited, new value (undefined = removed), reason, message starts with]
  const CASES: [string, unknown, string, string][] = [
    ['v', 2, 'bad-version', 'metrics.v'],
    ['v', undefined, 'bad-version', 'metrics.v'],
    ['node', '', 'bad-field', 'metrics.node'],
    ['node', 7, 'bad-field', 'metrics.node'],
    ['atMs', -1, 'bad-field', 'metrics.atMs'],
    ['atMs', 'soon', 'bad-field', 'metrics.atMs'],
    ['intervalMs', 0, 'bad-field', 'metrics.intervalMs'],
    ['cpuUtilization', 1.5, 'bad-field', 'metrics.cpuUtilization'],
    ['cpuUtilization', null, 'bad-field', 'metrics.cpuUtilization'],
    ['memoryBytes', -5, 'bad-field', 'metrics.memoryBytes'],
    ['apps', [], 'bad-field', 'metrics.apps'],
    ['apps.detect/infer', undefined, 'ok', ''],
  ];
  for (const [path, value, reason, prefix] of CASES) {
    it(`${path} = ${JSON.stringify(value) ?? 'missing'} → ${reason}`, () => {
      const r = decodeMetricsReport(edit(metrics(), path, value));
      if (reason === 'ok') { expect(r.ok).toBe(true); return; }
      expect(r.ok).toBe(false);
      if (!r.ok) { expect(r.error.reason).toBe(reason); expect(r.error.message.startsWith(prefix)).toBe(true); }
    });
  }

  it('names the app and field of a bad per-app figure', () => {
    const doc = metrics();
    (doc.apps['detect/infer'] as unknown as Record<string, unknown>).errorRate = 2;
    const r = decodeMetricsReport(doc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^metrics\.apps\["detect\/infer"\]\.errorRate: expected a fraction/);
  });

  it('refuses a p95 below the p50, an app key that is not app/service, and too many apps', () => {
    const inverted = metrics();
    inverted.apps['detect/infer']!.latencyMsP95 = 5;
    const r1 = decodeMetricsReport(inverted);
    expect(!r1.ok && r1.error.message).toMatch(/latencyMsP95: 5 is below latencyMsP50 12/);
    const r2 = decodeMetricsReport({ ...metrics(), apps: { detect: metrics().apps['detect/infer'] } });
    expect(!r2.ok && r2.error.message).toMatch(/app keys are "app\/service"/);
    const many: Record<string, unknown> = {};
    for (let i = 0; i <= MAX_REPORT_ENTRIES; i++) many[`a${i}/s`] = { requests: 0, errorRate: 0, latencyMsP50: null, latencyMsP95: null };
    const r3 = decodeMetricsReport({ ...metrics(), apps: many });
    expect(!r3.ok && r3.error.message).toMatch(/over the limit/);
  });

  it('refuses non-JSON, too-large text and non-objects without throwing', () => {
    expect(decodeMetricsReport('{"v":1,')).toMatchObject({ ok: false, error: { reason: 'not-json' } });
    expect(decodeMetricsReport(' '.repeat(MAX_REPORT_BYTES + 1))).toMatchObject({ ok: false, error: { reason: 'too-large' } });
    for (const odd of [null, 42, [], 'null', '"x"', undefined, { v: 1 }]) expect(decodeMetricsReport(odd).ok).toBe(false);
  });
});

describe('decodeApplyReport', () => {
  it('decodes a valid report and a refused one with null version, push and plan', () => {
    expect(decodeApplyReport(JSON.stringify(report()))).toEqual({ ok: true, value: report() });
    const refused = { ...report(), version: null, pushId: null, planHash: null, outcome: 'refused', reason: 'malformed', workloads: [] };
    expect(decodeApplyReport(refused)).toEqual({ ok: true, value: refused });
  });

  const CASES: [string, unknown, string][] = [
    ['v', '1', 'report.v'],
    ['node', null, 'report.node'],
    ['version', -1, 'report.version'],
    ['version', 1.5, 'report.version'],
    ['pushId', 12, 'report.pushId'],
    ['planHash', '', 'report.planHash'],
    ['outcome', 'maybe', 'report.outcome'],
    ['reason', 5, 'report.reason'],
    ['runningVersion', undefined, 'report.runningVersion'],
    ['workloads', {}, 'report.workloads'],
    ['workloads.0.service', 'infer', 'report.workloads[0].service'],
    ['workloads.0.healthy', 'yes', 'report.workloads[0].healthy'],
    ['workloads.1.pid', -3, 'report.workloads[1].pid'],
  ];
  for (const [path, value, prefix] of CASES) {
    it(`${path} = ${JSON.stringify(value) ?? 'missing'} → refused naming ${prefix}`, () => {
      const r = decodeApplyReport(edit(report(), path, value));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message.startsWith(`${prefix}:`)).toBe(true);
    });
  }
});
