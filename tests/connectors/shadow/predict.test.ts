/**
 * The twin's shadow prediction: utilisation ρ = Σλw / (c·s) by hand, the M/M/1 response-time
 * distribution in closed form (Exp(μ − λ): p50 = ln 2 / (μ − λ)), Erlang C known values, the
 * saturated case, and the percentiles against the twin's own DES on an M/M/2 queue.
 */
import { describe, expect, it } from 'vitest';
import { erlangC, predictLinkLatencyMs, predictNode, shadowModelFromScenario, sojournDensity, sojournQuantileMs, sojournSurvival, type ShadowModel } from '../../../connectors/shadow/predict.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import { app, link, node, scenario, service, stream } from '../../helpers/model-builder.ts';

const model = (nodes: [string, number, number][], services: [string, number][]): ShadowModel => ({
  nodes: new Map(nodes.map(([id, cores, coreSpeed]) => [id, { cores, coreSpeed }])),
  services: new Map(services.map(([id, cpuWorkMs]) => [id, { cpuWorkMs }])),
  links: new Map([['e1~gw', { latencyMs: 4 }]]),
});

describe('utilisation', () => {
  it('ρ = Σλᵢwᵢ / (c·s): 2 cores at speed 2, 100/s × 4 ms + 200/s × 2 ms → 0.8 core-ms/ms / 4 = 0.2', () => {
    const m = model([['e1', 2, 2]], [['a/x', 4], ['b/y', 2]]);
    const p = predictNode(m, 'e1', new Map([['a/x', 100], ['b/y', 200]]))!;
    expect(p.utilization).toBeCloseTo(0.2, 14);
    expect(p.offeredUtilization).toBeCloseTo(0.2, 14);
    // Work per core in reference-core ms per ms: (0.1·4 + 0.2·2) / 2 = 0.4 = ρ · s.
    expect(p.demandPerCore).toBeCloseTo(0.4, 14);
  });

  it('a coreSpeed override changes ρ in inverse proportion', () => {
    const m = model([['e1', 1, 1]], [['a/x', 2]]);
    const rates = new Map([['a/x', 100]]);
    expect(predictNode(m, 'e1', rates)!.utilization).toBeCloseTo(0.2, 14);
    expect(predictNode(m, 'e1', rates, 4)!.utilization).toBeCloseTo(0.05, 14);
  });

  it('saturated: utilisation capped at 1, offered load kept, latency not predicted', () => {
    const m = model([['e1', 1, 1]], [['a/x', 10]]);
    const p = predictNode(m, 'e1', new Map([['a/x', 150]]))!; // 0.15/ms × 10 ms = 1.5
    expect(p.utilization).toBe(1);
    expect(p.offeredUtilization).toBeCloseTo(1.5, 14);
    expect(p.latency.get('a/x')).toBeNull();
  });

  it('unknown nodes give null, unknown services are listed and left out', () => {
    const m = model([['e1', 1, 1]], [['a/x', 2]]);
    expect(predictNode(m, 'nope', new Map())).toBeNull();
    const p = predictNode(m, 'e1', new Map([['a/x', 100], ['zz/top', 1000]]))!;
    expect(p.unknownServices).toEqual(['zz/top']);
    expect(p.utilization).toBeCloseTo(0.2, 14);
    expect(p.latency.has('zz/top')).toBe(false);
  });

  it('no traffic: ρ = 0 and latency is the bare service time (p50 = ln 2 · w/s)', () => {
    const p = predictNode(model([['e1', 2, 1]], [['a/x', 3]]), 'e1', new Map([['a/x', 0]]))!;
    expect(p.utilization).toBe(0);
    expect(p.latency.get('a/x')!.p50Ms).toBeCloseTo(Math.LN2 * 3, 9);
    expect(p.latency.get('a/x')!.meanMs).toBeCloseTo(3, 12);
  });
});

