/**
 * The twin's processing queues against queueing theory: M/M/1, M/M/c (Erlang C), M/D/1
 * (Pollaczek–Khinchine), M/M/1 processor sharing, and Little's law — at loads up to ρ = 0.9.
 * Each run checks the simulated mean response time against the formula within 4 standard
 * errors estimated by batch means (successive responses are correlated), and that the standard
 * error itself is small, so the check has teeth.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import { app, node, scenario, service, stream } from '../../helpers/model-builder.ts';

/** Erlang C: probability an arrival waits in M/M/c with offered load a = λ/μ. */
function erlangC(c: number, a: number): number {
  let sum = 0;
  let term = 1; // a^k / k!
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const last = (term * c) / (c - a); // a^c / c! * c / (c - a)
  return last / (sum + last);
}

/** Mean response time of M/M/c with arrival rate λ and service rate μ (per ms). */
function mmcResponseMs(c: number, lambda: number, mu: number): number {
  return erlangC(c, lambda / mu) / (c * mu - lambda) + 1 / mu;
}

interface QueueRun { meanMs: number; seMs: number; completed: number; timeAvgInSystem: number; lambdaPerMs: number }

/** Simulates one queue: Poisson arrivals at a node that serves them itself. */
function runQueue(opts: { cores: number; rho: number; completions: number; serviceTime: 'exponential' | 'constant'; discipline?: 'fifo' | 'ps'; seed: number; sampleEveryMs?: number }): QueueRun {
  const muPerMs = 1; // cpuWorkMs = 1 on a speed-1 core
  const lambdaPerMs = opts.rho * opts.cores * muPerMs;
  const durationMs = opts.completions / lambdaPerMs;
  const model = scenario({
    seed: opts.seed,
    durationMs,
    sampleEveryMs: opts.sampleEveryMs ?? 0,
    nodes: [node('srv', { cores: opts.cores, discipline: opts.discipline ?? 'fifo' })],
    apps: [app('q', [service('work', { cpuWorkMs: 1 / muPerMs, serviceTime: opts.serviceTime, placement: ['srv'] })], { slo: { latencyMs: 1e9, percentile: 95 } })],
    streams: [stream('arrivals', 'q', 'work', ['srv'], { arrival: { kind: 'poisson', ratePerS: lambdaPerMs * 1000 }, sizeBytes: { dist: 'constant', value: 0 } })],
  });
  const sim = new Simulation(model);
  sim.runToEnd();
  const all = sim.state.metrics.latency[0]!.values();
  const warm = Math.floor(all.length * 0.05);
  const xs = all.subarray(warm);
  const batches = 25;
  const size = Math.floor(xs.length / batches);
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    let sum = 0;
    for (let i = b * size; i < (b + 1) * size; i++) sum += xs[i]!;
    means.push(sum / size);
  }
  const mean = means.reduce((a, b) => a + b, 0) / batches;
  const sd = Math.sqrt(means.reduce((a, m) => a + (m - mean) ** 2, 0) / (batches - 1));
  const samples = sim.state.metrics.timeSeries;
  const timeAvgInSystem = samples.length ? samples.reduce((a, t) => a + t.queued, 0) / samples.length : NaN;
  return { meanMs: mean, seMs: sd / Math.sqrt(batches), completed: all.length, timeAvgInSystem, lambdaPerMs };
}

describe('M/M/1 mean response time = 1/(μ − λ)', () => {
  for (const [rho, completions] of [[0.3, 100_000], [0.5, 150_000], [0.7, 250_000], [0.9, 600_000]] as const) {
    it(`ρ = ${rho}`, () => {
      const r = runQueue({ cores: 1, rho, completions, serviceTime: 'exponential', seed: 7 });
      const theory = 1 / (1 - rho); // μ = 1/ms
      expect(r.seMs / theory).toBeLessThan(0.03);
      expect(Math.abs(r.meanMs - theory)).toBeLessThan(4 * r.seMs);
    });
  }
});

describe('M/M/c mean response time (Erlang C)', () => {
  for (const [c, rho] of [[2, 0.5], [2, 0.9], [4, 0.7], [4, 0.9]] as const) {
    it(`c = ${c}, ρ = ${rho}`, () => {
      const r = runQueue({ cores: c, rho, completions: rho >= 0.9 ? 600_000 : 200_000, serviceTime: 'exponential', seed: 11 });
      const theory = mmcResponseMs(c, rho * c, 1);
      expect(r.seMs / theory).toBeLessThan(0.03);
      expect(Math.abs(r.meanMs - theory)).toBeLessThan(4 * r.seMs);
    });
  }

  it('Erlang C formula itself matches a known value (c = 2, a = 1: C = 1/3)', () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 12); // M/M/1: P(wait) = ρ
  });
});

describe('M/D/1 (Pollaczek–Khinchine) and M/M/1 processor sharing', () => {
  it('M/D/1 at ρ = 0.8: W = ρ/(2μ(1−ρ)) + 1/μ', () => {
    const rho = 0.8;
    const r = runQueue({ cores: 1, rho, completions: 300_000, serviceTime: 'constant', seed: 3 });
    const theory = rho / (2 * (1 - rho)) + 1;
    expect(Math.abs(r.meanMs - theory)).toBeLessThan(4 * r.seMs);
    // Deterministic service halves the waiting time of M/M/1: a real difference the model must show.
    expect(r.meanMs).toBeLessThan(0.75 / (1 - rho));
  });

  it('M/M/1-PS at ρ = 0.7 has the same mean response 1/(μ − λ)', () => {
    const rho = 0.7;
    const r = runQueue({ cores: 1, rho, completions: 250_000, serviceTime: 'exponential', discipline: 'ps', seed: 5 });
    expect(Math.abs(r.meanMs - 1 / (1 - rho))).toBeLessThan(4 * r.seMs);
  });
});

describe("Little's law L = λ W", () => {
  it('time-average number in system equals arrival rate × mean response (M/M/2, ρ = 0.8)', () => {
    const r = runQueue({ cores: 2, rho: 0.8, completions: 300_000, serviceTime: 'exponential', seed: 13, sampleEveryMs: 0.37 });
    const predicted = r.lambdaPerMs * r.meanMs;
    expect(Math.abs(r.timeAvgInSystem - predicted) / predicted).toBeLessThan(0.05);
  });
});
