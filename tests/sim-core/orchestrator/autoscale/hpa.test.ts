/**
 * The HPA decision against hand-computed sequences, in the manner of kube-controller-manager's
 * horizontal_test.go / replica_calculator_test.go (each case: replicas, metrics, expected count,
 * the arithmetic in a comment).
 */
import { describe, expect, it } from 'vitest';
import { defaultScaleDown, defaultScaleUp, hpaSync, initialHpaState, metricProposal, readHpaManifest, HpaManifestError, type HpaSpec, type HpaState } from '../../../../sim-core/orchestrator/autoscale/index.ts';

const cpu50 = { type: 'Resource' as const, name: 'cpu', target: { type: 'Utilization' as const, averageUtilization: 50 } };
const spec = (over: Partial<HpaSpec> = {}): HpaSpec => ({
  name: 'score', scaleTargetRef: { kind: 'Deployment', name: 'score' }, minReplicas: 1, maxReplicas: 10,
  metrics: [cpu50], behavior: { scaleUp: defaultScaleUp(), scaleDown: defaultScaleDown() }, ...over,
});
/** Utilization sample: pods × usage millicores over pods × request. */
const util = (pods: number, usageEach: number, requestEach = 1000) => ({ usage: pods * usageEach, requests: pods * requestEach });

describe('metricProposal: ceil(ready × current / target) outside the 0.1 tolerance', () => {
  it.each([
    // 3 pods at 900m of 1000m → 90 % vs 50 %: ratio 1.8, ceil(3×1.8) = 6 (upstream TestScaleUp-like)
    ['scale up', 3, util(3, 900), 6],
    // 3 pods at 540m → 54 % / 50 % = 1.08, |1−1.08| ≤ 0.1 → keep 3
    ['within tolerance (up)', 3, util(3, 540), 3],
    // 46 % / 50 % = 0.92 → keep 3
    ['within tolerance (down)', 3, util(3, 460), 3],
    // 55 % / 50 % = 1.1, but in float64 (Go's too) 1 − 1.1 = −0.10000000000000009 > 0.1 → ceil(4 × 1.1) = 5
    ['at the tolerance edge (float64, as upstream)', 4, util(4, 550), 5],
    // 45 % / 50 % = 0.9, 1 − 0.9 = 0.09999999999999998 ≤ 0.1 → keep 4
    ['at the lower tolerance edge', 4, util(4, 450), 4],
    // 5 pods at 100m → 10 % / 50 % = 0.2, ceil(5×0.2) = 1
    ['scale down', 5, util(5, 100), 1],
    // utilization truncates: 3 pods, 1001m used of 3000m → trunc(33.36) = 33 %, 33/50 = 0.66 → ceil(1.98) = 2
    ['truncated utilization', 3, { usage: 1001, requests: 3000 }, 2],
  ])('%s', (_n, current, sample, expected) => {
    expect(metricProposal(cpu50, sample, current, current).proposal).toBe(expected);
  });

  it('AverageValue on a pods metric (queue length): 4 pods, 100 queued in all, target 10 each → ceil(4 × 25/10) = 10', () => {
    const q = { type: 'Pods' as const, name: 'queue_length', target: { type: 'AverageValue' as const, averageValue: 10 } };
    expect(metricProposal(q, { usage: 100 }, 4, 4)).toEqual({ usageRatio: 2.5, proposal: 10, currentValue: 25 });
  });

  it('Value on an object metric (p95 latency 300 ms vs 200 ms): ceil(2 × 1.5) = 3', () => {
    const l = { type: 'Object' as const, name: 'latency_p95_ms', target: { type: 'Value' as const, value: 200 } };
    expect(metricProposal(l, { usage: 300 }, 2, 2).proposal).toBe(3);
  });
});

