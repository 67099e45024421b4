/**
 * Initial placement through the batch placer: the replicas of a service are placed together,
 * each for its share of the sources. fog-city's detection service with four replicas and no
 * placement list (fog-placement.yaml's "scheduler" variant) gets one replica on each site's edge
 * server — the sequential placement sent the first one to the cloud — and each decision says
 * why (rank, total, feasible nodes, the plugins that decided).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';

const FILE = join(import.meta.dirname, '../../../scenarios/experiments/fog-city.yaml');
const fogCity = (sets: string[]) => new Simulation(parseScenario(readFileSync(FILE, 'utf8'), FILE, { sets }));
const schedulerVariant = () => fogCity(['spec.apps.video.services.detect.placement=[]', 'spec.apps.video.services.detect.replicas=4']);

describe('initial placement by the batch placer', () => {
  it('fog-city: one detection replica on each site’s edge server, none in the cloud', () => {
    const sim = schedulerVariant();
    const s = sim.state;
    const detect = s.graph.serviceIndex.get('video/detect')!;
    const nodes = Array.from(s.placement.seam.replicas[detect]!).map((n) => s.fabric.topology.nodeId(n)).sort();
    expect(nodes).toEqual(['site-1-edge', 'site-2-edge', 'site-3-edge', 'site-4-edge']);
  });

  it('each initial decision carries the batch placer’s reasons', () => {
    const sim = schedulerVariant();
    const ds = sim.state.placement.decisionLog.records.filter((r) => r.service === 'video/detect');
    expect(ds).toHaveLength(4);
    for (const d of ds) {
      expect(d).toMatchObject({ kind: 'initial', by: 'scheduler', feasibleNodes: 5, evaluatedNodes: 9 }); // 4 gateways, 4 edge servers, the cloud
      expect(d.message).toMatch(new RegExp(`^scheduled on ${d.node} \\(rank \\d\\): best total \\d+ of 5 feasible nodes; top: `));
      expect(Object.keys(d.scores).length).toBeGreaterThan(3);
      expect(d.total!).toBeGreaterThan(0);
      expect(d.runnerUp!.total).toBeLessThanOrEqual(d.total!);
    }
    // The pinned aggregate is explained as pinned.
    expect(sim.state.placement.decisionLog.records.find((r) => r.service === 'video/aggregate')).toMatchObject({ by: 'scenario', node: 'cloud-1', message: 'pinned by the scenario' });
  });

  it('frames stay at their site: a tenth of the WAN bytes of detection in the cloud, and a lower p95', () => {
    const edge = schedulerVariant();
    const cloud = fogCity(['spec.apps.video.services.detect.placement=[cloud-1]']);
    edge.runToEnd(); cloud.runToEnd();
    expect(edge.report().network.wanBytes * 10).toBeLessThan(cloud.report().network.wanBytes);
    expect(edge.report().apps[0]!.latencyMs.p95).toBeLessThan(cloud.report().apps[0]!.latencyMs.p95);
    expect(edge.report().conservation.balanced).toBe(true);
  });
});
