/**
 * Stochastic faults: failure counts and up-times against renewal theory, per-node streams,
 * correlated failure domains, and conservation with random crashes.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import { app, link, node, scenario, service, stream } from '../../helpers/model-builder.ts';

const H = 3_600_000;

describe('stochastic faults', () => {
  it('time to failure is exponential with mean mtbf; count matches renewal theory', () => {
    // Alternating renewal: up ~ Exp(10 min), down = 1 min. Over T the number of failures ≈ T / 11 min.
    const T = 1000 * H, mtbf = 10 * 60_000, mttr = 60_000;
    const sim = new Simulation(scenario({
      durationMs: T, nodes: [node('a'), node('b')], links: [link('a', 'b')],
      stochasticFaults: [{ kind: 'node', nodes: ['a'], mtbfMs: mtbf, mttrMs: { dist: 'constant', value: mttr } }],
    }));
    sim.runToEnd();
    const faults = sim.report().faults;
    const n = faults.length;
    const expected = T / (mtbf + mttr);
    // sd of a renewal count ≈ sqrt(T σ² / μ³) with μ = 11 min, σ = 10 min.
    const sd = Math.sqrt((T * mtbf ** 2) / (mtbf + mttr) ** 3);
    expect(Math.abs(n - expected)).toBeLessThan(4 * sd);
    expect(faults.every((f) => f.kind === 'node' && f.target === 'a')).toBe(true);
    const ups = faults.slice(1).map((f, i) => f.atMs - (faults[i]!.atMs + mttr));
    const mean = ups.reduce((x, y) => x + y, 0) / ups.length;
    expect(Math.abs(mean - mtbf)).toBeLessThan(4 * mtbf / Math.sqrt(ups.length)); // exponential: sd = mean
    const cv = Math.sqrt(ups.reduce((x, y) => x + (y - mean) ** 2, 0) / ups.length) / mean;
    expect(cv).toBeGreaterThan(0.9); // exponential has cv 1
    expect(cv).toBeLessThan(1.1);
    expect(sim.report().nodes.find((x) => x.id === 'a')!.downMs).toBeCloseTo(n * mttr - (faults.at(-1)!.atMs + mttr > T ? faults.at(-1)!.atMs + mttr - T : 0), 0);
  });

  it('each node draws from its own stream: adding a node does not move the others', () => {
    const run = (ids: string[]) => {
      const sim = new Simulation(scenario({
        durationMs: 100 * H, nodes: ids.map((id) => node(id)), links: [],
        stochasticFaults: [{ kind: 'node', nodes: ids, mtbfMs: H, mttrMs: { dist: 'exponential', mean: 60_000 } }],
      }));
      sim.runToEnd();
      return sim.report().faults.filter((f) => f.target === 'a').map((f) => f.atMs);
    };
    expect(run(['a', 'b'])).toEqual(run(['a', 'b', 'c']));
  });

  it('a failure domain takes all its nodes down together', () => {
    const sim = new Simulation(scenario({
      durationMs: 100 * H, regions: [{ id: 'r1', zones: ['z1', 'z2'] }],
      nodes: [node('a', { zone: 'z1' }), node('b', { zone: 'z1' }), node('c', { zone: 'z2' })], links: [],
      stochasticFaults: [{ kind: 'power', nodes: [], domain: 'zone', mtbfMs: 10 * H, mttrMs: { dist: 'constant', value: H } }],
    }));
    const downs: { t: number; node: string }[] = [];
    sim.subscribe((e) => { if (e.type === 'node-down') downs.push({ t: e.t, node: e.node }); });
    sim.runToEnd();
    const z1 = sim.report().faults.filter((f) => f.target === 'z1');
    expect(z1.length).toBeGreaterThan(0);
    for (const f of z1) {
      expect(f.kind).toBe('zone');
      expect(downs.filter((d) => d.t === f.atMs).map((d) => d.node).sort()).toEqual(['a', 'b']);
    }
    const r = sim.report();
    expect(r.nodes.find((x) => x.id === 'a')!.downMs).toBe(r.nodes.find((x) => x.id === 'b')!.downMs);
  });

  it('messages stay conserved under random crashes with a control plane', () => {
    const sim = new Simulation(scenario({
      durationMs: 2 * H, seed: 3,
      nodes: [node('e1'), node('e2'), node('s', { tier: 'sensor', arch: 'microcontroller' })],
      links: [link('s', 'e1'), link('s', 'e2'), link('e1', 'e2')],
      apps: [app('x', [service('p', { placement: ['e1'] })])], streams: [stream('st', 'x', 'p', ['s'])],
      controlPlane: { model: 'decentralized', members: ['e1', 'e2'] },
      stochasticFaults: [{ kind: 'node', nodes: ['e1', 'e2'], mtbfMs: 20 * 60_000, mttrMs: { dist: 'constant', value: 120_000 } }],
    }));
    sim.runToEnd();
    const r = sim.report();
    expect(r.faults.length).toBeGreaterThan(2);
    expect(r.conservation.balanced).toBe(true);
    expect(r.faults.filter((f) => f.detectedAfterMs !== null).length).toBeGreaterThan(0);
  });
});
