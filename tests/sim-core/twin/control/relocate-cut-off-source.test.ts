/**
 * A crash that cuts a data source off: the gateway gw1 reaches the fleet only through the edge
 * server e1, which runs the downstream service `det` fed by gw1 and gw2. When e1 crashes, gw1
 * reaches no node at all, so no replacement can be within the latency budget of it; the
 * replacement of e1's `det` replica is placed for the sources that can still feed one (gw2), not
 * refused because of one that can feed none (metro-operations: crowd/occupancy on a crashed
 * station edge server, whose gateway hangs off it).
 */
import { describe, expect, it } from 'vitest';
import type { FaultModel } from '../../../../sim-core/scenario/model.ts';
import type { TwinEvent } from '../../../../sim-core/twin/events.ts';
import { Simulation } from '../../../../sim-core/twin/simulation.ts';
import { app, link, node, scenario, service, stream } from '../../../helpers/model-builder.ts';

const crashE1: FaultModel = { kind: 'node', target: 'e1', atMs: 20_000, forMs: 60_000, spec: 'node:e1@20s+60s' };

function fabric(detArches: string[]) {
  const nodes = [
    node('cloud', { tier: 'cloud', cores: 8 }),
    node('e1', { cores: 4 }), node('e2', { cores: 4 }), node('e3', { cores: 4 }),
    node('gw1', { tier: 'gateway', arch: 'arm64' }), node('gw2', { tier: 'gateway', arch: 'arm64' }),
    node('s1', { tier: 'sensor', arch: 'microcontroller' }), node('s2', { tier: 'sensor', arch: 'microcontroller' }),
  ];
  const links = [
    link('e1', 'cloud', { latencyMs: 10 }), link('e2', 'cloud', { latencyMs: 10 }), link('e3', 'cloud', { latencyMs: 10 }),
    link('e1', 'e2'), link('e2', 'e3'), link('gw1', 'e1'), link('gw2', 'e2'), link('s1', 'gw1'), link('s2', 'gw2'),
  ];
  return scenario({
    seed: 5, nodes, links, durationMs: 100_000,
    apps: [app('a', [
      service('count', { placement: ['gw1', 'gw2'], next: ['det'] }),
      service('det', { placement: ['e1', 'e2'], arches: detArches as never }),
    ], { slo: { latencyMs: 50, percentile: 95 } })],
    streams: [stream('st', 'a', 'count', ['s1', 's2'], { arrival: { kind: 'poisson', ratePerS: 5 } })],
    orchestrator: { placement: 'scheduler', profile: 'edge', policies: [] },
    faults: [crashE1], controlPlane: { model: 'centralized', master: 'cloud', gracePeriodMs: 2_000 },
  });
}

describe('relocation when the crash cuts a data source off', () => {
  // arm64 too: the cut-off gateway could run det itself, but it reaches no other node that could (large-fabric: a site gateway behind its crashed regional DC).
  it.each([[['x86_64']], [['x86_64', 'arm64']]])('relocates the crashed node’s replica for the sources that can still reach a node (det on %j)', (arches) => {
    const sim = new Simulation(fabric(arches));
    const events: TwinEvent[] = [];
    sim.subscribe((e) => events.push(e));
    sim.runToEnd();
    const refusals = events.filter((e) => e.type === 'relocation-refused' && e.service === 'a/det');
    const moved = events.filter((e): e is Extract<TwinEvent, { type: 'relocated' }> => e.type === 'relocated' && e.service === 'a/det');
    expect(refusals).toEqual([]);
    // e2 already runs det; e3, the cloud or (arm64) gw2 are within 50 ms of gw2; gw1 is cut off.
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ from: 'e1', by: 'cloud' });
    expect(['e3', 'cloud', 'gw2']).toContain(moved[0]!.to);
    expect(moved[0]!.t).toBeGreaterThan(crashE1.atMs);
    expect(moved[0]!.t).toBeLessThan(crashE1.atMs + crashE1.forMs!);
    const crash = sim.report().faults.find((f) => f.target === 'e1')!;
    expect(crash.recoveredAfterMs).not.toBeNull();
  });
});