describe('hpaSync: behavior, windows, min/max', () => {
  it('the largest proposal over metrics wins (cpu says 2, queue says 8)', () => {
    const q = { type: 'Pods' as const, name: 'queue_length', target: { type: 'AverageValue' as const, averageValue: 10 } };
    // cpu: 20 %/50 % → ceil(4×0.4) = 2; queue: 80/4 = 20 per pod → ceil(4×2) = 8
    const d = hpaSync(spec({ metrics: [cpu50, q] }), initialHpaState(), { nowMs: 0, currentReplicas: 4, samples: [util(4, 200), { usage: 80 }] });
    expect(d.replicas).toBe(8);
    expect(d.perMetric.map((m) => m.proposal)).toEqual([2, 8]);
  });

  it('default scale-up: max(+4 pods, +100 %) per 15 s; then the period remembers what was added', () => {
    const s = spec({ maxReplicas: 100, metrics: [{ ...cpu50, target: { type: 'Utilization', averageUtilization: 10 } }] });
    // 2 pods at 100 % of a 10 % target: ratio 10, proposal 20; limit max(2+4, ceil(2×2)) = 6
    let d = hpaSync(s, initialHpaState(), { nowMs: 0, currentReplicas: 2, samples: [util(2, 1000, 1000)], });
    expect([d.replicas, d.reason]).toEqual([4 + 2, 'ScaleUpLimit']);
    // 5 s later, still overloaded: the period started at 6−4 = 2 → limit still 6: no change
    d = hpaSync(s, d.state, { nowMs: 5_000, currentReplicas: 6, samples: [util(6, 1000)] });
    expect(d.replicas).toBe(6);
    // 16 s after the first scale, the event left the 15 s period: limit max(6+4, 12) = 12
    d = hpaSync(s, d.state, { nowMs: 16_000, currentReplicas: 6, samples: [util(6, 1000)] });
    expect([d.replicas, d.reason]).toEqual([12, 'ScaleUpLimit']);
  });

  it('maxReplicas caps a proposal with TooManyReplicas', () => {
    // 8 pods at 100 %/50 % → 16, limit max(12, 16) = 16 ≥ max 10 → 10
    const d = hpaSync(spec(), initialHpaState(), { nowMs: 0, currentReplicas: 8, samples: [util(8, 1000)] });
    expect([d.replicas, d.reason]).toEqual([10, 'TooManyReplicas']);
  });

  it('scale-down waits out the 300 s stabilization window (highest recommendation in it wins)', () => {
    const s = spec();
    let state: HpaState = initialHpaState();
    const at = (tS: number, current: number, usageEach: number) => {
      const d = hpaSync(s, state, { nowMs: tS * 1000, currentReplicas: current, samples: [util(current, usageEach)] });
      state = d.state;
      return d.replicas;
    };
    // t=0: 6 pods at 50 % → keep 6 (recommendation 6)
    expect(at(0, 6, 500)).toBe(6);
    // t=15..285: load falls to 10 % → proposal ceil(6×0.2) = 2, but 6 is in the window → keep 6
    for (let t = 15; t <= 285; t += 15) expect(at(t, 6, 100)).toBe(6);
    // t=300: the t=0 recommendation is exactly 300 s old, not after the cutoff → max of the 2s → 2
    expect(at(300, 6, 100)).toBe(2);
  });

  it('scale-down policies: Pods 1 per 60 s with selectPolicy Max', () => {
    const s = spec({ behavior: { scaleUp: defaultScaleUp(), scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } } });
    // 5 pods at 10 % → proposal 1; limit 5−1 = 4 → 4, ScaleDownLimit
    let d = hpaSync(s, initialHpaState(), { nowMs: 0, currentReplicas: 5, samples: [util(5, 100)] });
    expect([d.replicas, d.reason]).toEqual([4, 'ScaleDownLimit']);
    // 30 s later: period start 4+1 = 5 → limit 4 = current → stays 4
    d = hpaSync(s, d.state, { nowMs: 30_000, currentReplicas: 4, samples: [util(4, 100)] });
    expect(d.replicas).toBe(4);
    // 61 s: the event is out of the period → 3
    d = hpaSync(s, d.state, { nowMs: 61_000, currentReplicas: 4, samples: [util(4, 100)] });
    expect(d.replicas).toBe(3);
  });

  it('Percent scale-down truncates; selectPolicy Min picks the smaller change', () => {
    const rules = { stabilizationWindowSeconds: 0, selectPolicy: 'Min' as const, policies: [{ type: 'Percent' as const, value: 50, periodSeconds: 60 }, { type: 'Pods' as const, value: 1, periodSeconds: 60 }] };
    // 7 pods → Percent: trunc(7×0.5) = 3, Pods: 6; Min change = max(3, 6) = 6
    const d = hpaSync(spec({ behavior: { scaleUp: defaultScaleUp(), scaleDown: rules } }), initialHpaState(), { nowMs: 0, currentReplicas: 7, samples: [util(7, 10)] });
    expect(d.replicas).toBe(6);
    // with Max: min(3, 6) = 3
    const d2 = hpaSync(spec({ behavior: { scaleUp: defaultScaleUp(), scaleDown: { ...rules, selectPolicy: 'Max' } } }), initialHpaState(), { nowMs: 0, currentReplicas: 7, samples: [util(7, 10)] });
    expect(d2.replicas).toBe(3);
  });

  it('Disabled blocks the direction; min/max and zero replicas are handled before metrics', () => {
    const off = spec({ behavior: { scaleUp: { ...defaultScaleUp(), selectPolicy: 'Disabled' }, scaleDown: defaultScaleDown() } });
    expect(hpaSync(off, initialHpaState(), { nowMs: 0, currentReplicas: 2, samples: [util(2, 1000)] }).replicas).toBe(2);
    expect(hpaSync(spec(), initialHpaState(), { nowMs: 0, currentReplicas: 12, samples: [util(12, 500)] })).toMatchObject({ replicas: 10, reason: 'AboveMaxReplicas' });
    expect(hpaSync(spec({ minReplicas: 3 }), initialHpaState(), { nowMs: 0, currentReplicas: 2, samples: [util(2, 500)] })).toMatchObject({ replicas: 3, reason: 'BelowMinReplicas' });
    expect(hpaSync(spec(), initialHpaState(), { nowMs: 0, currentReplicas: 0, samples: [util(1, 900)] })).toMatchObject({ replicas: 0, reason: 'ScalingDisabled' });
    expect(hpaSync(spec(), initialHpaState(), { nowMs: 0, currentReplicas: 3, samples: [undefined] })).toMatchObject({ replicas: 3, reason: 'NoMetrics' });
  });

  it('scale-up stabilization window takes the lowest recent recommendation', () => {
    const s = spec({ behavior: { scaleUp: { ...defaultScaleUp(), stabilizationWindowSeconds: 60 }, scaleDown: defaultScaleDown() } });
    // t=0: 2 pods at 50 % → keep 2 (rec 2); t=30: 100 % → proposal 4, but the window holds 2 → 2
    let d = hpaSync(s, initialHpaState(), { nowMs: 0, currentReplicas: 2, samples: [util(2, 500)] });
    d = hpaSync(s, d.state, { nowMs: 30_000, currentReplicas: 2, samples: [util(2, 1000)] });
    expect(d.replicas).toBe(2);
    // t=61: only the 4 remains in the window → 4
    d = hpaSync(s, d.state, { nowMs: 61_000, currentReplicas: 2, samples: [util(2, 1000)] });
    expect(d.replicas).toBe(4);
  });

  it('does not mutate its input state', () => {
    const state = Object.freeze(initialHpaState()) as HpaState;
    Object.values(state).forEach((a) => Object.freeze(a));
    expect(() => hpaSync(spec(), state, { nowMs: 0, currentReplicas: 2, samples: [util(2, 1000)] })).not.toThrow();
  });
});

