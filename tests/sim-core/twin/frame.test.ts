/**
 * Frames for the UI (frame.ts, frame-writer.ts) and the static description (describe.ts): the
 * layout is one buffer of aligned, disjoint views; writing frames never changes a run; the rolling
 * window's percentiles are the exact order statistics of the completions inside it; node, link and
 * replica state follow the fabric.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import { percentileOfSorted } from '../../../sim-core/twin/latency-log.ts';
import {
  FLAG_CONTROLLER, FLAG_DECLARED, H_DELIVERED, H_NODES_DOWN, H_TIME_MS, LINK_DEGRADED, LINK_DOWN, LINK_UP, NODE_DOWN, NODE_SUSPECT, NODE_UP,
  createFrame, frameByteLength, type TwinFrame,
} from '../../../sim-core/twin/frame.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import { app, link, node, scenario, service, stream } from '../../helpers/model-builder.ts';

const load = (file: string, sets: string[] = []) => new Simulation(parseScenario(readFileSync(file, 'utf8'), file, { sets }));

describe('frame layout', () => {
  it('views are aligned, disjoint and cover the buffer; a wrong buffer size is refused', () => {
    const layout = { nodes: 7, links: 5, apps: 3 };
    const f = createFrame(layout);
    expect(f.buffer.byteLength).toBe(frameByteLength(layout));
    const views = Object.entries(f).filter(([, v]) => ArrayBuffer.isView(v)) as [string, Float64Array | Uint8Array][];
    expect(views.length).toBe(29);
    const spans = views.map(([name, v]) => ({ name, start: v.byteOffset, end: v.byteOffset + v.byteLength, align: v.BYTES_PER_ELEMENT }));
    for (const s of spans) expect(s.start % s.align).toBe(0);
    spans.sort((a, b) => a.start - b.start);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    expect(f.nodeState.length).toBe(7);
    expect(f.linkUtilization.length).toBe(5);
    expect(f.appP95.length).toBe(3);
    expect(() => createFrame(layout, new ArrayBuffer(8))).toThrow(/needs/);
    expect(() => createFrame({ nodes: -1, links: 0, apps: 0 })).toThrow(/layout.nodes/);
    // The same buffer read back on "the other side" gives the same values.
    f.nodeCpu[3] = 0.25;
    expect(createFrame(layout, f.buffer).nodeCpu[3]).toBe(0.25);
  });
});

describe('frame writer', () => {
  it('writing frames (at any rate) leaves the trace hash unchanged', () => {
    const plain = load('scenarios/metro-operations.yaml');
    plain.advanceTo(120_000);
    const watched = load('scenarios/metro-operations.yaml');
    const f = watched.createFrame();
    for (let t = 137; t < 120_000; t += 137) { watched.advanceTo(t); watched.snapshotInto(f); }
    watched.advanceTo(120_000);
    expect(watched.traceHash).toBe(plain.traceHash);
  });

  it('window percentiles are the exact order statistics of the completions in the last window', () => {
    const m = scenario({
      durationMs: 60_000,
      nodes: [node('edge', { cores: 2 }), node('gw', { tier: 'gateway' }), node('s', { tier: 'sensor' })],
      links: [link('s', 'gw'), link('gw', 'edge')],
      apps: [app('a', [service('work', { cpuWorkMs: 8, placement: ['edge'] })])],
      streams: [stream('st', 'a', 'work', ['s'], { arrival: { kind: 'poisson', ratePerS: 150 } })],
    });
    const sim = new Simulation(m);
    const done: { t: number; latencyMs: number }[] = [];
    sim.subscribe((e) => { if (e.type === 'deliver') done.push({ t: e.t, latencyMs: e.latencyMs }); }, { messages: true });
    const f = sim.createFrame();
    const windowMs = 10_000;
    let checked = 0;
    for (let t = 1000; t <= 40_000; t += 1000) {
      sim.advanceTo(t);
      sim.snapshotInto(f, { windowMs });
      if (t < windowMs + 1000) continue;
      const inWindow = done.filter((d) => d.t > t - windowMs && d.t <= t).map((d) => d.latencyMs).sort((a, b) => a - b);
      expect(inWindow.length).toBeGreaterThan(1000);
      expect(f.appP50[0]).toBe(Math.fround(percentileOfSorted(inWindow, 50)));
      expect(f.appP95[0]).toBe(Math.fround(percentileOfSorted(inWindow, 95)));
      expect(f.appP99[0]).toBe(Math.fround(percentileOfSorted(inWindow, 99)));
      expect(f.appViolationRate[0]).toBe(Math.fround(inWindow.filter((x) => x > 100).length / inWindow.length));
      expect(f.appThroughputPerS[0]).toBe(Math.fround(inWindow.length / (windowMs / 1000)));
      expect(f.header[H_DELIVERED]).toBe(done.length);
      checked++;
    }
    expect(checked).toBe(30);
    // The processor is busy about rho = 150/s × 8 ms / 2 cores = 0.6 of the time.
    expect(f.nodeCpu[0]).toBeGreaterThan(0.45);
    expect(f.nodeCpu[0]).toBeLessThan(0.75);
  });

  it('node, link and replica state follow the fabric under a partition and a crash', () => {
    const sim = load('scenarios/region-partition.yaml', ['spec.controlPlane.model=hierarchical']);
    const f: TwinFrame = sim.createFrame();
    const idx = (id: string) => sim.state.fabric.topology.nodeIndex(id);
    sim.advanceTo(60_000);
    sim.snapshotInto(f);
    expect([...f.nodeState].every((x) => x === NODE_UP)).toBe(true);
    expect([...f.linkState].every((x) => x === LINK_UP)).toBe(true);
    expect(f.nodeReplicas[idx('edge-n2')]).toBe(1);
    expect(f.nodeFlags[idx('cloud-1')]! & FLAG_CONTROLLER).toBe(FLAG_CONTROLLER);
    expect(f.nodeFlags[idx('edge-n1')]! & FLAG_CONTROLLER).toBe(FLAG_CONTROLLER);
    expect(f.nodeMemory[idx('edge-n2')]).toBeGreaterThan(0);
    sim.advanceTo(6 * 60_000 + 20_000); // partition since 5m, edge-n2 crashed at 6m and declared ~5 s later
    sim.snapshotInto(f);
    expect(f.header[H_TIME_MS]).toBe(380_000);
    expect(f.nodeState[idx('edge-n2')]).toBe(NODE_DOWN);
    expect(f.header[H_NODES_DOWN]).toBe(1);
    // The cloud master cannot hear the north region: a healthy north node it declared failed is suspect.
    expect(f.nodeState[idx('edge-n1')]).toBe(NODE_SUSPECT);
    expect(f.nodeFlags[idx('edge-n1')]! & FLAG_DECLARED).toBe(FLAG_DECLARED);
    const cut = sim.state.fabric.topology.linkIndex('edge-n1~cloud-1');
    expect(f.linkState[cut]).toBe(LINK_DOWN);
    sim.advanceTo(7 * 60_000);
    sim.snapshotInto(f);
    // Relocated inside the partition by north's regional orchestrator.
    expect(f.nodeReplicas[idx('edge-n2')]).toBe(0);
    expect(f.nodeReplicas[idx('edge-n1')]! + f.nodeReplicas[idx('edge-n3')]!).toBeGreaterThanOrEqual(2);
  });

  it('link rates and utilisation: a saturating transfer fills its link, a degraded link is marked', () => {
    const m = scenario({
      durationMs: 20_000,
      nodes: [node('edge'), node('gw', { tier: 'gateway' }), node('s', { tier: 'sensor' })],
      links: [link('s', 'gw', { bandwidthBps: 8e6 }), link('gw', 'edge', { bandwidthBps: 1e9 })],
      apps: [app('a', [service('sink', { cpuWorkMs: 0.1, placement: ['edge'] })])],
      // 2 MB every 2 s over 8 Mb/s: each takes 2 s, so the sensor link is always busy.
      streams: [stream('st', 'a', 'sink', ['s'], { arrival: { kind: 'periodic', periodMs: 2000, jitterMs: 0 }, sizeBytes: { dist: 'constant', value: 2e6 } })],
      faults: [{ kind: 'link', target: 'gw~edge', atMs: 10_000, forMs: 5_000, degrade: { bandwidthFactor: 0.5 }, spec: 'link:gw~edge@10s+5s:bandwidth=x0.5' }],
    });
    const sim = new Simulation(m);
    const f = sim.createFrame();
    for (let t = 500; t <= 9_000; t += 500) { sim.advanceTo(t); sim.snapshotInto(f, { smoothingMs: 500 }); }
    expect(f.linkRateBps[0]).toBeCloseTo(8e6, 0);
    expect(f.linkFlows[0]).toBe(1);
    expect(f.linkUtilization[0]).toBeGreaterThan(0.9);
    expect(f.linkUtilization[0]).toBeLessThan(1.1);
    expect(f.linkUtilization[1]).toBeLessThan(0.05); // the fast hop is idle most of the time
    sim.advanceTo(12_000);
    sim.snapshotInto(f);
    expect(f.linkState[1]).toBe(LINK_DEGRADED);
    sim.advanceTo(16_000);
    sim.snapshotInto(f);
    expect(f.linkState[1]).toBe(LINK_UP);
  });
});

describe('describe', () => {
  it('lists the fabric with sensor uplinks, services with their initial replicas, and the control plane', () => {
    const sim = load('scenarios/metro-operations.yaml');
    const d = sim.describe();
    expect(d.nodes).toHaveLength(172);
    expect(d.links).toHaveLength(sim.state.fabric.topology.linkCount);
    const byId = new Map(d.nodes.map((n, i) => [n.id, i]));
    const s = d.nodes[byId.get('station-04-s07')!]!;
    expect(s.tier).toBe('sensor');
    expect(s.className).toBe('platform-sensor');
    expect(d.nodes[s.uplink]!.id).toBe('station-04-gw');
    expect(d.nodes[byId.get('dc-north')!]!.positioned).toBe(true);
    expect(d.nodes[byId.get('station-04-gw')!]!.uplink).toBe(-1);
    for (const svc of d.services) expect(svc.replicas).toEqual(Array.from(sim.state.placement.seam.replicas[sim.state.graph.serviceIndex.get(svc.key)!]!));
    expect(d.apps.map((a) => a.id)).toEqual(['crowd', 'maintenance']);
    expect(d.controlPlane).toMatchObject({ model: 'hierarchical', master: 'cloud-archive', regional: { north: 'dc-north' } });
    expect(d.faults.map((f) => f.kind)).toEqual(['node', 'link', 'partition']);
    // Structured-cloneable: what crosses to the UI thread.
    expect(structuredClone(d)).toEqual(d);
  });

  it('nodes without a position in the scenario are marked as laid out by the resolver', () => {
    const sim = load('scenarios/region-partition.yaml');
    expect(sim.describe().nodes.every((n) => !n.positioned)).toBe(true);
  });
});
