/**
 * The control plane on small fabrics built in code: detection and relocation timing against the
 * configuration, drift corrected by the reconcile loop, waiting for a command without
 * restartLocally, autonomy under a control-plane fault, and conservation of messages under every
 * model with faults (property).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ControlPlaneModel, FaultModel } from '../../../../sim-core/scenario/model.ts';
import { Simulation } from '../../../../sim-core/twin/simulation.ts';
import { app, link, node, scenario, service, stream } from '../../../helpers/model-builder.ts';

function fabric(cp: Partial<ControlPlaneModel>, faults: FaultModel[] = [], seed = 1) {
  const nodes = [
    node('cloud', { tier: 'cloud', region: 'r2', zone: 'r2-a', cores: 8 }),
    node('e1', { cores: 2 }), node('e2', { cores: 2 }), node('e3', { cores: 2 }),
    node('gw', { tier: 'gateway', arch: 'arm64', bufferBytes: 1e6 }), node('s1', { tier: 'sensor', arch: 'microcontroller' }),
  ];
  const links = [link('e1', 'cloud', { latencyMs: 10 }), link('e1', 'e2'), link('e2', 'e3'), link('e1', 'e3'), link('gw', 'e1'), link('gw', 'e2'), link('s1', 'gw')];
  return scenario({
    seed, nodes, links, durationMs: 120_000, regions: [{ id: 'r1', zones: ['r1-a'] }, { id: 'r2', zones: ['r2-a'] }],
    apps: [app('a', [service('det', { placement: ['e2'], arches: ['x86_64'] })])],
    streams: [stream('st', 'a', 'det', ['s1'], { arrival: { kind: 'poisson', ratePerS: 5 } })],
    faults, controlPlane: cp,
  });
}
const crashE2: FaultModel = { kind: 'node', target: 'e2', atMs: 20_000, forMs: 60_000, spec: 'node:e2@20s+60s' };
const cpOf = (sim: Simulation) => sim.report().controlPlane as Record<string, any>;

describe('control plane', () => {
  it('model none installs nothing: no control traffic, no controlPlane section', () => {
    const sim = new Simulation(fabric({}, [crashE2]));
    sim.runToEnd();
    const r = sim.report();
    expect(r.control.messages).toBe(0);
    expect(r.controlPlane).toBeUndefined();
    expect(r.faults[0]!.detectedAfterMs).toBeNull();
  });

  it('centralized: detection within the timeout, recovery after grace + decision + startup', () => {
    const sim = new Simulation(fabric({ model: 'centralized', gracePeriodMs: 10_000, decisionTimeMs: 5, startupTimeMs: 2_000 }, [crashE2]));
    sim.runToEnd();
    const f = sim.report().faults[0]!;
    expect(f.detectedAfterMs!).toBeGreaterThan(4_000); // last heartbeat at most 1 s before the crash
    expect(f.detectedAfterMs!).toBeLessThanOrEqual(5_000);
    // + 10 s grace + 5 ms decision + command transfer (~10 ms) + 2 s startup
    expect(f.recoveredAfterMs! - f.detectedAfterMs!).toBeGreaterThanOrEqual(12_005 - 1e-6);
    expect(f.recoveredAfterMs! - f.detectedAfterMs!).toBeLessThan(12_100);
    const cp = cpOf(sim);
    expect(cp.decisions).toBe(1);
    expect(cp.falseSuspicions).toBe(0);
    expect(cp.decisionLatencyMs.mean).toBe(5);
    expect(sim.report().conservation.balanced).toBe(true);
  });

  it('drift: a replica stopped by hand is restarted by the reconcile loop and counted', () => {
    const sim = new Simulation(fabric({ model: 'centralized', reconcileEveryMs: 10_000 }));
    sim.advanceTo(15_000);
    sim.inject({ kind: 'drift', node: 'e2', service: 'a/det', action: 'stop' });
    expect(Array.from(sim.state.placement.seam.replicas[0]!)).toEqual([]);
    sim.runToEnd();
    const cp = cpOf(sim);
    expect(cp.driftDetected).toBe(1);
    expect(cp.driftCorrected).toBe(1);
    // Seen at the 20 s reconcile (after the 16 s heartbeat), restarted at ~22 s, confirmed at the 30 s one.
    expect(cp.driftCorrectionMs.mean).toBeGreaterThanOrEqual(10_000);
    expect(cp.driftCorrectionMs.mean).toBeLessThanOrEqual(20_000);
    expect(Array.from(sim.state.placement.seam.replicas[0]!).map((n) => sim.state.fabric.topology.nodeId(n))).toEqual(['e2']);
  });

  it('without restartLocally a node back from a crash serves only after its controller says so', () => {
    const quick: FaultModel = { ...crashE2, forMs: 5_000, spec: 'node:e2@20s+5s' };
    const local = new Simulation(fabric({ model: 'centralized', gracePeriodMs: 60_000, autonomy: { restartLocally: true, shedLowPriorityAbove: 0 } }, [quick]));
    const waits = new Simulation(fabric({ model: 'centralized', gracePeriodMs: 60_000, autonomy: { restartLocally: false, shedLowPriorityAbove: 0 } }, [quick]));
    local.runToEnd(); waits.runToEnd();
    const a = local.report().faults[0]!.recoveredAfterMs!;
    const b = waits.report().faults[0]!.recoveredAfterMs!;
    expect(a).toBeCloseTo(5_000 + 2_000, 0); // restart after startupTime
    expect(b).toBeGreaterThan(a); // heartbeat → command → startup
    expect(b).toBeLessThan(5_000 + 2_000 + 1_000 + 100);
  });

  it('a control-plane fault makes agents autonomous; detected after 3 heartbeats, recovered after it ends', () => {
    const cpFault: FaultModel = { kind: 'control-plane', target: '', atMs: 30_000, forMs: 20_000, spec: 'control-plane@30s+20s' };
    const sim = new Simulation(fabric({ model: 'centralized' }, [cpFault]));
    sim.runToEnd();
    const f = sim.report().faults[0]!;
    // 3 heartbeat periods since the last reply, seen at the agent's next tick: (2 s, 4 s].
    expect(f.detectedAfterMs!).toBeGreaterThan(2_000);
    expect(f.detectedAfterMs!).toBeLessThanOrEqual(4_000);
    expect(f.recoveredAfterMs!).toBeGreaterThan(20_000);
    expect(f.recoveredAfterMs!).toBeLessThan(22_100);
    expect(cpOf(sim).autonomousMs).toBeGreaterThan(0);
  });

  it('conserves messages under every model, with crashes, partitions and drift (property)', () => {
    fc.assert(fc.property(
      fc.constantFrom('centralized', 'hierarchical', 'decentralized' as const), fc.integer({ min: 1, max: 10_000 }), fc.boolean(), fc.boolean(),
      (model, seed, partition, restartLocally) => {
        const faults: FaultModel[] = [crashE2];
        if (partition) faults.push({ kind: 'partition', target: 'r2', atMs: 10_000, forMs: 30_000, spec: 'partition:r2@10s+30s' });
        const sim = new Simulation(fabric({ model, members: ['e1', 'e2', 'e3'], autonomy: { restartLocally, shedLowPriorityAbove: 0.8 } }, faults, seed));
        sim.advanceTo(50_000);
        sim.inject({ kind: 'drift', node: 'e1', service: 'a/det', action: 'start' });
        expect(sim.report().conservation.balanced).toBe(true);
        sim.runToEnd();
        const r = sim.report();
        expect(r.conservation.balanced).toBe(true);
        const live = sim.state.placement.seam.replicas[0]!;
        for (const n of live) expect(sim.state.fabric.topology.isNodeUp(n)).toBe(true);
      }), { numRuns: 25 });
  });
});
