/**
 * Calibration recovers parameters it is given the effects of: synthetic observations made by the
 * twin's own prediction with a known core speed (2.5 where the model says 1) and a known link
 * offset give back that speed within float epsilon, MAPE after ≈ 0 and below MAPE before. The
 * least-squares and median arithmetic is checked against hand-computed values; saturated and
 * idle samples are left out of the fit, with a reason when nothing is left.
 */
import { describe, expect, it } from 'vitest';
import { calibrate, fitCoreSpeed, median, type NodeObservation } from '../../../connectors/shadow/calibrate.ts';
import { predictNode, type ShadowModel } from '../../../connectors/shadow/predict.ts';

const EPS = { cpu: 0.01, latencyMs: 0.01 };
const model: ShadowModel = {
  nodes: new Map([['e1', { cores: 2, coreSpeed: 1 }], ['e2', { cores: 1, coreSpeed: 1 }]]),
  services: new Map([['cam/detect', { cpuWorkMs: 8 }], ['cam/track', { cpuWorkMs: 3 }]]),
  links: new Map([['e1~gw', { latencyMs: 4 }]]),
};

/** What a node with true core speed `speed` would show for these rates (the twin's own model). */
function observe(atMs: number, node: string, rates: [string, number][], speed: number): NodeObservation {
  const ratesPerS = new Map(rates);
  const truth = predictNode(model, node, ratesPerS, speed)!;
  const latency = new Map([...truth.latency].map(([s, l]) => [s, { p50Ms: l!.p50Ms, p95Ms: l!.p95Ms }]));
  return { atMs, node, ratesPerS, cpu: truth.utilization, latency };
}

describe('fitCoreSpeed (closed-form least squares over β = 1/s)', () => {
  it('x = [1, 2], y = [0.6, 0.9]: β = (0.6 + 1.8) / (1 + 4) = 0.48, s = 1 / 0.48', () => {
    const r = fitCoreSpeed([{ demandPerCore: 1, observed: 0.6 }, { demandPerCore: 2, observed: 0.9 }]);
    expect(r.used).toBe(2);
    expect(r.coreSpeed).toBeCloseTo(1 / 0.48, 14);
  });

  it('leaves out saturated (≥ 0.98) and idle (x = 0) samples', () => {
    const r = fitCoreSpeed([{ demandPerCore: 1, observed: 0.5 }, { demandPerCore: 3, observed: 0.99 }, { demandPerCore: 0, observed: 0.3 }]);
    expect(r.used).toBe(1);
    expect(r.coreSpeed).toBeCloseTo(2, 14);
  });

  it('says why when nothing can be fitted', () => {
    const none = fitCoreSpeed([{ demandPerCore: 0, observed: 0.2 }]);
    expect(none.coreSpeed).toBeNull();
    expect('reason' in none && none.reason).toMatch(/no sample with load/);
    const zero = fitCoreSpeed([{ demandPerCore: 1, observed: 0 }]);
    expect(zero.coreSpeed).toBeNull();
    expect('reason' in zero && zero.reason).toMatch(/not > 0/);
  });
});

describe('calibrate', () => {
  const TRUE_SPEED = 2.5;
  const obs: NodeObservation[] = [];
  // Ten load levels on e1 (2 cores): detect 20..200/s, track 50..500/s; ρ at the true speed stays < 0.98.
  for (let k = 1; k <= 10; k++) obs.push(observe(k * 1000, 'e1', [['cam/detect', 20 * k], ['cam/track', 50 * k]], TRUE_SPEED));

  it('recovers the true core speed within float epsilon and cuts the CPU MAPE to ~0', () => {
    const c = calibrate(model, obs, [], EPS);
    const n = c.nodes.find((x) => x.node === 'e1')!;
    expect(n.fitSamples).toBe(10);
    expect(n.coreSpeed.model).toBe(1);
    expect(Math.abs(n.coreSpeed.calibrated! - TRUE_SPEED)).toBeLessThan(1e-12);
    expect(n.reason).toBeNull();
    // Model speed 1 predicts x where x / 2.5 is observed: |x − x/2.5| / (x/2.5) = 1.5 for every sample (before any cap).
    expect(n.cpu.samplesBefore).toBe(10);
    expect(n.cpu.samplesAfter).toBe(10);
    expect(n.cpu.before).toBeGreaterThan(0);
    expect(n.cpu.after).toBeLessThan(1e-9);
    expect(n.cpu.after!).toBeLessThan(n.cpu.before!);
    // App latency is predicted from the fitted speed too.
    // 10 observations × 2 services × (p50, p95) after; before, speed 1 saturates the node from k = 7
    // (work per core 0.155·k ≥ 1), where no latency is predicted: 6 × 4.
    expect(n.latency.samplesAfter).toBe(40);
    expect(n.latency.samplesBefore).toBe(24);
    expect(n.latency.after).toBeLessThan(1e-6);
    expect(n.latency.before!).toBeGreaterThan(10);
    expect(c.model.nodes.get('e1')!.coreSpeed).toBeCloseTo(TRUE_SPEED, 12);
    expect(model.nodes.get('e1')!.coreSpeed).toBe(1); // the input model is not changed
  });

  it('unsaturated light load: the CPU MAPE before is exactly (2.5 − 1) · 100 = 150 %', () => {
    const light = [1, 2, 3].map((k) => observe(k, 'e1', [['cam/detect', 5 * k]], TRUE_SPEED));
    const n = calibrate(model, light, [], EPS).nodes[0]!;
    expect(n.cpu.before).toBeCloseTo(150, 9);
    expect(n.cpu.after).toBeCloseTo(0, 9);
  });

  it('link latency: offset = median(observed − model); MAPE before and after by hand', () => {
    const seen = [5, 6, 7, 30];
    const c = calibrate(model, [], seen.map((observedMs, i) => ({ atMs: i, link: 'e1~gw', observedMs })), EPS);
    const l = c.links[0]!;
    // offsets 1, 2, 3, 26 → median 2.5 → 4 + 2.5 = 6.5 ms
    expect(median([1, 2, 3, 26])).toBe(2.5);
    expect(l.latencyMs).toEqual({ model: 4, calibrated: 6.5 });
    const before = (100 * (1 / 5 + 2 / 6 + 3 / 7 + 26 / 30)) / 4;
    const after = (100 * (1.5 / 5 + 0.5 / 6 + 0.5 / 7 + 23.5 / 30)) / 4;
    expect(l.mape.before).toBeCloseTo(before, 10);
    expect(l.mape.after).toBeCloseTo(after, 10);
    expect(l.mape.after!).toBeLessThan(l.mape.before!);
    expect(c.model.links.get('e1~gw')!.latencyMs).toBe(6.5);
  });

  it('a node with no load keeps its speed and says why; unknown nodes and links are left out', () => {
    const idle: NodeObservation = { atMs: 1, node: 'e2', ratesPerS: new Map([['cam/detect', 0]]), cpu: 0.3, latency: new Map() };
    const ghost: NodeObservation = { atMs: 1, node: 'ghost', ratesPerS: new Map(), cpu: 0.3, latency: new Map() };
    const c = calibrate(model, [idle, ghost], [{ atMs: 1, link: 'nowhere', observedMs: 3 }], EPS);
    expect(c.nodes.map((n) => n.node)).toEqual(['e2']);
    expect(c.nodes[0]!.coreSpeed).toEqual({ model: 1, calibrated: null });
    expect(c.nodes[0]!.reason).toMatch(/no sample with load/);
    expect(c.links).toEqual([]);
  });
});
