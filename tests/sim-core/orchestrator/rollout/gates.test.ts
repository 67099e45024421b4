import { describe, expect, it } from 'vitest';
import { checkThresholds, evaluateGate, type GateThresholds, type NodeObservation } from '../../../../sim-core/orchestrator/rollout/gates.ts';

const T: GateThresholds = { sloLatencyMsP95: 100, maxErrorRate: 0.01, timeoutMs: 10_000, minSoakMs: 0, requireMetrics: false };
const ok = (node: string, version: number, over: Partial<NodeObservation> = {}): NodeObservation => ({
  node, state: 'ready', runningVersion: version, report: { version, outcome: 'applied', reason: null }, apps: null, ...over,
});
const gate = (obs: (NodeObservation | undefined)[], elapsedMs: number, t = T, expected = 3) =>
  evaluateGate({ nodes: obs.map((o, i) => ({ node: o?.node ?? `x${i}`, expectedVersion: expected, observation: o })), elapsedMs }, t);

describe('evaluateGate', () => {
  it('passes when every node is ready on its version and within the SLO', () => {
    expect(gate([ok('a', 3), ok('b', 3, { apps: { 'shop/api': { requests: 10, errorRate: 0.01, latencyMsP95: 100 } } })], 5)).toEqual({ verdict: 'pass', reasons: [] });
  });

  it('inconclusive while a node has not reported or runs the old version; fail after the timeout', () => {
    const waiting = [ok('a', 3), ok('b', 2, { report: null }), undefined];
    expect(gate(waiting, 9_999)).toEqual({ verdict: 'inconclusive', reasons: ['b: runs version 2, waiting for 3', 'x2: no telemetry yet'] });
    const late = gate(waiting, 10_000);
    expect(late.verdict).toBe('fail');
    expect(late.reasons[0]).toBe('gate timed out after 10000 ms (limit 10000 ms)');
  });

  it('a node that is not ready is inconclusive (it may come back), not a failure', () => {
    expect(gate([ok('a', 3, { state: 'offline' })], 1).verdict).toBe('inconclusive');
    expect(gate([ok('a', 3, { state: 'draining' })], 1).reasons).toEqual(['a: draining, not ready']);
  });

  it('fails at once on a refused or failed report for the version under test', () => {
    expect(gate([ok('a', 2, { report: { version: 3, outcome: 'refused', reason: 'bad-signature' } })], 0))
      .toEqual({ verdict: 'fail', reasons: ['a: refused version 3: bad-signature'] });
    expect(gate([ok('a', 2, { report: { version: 3, outcome: 'failed', reason: 'shop/api exited 1' } })], 0).verdict).toBe('fail');
    // a refusal of an older version says nothing about this one
    expect(gate([ok('a', 2, { report: { version: 2, outcome: 'refused', reason: 'not-newer' } })], 0).verdict).toBe('inconclusive');
  });

  it('fails on p95 latency over the SLO and on an error rate over the maximum, naming app and node', () => {
    const r = gate([ok('a', 3, { apps: { 'shop/api': { requests: 5, errorRate: 0.02, latencyMsP95: 101 } } })], 0);
    expect(r).toEqual({ verdict: 'fail', reasons: ['a: shop/api p95 latency 101 ms is over the SLO of 100 ms', 'a: shop/api error rate 2% is over the maximum of 1%'] });
    // no requests: nothing to judge
    expect(gate([ok('a', 3, { apps: { 'shop/api': { requests: 0, errorRate: 1, latencyMsP95: null } } })], 0).verdict).toBe('pass');
  });

  it('a node running a newer version than expected fails (superseded)', () => {
    expect(gate([ok('a', 4)], 0).reasons).toEqual(["a: runs version 4, newer than this rollout's 3 (another push superseded it)"]);
  });

  it('requireMetrics waits for metrics; minSoakMs holds a healthy gate until the soak is over', () => {
    expect(gate([ok('a', 3)], 0, { ...T, requireMetrics: true })).toEqual({ verdict: 'inconclusive', reasons: ['a: no metrics since version 3'] });
    expect(gate([ok('a', 3)], 499, { ...T, minSoakMs: 500 })).toEqual({ verdict: 'inconclusive', reasons: ['soaking: 499 of 500 ms'] });
    expect(gate([ok('a', 3)], 500, { ...T, minSoakMs: 500 }).verdict).toBe('pass');
  });

  it('one failing node fails the gate even while others are still waiting', () => {
    expect(gate([undefined, ok('b', 2, { report: { version: 3, outcome: 'failed', reason: 'boom' } })], 0).verdict).toBe('fail');
  });

  it('checkThresholds names a bad value', () => {
    expect(() => checkThresholds({ ...T, maxErrorRate: 2 })).toThrow(/maxErrorRate must be between 0 and 1, got 2/);
    expect(() => checkThresholds({ ...T, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(checkThresholds(T)).toEqual(T);
  });
});
