/**
 * The placement record (sim-core/twin/placement-state.ts): replicas change only through
 * PlacementState.setReplicas, which bumps the version, marks the service placed and retries
 * buffered data. A service that loses every replica after having had one buffers its messages
 * (wait, not drop); when it gets a replica again they move on and are delivered.
 */
import { describe, expect, it } from 'vitest';
import { buildTwin } from '../../../sim-core/twin/build.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import { staticPlacement } from '../../../sim-core/twin/placement.ts';
import { app, link, node, scenario, service, stream } from '../../helpers/model-builder.ts';

/** sensor → gw (buffers 1 MB) → edge; one service pinned on edge; the sensor sends 10 messages/s of 1 KB. */
function model() {
  return scenario({
    durationMs: 20_000,
    nodes: [node('edge'), node('gw', { tier: 'gateway', bufferBytes: 1e6 }), node('sensor', { tier: 'sensor', arch: 'microcontroller' })],
    links: [link('sensor', 'gw'), link('gw', 'edge')],
    apps: [app('a', [service('svc', { placement: ['edge'] })])],
    streams: [stream('st', 'a', 'svc', ['sensor'], { arrival: { kind: 'periodic', periodMs: 100, jitterMs: 0 } })],
  });
}

describe('PlacementState', () => {
  it('setReplicas bumps the version on every change and marks a service placed only once it has a replica', () => {
    const s = buildTwin(model());
    const edge = s.fabric.topology.nodeIndex('edge');
    const gw = s.fabric.topology.nodeIndex('gw');
    expect(s.placement.version).toBe(0);
    expect(Array.from(s.placement.everPlaced)).toEqual([1]);
    s.placement.setReplicas(0, []);
    expect(s.placement.version).toBe(1);
    expect(Array.from(s.placement.seam.replicas[0]!)).toEqual([]);
    expect(s.placement.everPlaced[0]).toBe(1); // once placed, stays placed
    s.placement.setReplicas(0, [gw, edge]);
    expect(s.placement.version).toBe(2);
    expect(Array.from(s.placement.seam.replicas[0]!)).toEqual([gw, edge]);
  });

  it('a service never placed is not marked placed by an empty replica list', () => {
    const m = model();
    m.apps = [app('a', [service('svc', { replicas: 0 })])];
    const s = buildTwin(m);
    expect(s.placement.everPlaced[0]).toBe(0);
    s.placement.setReplicas(0, []);
    expect(s.placement.version).toBe(1);
    expect(s.placement.everPlaced[0]).toBe(0);
  });

  it('installs one seam only', () => {
    const s = buildTwin(model());
    expect(() => s.placement.install(staticPlacement(s))).toThrow(/already installed/);
  });

  it('messages for a service without replicas wait in the buffer and are delivered once it gets one again', () => {
    const sim = new Simulation(model());
    const s = sim.state;
    sim.advanceTo(2_000);
    const deliveredBefore = s.messages.counts.delivered;
    expect(deliveredBefore).toBeGreaterThan(10);
    expect(s.messages.counts.buffered).toBe(0);
    sim.inject({ kind: 'placement', service: 'a/svc', nodes: [] });
    sim.advanceTo(5_000);
    // Three seconds at 10/s without a replica: held at the sensor's first hop, nothing dropped.
    const held = s.messages.counts.buffered;
    expect(held).toBeGreaterThanOrEqual(25);
    expect(s.messages.counts.droppedTotal).toBe(0);
    expect(s.buffers.buffering.size).toBe(1);
    expect(s.messages.counts.delivered - deliveredBefore).toBeLessThanOrEqual(2); // those already past the gateway
    sim.inject({ kind: 'placement', service: 'a/svc', nodes: ['edge'] });
    sim.advanceTo(6_000);
    expect(s.buffers.buffering.size).toBe(0);
    expect(s.buffers.usedBytes.every((b) => b === 0)).toBe(true);
    // Everything held was delivered, plus a second's new messages.
    expect(s.messages.counts.delivered - deliveredBefore).toBeGreaterThanOrEqual(held + 5);
    expect(s.messages.counts.droppedTotal).toBe(0);
  });
});
