/**
 * Policies change outcomes in the twin: the smart-city privacy rules (residency of pii data in
 * the city, 24 h retention, encryption on carrier links) keep processing inside the city —
 * visible in WAN bytes and latency — and refuse, message by message, a placement that would
 * send frames to the cloud.
 */
import { describe, expect, it } from 'vitest';
import { runShipped } from './run-shipped.ts';

describe('policies in the twin (smart-city cameras)', () => {
  it('residency keeps the scheduler in the city: without the rules its first choice is a cloud node', () => {
    // kube-scheduler's default profile spreads by free capacity and picks the big cloud nodes
    // first; the residency rule removes them from the feasible set, so no replica is ever
    // placed outside the city. (Without the rules, the batch placer's improvement pass moves that
    // replica back into the city on SLO risk and cost, so both runs end with no WAN bytes.)
    const withPolicies = runShipped('smart-city-cameras', { sets: ['spec.orchestrator.profile=default'] });
    const without = runShipped('smart-city-cameras', { sets: ['spec.orchestrator.profile=default', 'spec.orchestrator.policies=[]'] });
    expect(withPolicies.report.conservation.emitted).toBe(without.report.conservation.emitted);
    const cloud = new Set(['cloud-gpu-1', 'cloud-gpu-2']);
    const firstChoice = (r: { message: string }) => /^scheduled on (\S+) /.exec(r.message)?.[1];
    const scheduled = (run: typeof without) => run.sim.state.placement.decisionLog.records.filter((r) => r.kind === 'initial' && r.by === 'scheduler');
    // Without the rules, the scheduler's choice for some replica was a cloud node, which the improvement pass then moved.
    const wentToCloud = scheduled(without).filter((r) => cloud.has(firstChoice(r)!));
    expect(wentToCloud.length).toBeGreaterThan(0);
    for (const r of wentToCloud) expect(r.message).toMatch(/; moved .* cloud-gpu-\d → /);
    // With them, every scheduled replica had fewer feasible nodes (the cloud ones are out) and chose a city node.
    for (const r of scheduled(withPolicies)) {
      expect(cloud.has(firstChoice(r)!)).toBe(false);
      expect(r.feasibleNodes).toBeLessThan(scheduled(without).find((x) => x.service === r.service)!.feasibleNodes);
    }
    expect(withPolicies.report.network.wanBytes).toBe(0);
    // Every replica of every service runs on a node of region `city`.
    const s = withPolicies.sim.state;
    for (const reps of s.placement.seam.replicas) for (const n of reps) expect(s.model.nodes[n]!.region).toBe('city');
  });

  it('a placement that breaks residency is refused per message (dropped as policy-denied), not silently allowed', () => {
    const cloud = runShipped('smart-city-cameras', { sets: ['spec.apps.traffic.services.detect.placement=[cloud-gpu-1, cloud-gpu-2]'] }).report;
    expect(cloud.conservation.droppedBy['policy-denied']).toBeGreaterThan(0);
    expect(cloud.network.wanBytes).toBe(0); // nothing personal left the city
    expect(cloud.conservation.balanced).toBe(true);
  });

  it('retention caps the lifespan of stored footage at 24 h', () => {
    const { sim } = runShipped('smart-city-cameras');
    const gate = sim.state.placement.policyGate!;
    const frames = sim.state.model.streams.findIndex((st) => st.id === 'frames');
    const edge = sim.state.fabric.topology.nodeIndex('edge-north');
    expect(gate.retentionCapMs(frames, edge)).toBe(24 * 3_600_000);
    expect(gate.storeAllowed(frames, edge)).toBe(true);
    expect(gate.storeAllowed(frames, sim.state.fabric.topology.nodeIndex('cloud-gpu-1'))).toBe(false);
  });
});
