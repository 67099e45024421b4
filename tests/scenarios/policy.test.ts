/**
 * Policies change outcomes in the twin: the smart-city privacy rules (residency of pii data in
 * the city, 24 h retention, encryption on carrier links) keep processing inside the city —
 * visible in WAN bytes and latency — and refuse, message by message, a placement that would
 * send frames to the cloud.
 */
import { describe, expect, it } from 'vitest';
import { runShipped } from './run-shipped.ts';

describe('policies in the twin (smart-city cameras)', () => {
  it('residency forces the scheduler to place pii-fed services in the city: no WAN bytes, lower latency', () => {
    // kube-scheduler's default profile spreads by free capacity and happily picks the big cloud
    // nodes; the residency rule is what keeps the pii-fed services in the city.
    const withPolicies = runShipped('smart-city-cameras', { sets: ['spec.orchestrator.profile=default'] });
    const without = runShipped('smart-city-cameras', { sets: ['spec.orchestrator.profile=default', 'spec.orchestrator.policies=[]'] });
    expect(withPolicies.report.conservation.emitted).toBe(without.report.conservation.emitted);
    // Without the rules the scheduler puts some service in the cloud region and frames' results cross the WAN.
    expect(without.report.network.wanBytes).toBeGreaterThan(1e6);
    expect(withPolicies.report.network.wanBytes).toBe(0);
    expect(withPolicies.report.apps[0]!.latencyMs.p95).toBeLessThan(without.report.apps[0]!.latencyMs.p95);
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
