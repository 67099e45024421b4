/**
 * What the agent publishes: heartbeat and status frames that the control wire's own decoder
 * accepts, apply reports with long reasons cut, CPU as a clamped fraction, metrics with zeros.
 */
import { describe, expect, it } from 'vitest';
import { applyReport, cpuFraction, heartbeatFrame, MAX_REPORT_REASON_CHARS, metricsReport, statusFrame } from '../../../connectors/agent/messages.ts';
import { decodeFrame, encodeFrame } from '../../../sim-core/orchestrator/control/wire.ts';

describe('agent messages', () => {
  it('heartbeat and status frames round-trip through the control wire decoder', () => {
    const hb = heartbeatFrame('edge-1', 1234);
    expect(decodeFrame(encodeFrame(hb))).toEqual({ ok: true, frame: hb });
    const st = statusFrame('edge-1', 'ready', [{ service: 'a/x', healthy: true, pid: 5 }, { service: 'a/y', healthy: false, pid: 6 }], 99);
    expect(st.running).toEqual(['a/x']);
    expect(decodeFrame(encodeFrame(st))).toEqual({ ok: true, frame: st });
  });

  it('an apply report carries what was received and cuts a long reason', () => {
    const r = applyReport('edge-1', 7, { received: { version: 3, pushId: 'p', planHash: 'h' }, outcome: 'failed', reason: 'x'.repeat(5000), runningVersion: 3, workloads: [{ service: 'a/x', healthy: false, pid: null }] });
    expect(r).toMatchObject({ v: 1, node: 'edge-1', atMs: 7, version: 3, pushId: 'p', planHash: 'h', outcome: 'failed', runningVersion: 3 });
    expect(r.reason!.length).toBe(MAX_REPORT_REASON_CHARS);
    expect(applyReport('n', 1, { received: { version: null, pushId: null, planHash: null }, outcome: 'refused', reason: 'expired', runningVersion: 0, workloads: [] }).reason).toBe('expired');
  });

  it('cpuFraction: CPU µs over interval ms and cores, clamped to 0..1', () => {
    // 500 ms of CPU over 1 s on 2 cores = 25 %.
    expect(cpuFraction(500_000, 1000, 2)).toBeCloseTo(0.25, 10);
    expect(cpuFraction(5_000_000, 1000, 2)).toBe(1);
    expect(cpuFraction(100, 0, 2)).toBe(0);
    expect(cpuFraction(-5, 1000, 2)).toBe(0);
  });

  it('a metrics report has zeros for each declared service', () => {
    const m = metricsReport('edge-1', 10, 1000, 0.1, 2048, ['a/x', 'a/y']);
    expect(m).toEqual({ v: 1, node: 'edge-1', atMs: 10, intervalMs: 1000, cpuUtilization: 0.1, memoryBytes: 2048, apps: {
      'a/x': { requests: 0, errorRate: 0, latencyMsP50: null, latencyMsP95: null }, 'a/y': { requests: 0, errorRate: 0, latencyMsP50: null, latencyMsP95: null } } });
    m.apps['a/x']!.requests = 5;
    expect(m.apps['a/y']!.requests).toBe(0); // each app gets its own object
  });
});