describe('readHpaManifest', () => {
  it('reads a manifest as-is with upstream defaults', () => {
    const s = readHpaManifest({
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'score' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'score' }, maxReplicas: 8,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
          { type: 'Pods', pods: { metric: { name: 'queue_length' }, target: { type: 'AverageValue', averageValue: '500m' } } },
        ],
        behavior: { scaleDown: { stabilizationWindowSeconds: 120, policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] } },
      },
    });
    expect(s.minReplicas).toBe(1);
    expect(s.metrics[1]).toEqual({ type: 'Pods', name: 'queue_length', target: { type: 'AverageValue', averageValue: 0.5 } });
    expect(s.behavior.scaleUp).toEqual(defaultScaleUp());
    expect(s.behavior.scaleDown).toEqual({ stabilizationWindowSeconds: 120, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] });
  });

  it.each([
    [{ apiVersion: 'autoscaling/v1' }, 'apiVersion: expected autoscaling/v2'],
    [{ spec: { maxReplicas: 0 } }, 'spec.maxReplicas: expected an integer ≥ 1, got 0'],
    [{ spec: { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Value', value: 1 } } }] } }, 'spec.metrics[0].resource.target.type: expected one of Utilization, AverageValue, got "Value"'],
    [{ spec: { behavior: { scaleUp: { selectPolicy: 'Fastest' } } } }, 'spec.behavior.scaleUp.selectPolicy: expected one of Max, Min, Disabled'],
  ])('refuses %j with the field path', (over, message) => {
    const base = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'x' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, maxReplicas: 4 } };
    const doc = { ...base, ...over, spec: { ...base.spec, ...((over as { spec?: object }).spec ?? {}) } };
    expect(() => readHpaManifest(doc)).toThrow(HpaManifestError);
    expect(() => readHpaManifest(doc)).toThrow(message);
  });
});
