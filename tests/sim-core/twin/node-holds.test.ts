/**
 * Overlapping node faults (sim-core/twin/node-holds.ts): a node stays down while any fault —
 * scripted crash, power loss, stochastic failure — holds it, and comes back when the last one
 * ends. Regression: crashes @1s+2s and @2s+3s brought the node back at 3 s while the second
 * was still active until 5 s.
 */
import { describe, expect, it } from 'vitest';
import { parseFaultSpec } from '../../../sim-core/scenario/fault-spec.ts';
import type { ScenarioModel } from '../../../sim-core/scenario/model.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import { link, node, scenario } from '../../helpers/model-builder.ts';

function twin(faults: string[], over: Partial<ScenarioModel> = {}) {
  return new Simulation(scenario({
    durationMs: 20_000, nodes: [node('a'), node('e')], links: [link('a', 'e')], faults: faults.map((f) => parseFaultSpec(f)), ...over,
  }));
}

function upDown(sim: Simulation, id = 'e'): string[] {
  const out: string[] = [];
  sim.subscribe((e) => { if ((e.type === 'node-down' || e.type === 'node-up') && e.node === id) out.push(`${e.t} ${e.type}`); });
  return out;
}

describe('overlapping node faults', () => {
  it.each([
    ['disjoint', ['node:e@1s+1s', 'node:e@3s+1s'], ['1000 node-down', '2000 node-up', '3000 node-down', '4000 node-up'], 2000],
    ['nested', ['node:e@1s+3s', 'node:e@2s+1s'], ['1000 node-down', '4000 node-up'], 3000],
    ['overlapping', ['node:e@1s+2s', 'node:e@2s+3s'], ['1000 node-down', '5000 node-up'], 4000],
    ['identical', ['node:e@1s+2s', 'node:e@1s+2s'], ['1000 node-down', '3000 node-up'], 2000],
    ['a power loss inside a crash', ['node:e@1s+2s', 'power:e@2s+3s'], ['1000 node-down', '5000 node-up'], 4000],
  ])('%s windows: the node is down from the first start to the last end', (_name, faults, expected, downMs) => {
    const sim = twin(faults);
    const seen = upDown(sim);
    sim.runToEnd();
    expect(seen).toEqual(expected);
    expect(sim.report().nodes.find((n) => n.id === 'e')!.downMs).toBe(downMs);
  });

  it('recovering by hand ends every active fault on the node; their scheduled ends do nothing', () => {
    const sim = twin(['node:e@1s+2s', 'node:e@2s+3s']);
    const seen = upDown(sim);
    sim.advanceTo(2500);
    sim.inject({ kind: 'recover', target: 'e' });
    sim.runToEnd();
    expect(seen).toEqual(['1000 node-down', '2500 node-up']);
  });

  it('a scripted crash and a stochastic failure: the node comes back when the later one ends', () => {
    const stochastic = { stochasticFaults: [{ kind: 'node' as const, nodes: ['e'], mtbfMs: 60_000, mttrMs: { dist: 'constant' as const, value: 4000 } }], durationMs: 600_000 };
    const first = twin([], stochastic);
    first.runToEnd();
    const f = first.report().faults[0]!.atMs; // the first stochastic failure (same seed, same stream: same time below)
    expect(f).toBeGreaterThan(2000);
    // Scripted crash from f − 1 s to f + 2 s, inside the stochastic failure [f, f + 4 s): up at f + 4 s.
    const inside = twin([`node:e@${f - 1000}ms+3s`], stochastic);
    const seenInside = upDown(inside);
    inside.runToEnd();
    expect(seenInside.slice(0, 2)).toEqual([`${f - 1000} node-down`, `${f + 4000} node-up`]);
    // Scripted crash from f + 2 s to f + 6 s, past the repair at f + 4 s: up at f + 6 s.
    const past = twin([`node:e@${f + 2000}ms+4s`], stochastic);
    const seenPast = upDown(past);
    past.runToEnd();
    expect(seenPast.slice(0, 2)).toEqual([`${f} node-down`, `${f + 6000} node-up`]);
  });
});
