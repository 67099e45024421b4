/**
 * Driving a simulation between steps, as the UI and the planner do: snapshots, subscriptions,
 * injected faults and placements — and injected changes are part of the trace hash.
 */
import { describe, expect, it } from 'vitest';
import type { TwinEvent } from '../../../sim-core/twin/events.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import { app, link, node, scenario, service, stream } from '../../helpers/model-builder.ts';

const model = () => scenario({
  durationMs: 60_000,
  nodes: [node('edge-a', { cores: 2 }), node('edge-b', { cores: 2 }), node('gw', { tier: 'gateway', bufferBytes: 1e6 }), node('cam', { tier: 'sensor' })],
  links: [link('gw', 'edge-a'), link('gw', 'edge-b', { latencyMs: 3 }), link('cam', 'gw')],
  apps: [app('v', [service('detect', { cpuWorkMs: 5, placement: ['edge-a'] })])],
  streams: [stream('f', 'v', 'detect', ['cam'], { arrival: { kind: 'poisson', ratePerS: 50 } })],
});

describe('driving a simulation', () => {
  it('snapshots are typed arrays that follow the fabric', () => {
    const sim = new Simulation(model());
    sim.advanceTo(10_000);
    const snap = sim.snapshot();
    expect(snap.timeMs).toBe(10_000);
    expect(snap.nodeUp).toBeInstanceOf(Uint8Array);
    expect([...snap.nodeUp]).toEqual([1, 1, 1, 1]);
    expect([...snap.linkUp]).toEqual([1, 1, 1]);
    expect(snap.appDelivered[0]).toBeGreaterThan(400);
    expect(snap.linkBytes[0]).toBeGreaterThan(0); // gw~edge-a carries the frames
    expect(snap.linkBytes[1]).toBe(0);            // gw~edge-b carries nothing yet
  });

  it('an injected fault is published, shows in the snapshot, and ends on time', () => {
    const sim = new Simulation(model());
    const events: TwinEvent[] = [];
    const off = sim.subscribe((e) => events.push(e));
    sim.advanceTo(5_000);
    sim.inject({ kind: 'fault', fault: { kind: 'link', target: 'gw~edge-a', atMs: 0, forMs: 10_000, spec: 'link:gw~edge-a@5s+10s' } });
    expect(sim.snapshot().linkUp[0]).toBe(0);
    expect(events.map((e) => e.type)).toEqual(['link-down', 'fault-start']);
    sim.advanceTo(20_000);
    expect(sim.snapshot().linkUp[0]).toBe(1);
    expect(events.map((e) => e.type)).toEqual(['link-down', 'fault-start', 'link-up', 'fault-end']);
    off();
    sim.inject({ kind: 'fault', fault: { kind: 'node', target: 'edge-b', atMs: 0, forMs: 1_000, spec: 'node:edge-b@20s+1s' } });
    expect(events.length).toBe(4); // unsubscribed
    expect(sim.report().faults.map((f) => f.atMs)).toEqual([5_000, 20_000]);
  });

  it('an injected placement moves the work, and injections are part of the trace hash', () => {
    const a = new Simulation(model());
    a.advanceTo(20_000);
    a.inject({ kind: 'placement', service: 'v/detect', nodes: ['edge-b'] });
    a.runToEnd();
    const r = a.report();
    const util = Object.fromEntries(r.nodes.map((n) => [n.id, n.cpuUtilization]));
    expect(util['edge-b']).toBeGreaterThan(0.05);
    expect(util['edge-a']).toBeGreaterThan(0.03);
    expect(r.conservation.balanced).toBe(true);
    const b = new Simulation(model());
    b.runToEnd();
    expect(b.traceHash).not.toBe(a.traceHash);
    const c = new Simulation(model());
    c.advanceTo(20_000);
    c.inject({ kind: 'placement', service: 'v/detect', nodes: ['edge-b'] });
    c.runToEnd();
    expect(c.traceHash).toBe(a.traceHash);
  });

  it('bad injections throw with the offending name', () => {
    const sim = new Simulation(model());
    expect(() => sim.inject({ kind: 'placement', service: 'v/nope', nodes: ['edge-b'] })).toThrow(/no service 'v\/nope'/);
    expect(() => sim.inject({ kind: 'placement', service: 'v/detect', nodes: ['edge-z'] })).toThrow(/no node 'edge-z'/);
    expect(() => sim.inject({ kind: 'fault', fault: { kind: 'node', target: 'ghost', atMs: 0, forMs: 1, spec: 'node:ghost@0' } })).toThrow(/no node 'ghost'/);
  });
});