describe('queueing formulas', () => {
  it('Erlang C known values: c = 2, a = 1 → 1/3; c = 1 → ρ', () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 14);
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 14);
    expect(() => erlangC(2, 2)).toThrow(/offered load/);
  });

  it('M/M/1 at ρ = 0.5 (μ = 1/ms): response ~ Exp(0.5/ms), mean 2 ms, p50 = 2 ln 2, p95 = 2 ln 20', () => {
    const p = predictNode(model([['e1', 1, 1]], [['a/x', 1]]), 'e1', new Map([['a/x', 500]]))!;
    const l = p.latency.get('a/x')!;
    expect(l.meanMs).toBeCloseTo(2, 12);
    expect(l.p50Ms).toBeCloseTo(2 * Math.LN2, 9);
    expect(l.p95Ms).toBeCloseTo(2 * Math.log(20), 9);
  });

  it('the quantile solves S(t) = 1 − q, and the density is −dS/dt, across wait probabilities and rates', () => {
    for (const c of [0, 0.05, 0.4, 0.95]) {
      for (const [theta, mu] of [[0.01, 1], [0.5, 0.5], [2, 0.3], [1, 1 + 1e-12], [100, 0.2]] as const) {
        for (const q of [0.01, 0.5, 0.95, 0.999]) {
          const t = sojournQuantileMs(q, c, theta, mu);
          expect(t).toBeGreaterThan(0);
          expect(Math.abs(sojournSurvival(t, c, theta, mu) - (1 - q))).toBeLessThan(1e-10);
          const h = t * 1e-6;
          const numeric = (sojournSurvival(t - h, c, theta, mu) - sojournSurvival(t + h, c, theta, mu)) / (2 * h);
          expect(Math.abs(sojournDensity(t, c, theta, mu) - numeric)).toBeLessThan(1e-5 * Math.max(1, numeric));
        }
      }
    }
  });

  it('the hypoexponential limit (θ = μ) is continuous with its neighbours', () => {
    const at = sojournQuantileMs(0.5, 0.4, 1, 1);
    const near = sojournQuantileMs(0.5, 0.4, 1 + 1e-6, 1);
    expect(Math.abs(at - near) / at).toBeLessThan(1e-5);
  });
});

describe('against the twin DES (M/M/2 at ρ = 0.7)', () => {
  it('the predicted mean, p50 and p95 match the simulated response times within 3 %', () => {
    const rho = 0.7;
    const lambdaPerS = rho * 2 * 1000; // μ = 1/ms per core, 2 cores
    const completions = 120_000;
    const s = scenario({
      seed: 21, durationMs: completions / (lambdaPerS / 1000), sampleEveryMs: 0,
      nodes: [node('srv', { cores: 2 }), node('gw')],
      links: [link('srv', 'gw', { latencyMs: 4 })],
      apps: [app('q', [service('work', { cpuWorkMs: 1, placement: ['srv'] })], { slo: { latencyMs: 1e9, percentile: 95 } })],
      streams: [stream('arrivals', 'q', 'work', ['srv'], { arrival: { kind: 'poisson', ratePerS: lambdaPerS }, sizeBytes: { dist: 'constant', value: 0 } })],
    });
    const sim = new Simulation(s);
    sim.runToEnd();
    const xs = Float64Array.from(sim.state.metrics.latency[0]!.values()).subarray(5000).sort();
    const q = (f: number) => xs[Math.floor(f * (xs.length - 1))]!;
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const m = shadowModelFromScenario(s);
    expect(predictLinkLatencyMs(m, 'srv~gw')).toBe(4);
    const p = predictNode(m, 'srv', new Map([['q/work', lambdaPerS]]))!.latency.get('q/work')!;
    expect(Math.abs(p.meanMs - mean) / mean).toBeLessThan(0.03);
    expect(Math.abs(p.p50Ms - q(0.5)) / q(0.5)).toBeLessThan(0.03);
    expect(Math.abs(p.p95Ms - q(0.95)) / q(0.95)).toBeLessThan(0.03);
  });
});
