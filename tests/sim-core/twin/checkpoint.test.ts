/**
 * Checkpoints: the continuation from a checkpoint is the uninterrupted run. For random fabrics,
 * faults (scripted, and injected before the checkpoint: node, link cut or degradation,
 * partition, control plane) and checkpoint times: run-to-T + checkpoint + restore + run-to-end
 * gives the uninterrupted run's trace hash and report; the original, continued after the
 * checkpoint, does too (the checkpoint shares nothing mutable with it); and restoring the same
 * checkpoint twice gives two identical runs. Shipped scenarios with a control plane (centralized,
 * hierarchical, decentralized) are checked the same way at a reduced duration.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FaultModel, ScenarioModel } from '../../../sim-core/scenario/model.ts';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import type { BuildOptions } from '../../../sim-core/twin/build.ts';
import { scenarioBuildOptions } from '../../../sim-core/twin/scenario-files.ts';
import { Simulation, type TwinChange } from '../../../sim-core/twin/simulation.ts';
import { build, shapeArb } from '../../helpers/random-fabric.ts';

/** A change to inject at `atMs` (before the checkpoint). */
interface Injection { atMs: number; change: TwinChange }

/** The end of a run: its trace hash, event count and full report (unrounded). */
function finish(sim: Simulation) {
  sim.runToEnd();
  return { traceHash: sim.traceHash, events: sim.eventsProcessed, report: JSON.stringify(sim.report({ exact: true })) };
}

/** Runs to each injection time and applies it, then to `untilMs`. */
function drive(sim: Simulation, injections: readonly Injection[], untilMs: number): void {
  for (const inj of injections) { sim.advanceTo(inj.atMs); sim.inject(inj.change); }
  sim.advanceTo(untilMs);
}

/** Asserts the checkpoint properties for one scenario, injections and checkpoint time. */
function checkContinuation(model: ScenarioModel, opts: BuildOptions, injections: readonly Injection[], checkpointMs: number): void {
  const reference = new Simulation(model, opts);
  drive(reference, injections, checkpointMs);
  const uninterrupted = finish(reference);

  const original = new Simulation(model, opts);
  drive(original, injections, checkpointMs);
  const cp = original.checkpoint();
  expect(cp.atMs).toBe(original.nowMs);
  const first = Simulation.restore(cp);
  expect(first.nowMs).toBe(original.nowMs);
  expect(first.traceHash).toBe(original.traceHash);
  // The original goes on first: whatever it mutates must not reach the checkpoint.
  expect(finish(original)).toEqual(uninterrupted);
  expect(finish(first)).toEqual(uninterrupted);
  // A second restore of the same checkpoint, after the first has run: the checkpoint is unchanged.
  expect(finish(Simulation.restore(cp))).toEqual(uninterrupted);
}

const faultArb: fc.Arbitrary<FaultModel> = fc.oneof(
  fc.record({ kind: fc.constant('node' as const), target: fc.constantFrom('edge', 'gw0', 'cloud'), forMs: fc.integer({ min: 200, max: 6_000 }) }),
  fc.record({ kind: fc.constant('power' as const), target: fc.constantFrom('edge', 'gw0'), forMs: fc.integer({ min: 200, max: 6_000 }) }),
  fc.record({ kind: fc.constant('link' as const), target: fc.constantFrom('edge~cloud', 'gw0~edge'), forMs: fc.integer({ min: 200, max: 6_000 }) }),
  fc.record({ kind: fc.constant('link' as const), target: fc.constant('gw0~edge'), forMs: fc.integer({ min: 200, max: 6_000 }),
    degrade: fc.record({ latencyFactor: fc.constantFrom(2, 5), bandwidthFactor: fc.constantFrom(0.1, 0.5), loss: fc.constantFrom(0.01, 0.2) }) }),
  fc.record({ kind: fc.constant('partition' as const), target: fc.constant('r2'), forMs: fc.integer({ min: 200, max: 6_000 }) }),
  fc.record({ kind: fc.constant('control-plane' as const), target: fc.constant(''), forMs: fc.integer({ min: 200, max: 6_000 }) }),
).map((f) => ({ ...f, atMs: 0, spec: `${f.kind}:${f.target}` }) as FaultModel);

describe('checkpoint and restore', () => {
  it('random fabrics, faults and checkpoint times: the continuation is the uninterrupted run (property)', () => {
    fc.assert(fc.property(
      shapeArb,
      fc.array(fc.tuple(fc.integer({ min: 0, max: 15_000 }), faultArb), { maxLength: 3 }),
      fc.integer({ min: 0, max: 20_000 }),
      (sh, faults, checkpointMs) => {
        // Small fabrics keep each case cheap: the property runs four simulations per case.
        const model = build({ ...sh, sensorsPerGw: Math.min(sh.sensorsPerGw, 3), ratePerS: Math.min(sh.ratePerS, 5) });
        const injections = faults.map(([atMs, fault]) => ({ atMs: Math.min(atMs, checkpointMs), change: { kind: 'fault', fault } as TwinChange }))
          .sort((a, b) => a.atMs - b.atMs);
        checkContinuation(model, {}, injections, checkpointMs);
      },
    ), { numRuns: 40 });
  });

  it('a checkpoint at time 0 and one at the end continue exactly too', () => {
    const model = build({ seed: 3, gateways: 2, sensorsPerGw: 2, ratePerS: 5, queueCapacity: 50, bufferBytes: 20_000, loss: 0.02, outage: true,
      markov: true, crash: true, power: true, fanout: true, actuation: true, ps: false, ttlMs: 2_000, keepFraction: 0.5, partition: true, degrade: true });
    checkContinuation(model, {}, [], 0);
    checkContinuation(model, {}, [], model.durationMs);
  });

  const SCENARIOS = join(import.meta.dirname, '../../../scenarios');
  const shipped = (name: string, sets: string[] = []) => {
    const file = join(SCENARIOS, `${name}.yaml`);
    const model = parseScenario(readFileSync(file, 'utf8'), file, { sets, durationMs: 8 * 60_000 });
    return { model, opts: scenarioBuildOptions(model, file, (p) => readFileSync(p, 'utf8')) };
  };

  for (const [name, sets] of [
    ['region-partition', []],
    ['region-partition', ['spec.controlPlane.model=hierarchical']],
    ['region-partition', ['spec.controlPlane.model=decentralized', 'spec.controlPlane.members=[edge-n1, edge-n2, edge-n3, edge-s1, edge-s2, edge-s3, cloud-1]']],
    ['metro-operations', []],
  ] as const) {
    it(`${name} ${sets.join(' ')} (control plane, 8 min): checkpoints mid-fault and after injected changes continue exactly`, () => {
      const { model, opts } = shipped(name, [...sets]);
      const firstNode = model.nodes.find((n) => n.tier === 'edge')!.id;
      const injections: Injection[] = [
        { atMs: 60_000, change: { kind: 'fault', fault: { kind: 'node', target: firstNode, atMs: 0, forMs: 90_000, spec: `node:${firstNode}` } } },
        { atMs: 100_000, change: { kind: 'fault', fault: { kind: 'control-plane', target: '', atMs: 0, forMs: 40_000, spec: 'control-plane' } } },
      ];
      checkContinuation(model, opts, injections, 130_000);
      checkContinuation(model, opts, injections, 6 * 60_000 + 1_234);
    });
  }
});
