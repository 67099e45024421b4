/**
 * The simulated control plane speaks the control wire protocol and keeps its decisions' reasons:
 * every control message is a frame that decodeFrame accepts, costing exactly its encoded length;
 * a relocation's event and decision record carry the detector's facts and the scheduler's
 * per-plugin scores; a refused relocation says why.
 */
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from '../../../../sim-core/orchestrator/control/wire.ts';
import type { ControlPlaneModel, FaultModel } from '../../../../sim-core/scenario/model.ts';
import type { TwinEvent } from '../../../../sim-core/twin/events.ts';
import { Simulation } from '../../../../sim-core/twin/simulation.ts';
import { nonNumbersIn } from '../../../../sim-core/twin/report-check.ts';
import { app, link, node, scenario, service, stream } from '../../../helpers/model-builder.ts';

function fabric(cp: Partial<ControlPlaneModel>, faults: FaultModel[]) {
  const nodes = [
    node('cloud', { tier: 'cloud', region: 'r2', zone: 'r2-a', cores: 8 }),
    node('e1', { cores: 2 }), node('e2', { cores: 2 }), node('e3', { cores: 4 }),
    node('gw', { tier: 'gateway', arch: 'arm64', bufferBytes: 1e6 }), node('s1', { tier: 'sensor', arch: 'microcontroller' }),
  ];
  const links = [link('e1', 'cloud', { latencyMs: 10 }), link('e1', 'e2'), link('e2', 'e3'), link('e1', 'e3'), link('gw', 'e1'), link('gw', 'e2'), link('s1', 'gw')];
  return scenario({
    seed: 3, nodes, links, durationMs: 90_000, regions: [{ id: 'r1', zones: ['r1-a'] }, { id: 'r2', zones: ['r2-a'] }],
    apps: [app('a', [service('det', { placement: ['e2'], arches: ['x86_64'] })])],
    streams: [stream('st', 'a', 'det', ['s1'], { arrival: { kind: 'poisson', ratePerS: 5 } })],
    orchestrator: { placement: 'scheduler', profile: 'edge', policies: [] },
    faults, controlPlane: cp,
  });
}
const crashE2: FaultModel = { kind: 'node', target: 'e2', atMs: 20_000, forMs: 60_000, spec: 'node:e2@20s+60s' };

describe('simulated control plane: wire frames and reasons', () => {
  it('every control message is a valid wire frame whose size is its encoded length', () => {
    for (const model of ['centralized', 'hierarchical', 'decentralized'] as const) {
      const sim = new Simulation(fabric({ model, members: ['e1', 'e2', 'e3'], gracePeriodMs: 1_000 }, [crashE2]));
      const kinds = new Map<string, number>();
      sim.state.hooks.receiveControl.unshift((msg) => {
        const d = decodeFrame(encodeFrame(msg.payload as never));
        expect(d.ok, `${model} ${msg.kind}: ${d.ok ? '' : d.error.message}`).toBe(true);
        if (!d.ok) return;
        expect(d.frame.kind).toBe(msg.kind);
        expect(msg.sizeBytes).toBe(new TextEncoder().encode(encodeFrame(d.frame)).length);
        kinds.set(msg.kind, (kinds.get(msg.kind) ?? 0) + 1);
      });
      sim.runToEnd();
      expect(kinds.get('heartbeat'), model).toBeGreaterThan(0);
      expect(kinds.get('ack'), model).toBeGreaterThan(0);
      expect(kinds.get('command'), model).toBeGreaterThan(0); // the relocation's start command
      if (model === 'decentralized') expect(kinds.get('gossip')).toBeGreaterThan(0);
    }
  });

  it('a relocation carries the detection and the scheduler’s scores to its event and decision record', () => {
    const sim = new Simulation(fabric({ model: 'centralized', master: 'cloud', gracePeriodMs: 5_000 }, [crashE2]));
    const events: TwinEvent[] = [];
    sim.subscribe((e) => events.push(e));
    sim.runToEnd();
    const declared = events.find((e) => e.type === 'declared-failed') as Extract<TwinEvent, { type: 'declared-failed' }>;
    expect(declared).toMatchObject({ node: 'e2', by: 'cloud', up: false });
    const moved = events.find((e) => e.type === 'relocated') as Extract<TwinEvent, { type: 'relocated' }>;
    expect(moved).toMatchObject({ service: 'a/det', from: 'e2', by: 'cloud' });
    const d = moved.decision!;
    expect(d.kind).toBe('relocated');
    expect(d.detection).toEqual(declared.detection);
    expect(d.detection!.detector).toBeDefined();
    expect(d.detection!.missedBeats).toBeGreaterThanOrEqual(1);
    expect(d.detection!.afterMs).toBeGreaterThan(0);
    expect(Object.keys(d.scores).length).toBeGreaterThan(0);
    expect(d.total).toBeGreaterThan(0);
    expect(d.feasibleNodes).toBeGreaterThanOrEqual(1);
    expect(d.message).toMatch(/feasible/);
    expect(sim.decisionHistory('a/det', moved.to)[0]!.seq).toBe(d.seq);
    // The report lists it with the same reasons, and holds no non-numbers.
    const report = sim.report();
    const cp = report.controlPlane as { relocations: Record<string, unknown>[]; relocationsOmitted: number };
    expect(cp.relocations).toEqual([expect.objectContaining({
      service: 'a/det', from: 'e2', to: moved.to, by: 'cloud', detector: d.detection!.detector, missedBeats: d.detection!.missedBeats, feasibleNodes: d.feasibleNodes, message: d.message,
    })]);
    expect((cp.relocations[0]!.decidedBy as string[]).length).toBeGreaterThan(0);
    expect(cp.relocationsOmitted).toBe(0);
    expect(nonNumbersIn(report)).toEqual([]);
  });

  it('a master behind a partition refuses to relocate and says why', () => {
    const partition: FaultModel = { kind: 'partition', target: 'r2', atMs: 10_000, forMs: 60_000, spec: 'partition:r2@10s+60s' };
    const sim = new Simulation(fabric({ model: 'centralized', master: 'cloud', gracePeriodMs: 1_000 }, [partition, crashE2]));
    const refusals: Extract<TwinEvent, { type: 'relocation-refused' }>[] = [];
    sim.subscribe((e) => { if (e.type === 'relocation-refused') refusals.push(e); });
    sim.runToEnd();
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals[0]).toMatchObject({ by: 'cloud', reason: 'controller-unreachable' });
    expect(refusals[0]!.detail).toMatch(/cannot reach or trust/);
    expect((sim.report().controlPlane as { refused: Record<string, number> }).refused['controller-unreachable']).toBe(refusals.length);
  });
});
