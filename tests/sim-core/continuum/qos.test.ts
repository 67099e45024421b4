/**
 * QoS classes: resolution onto streams (by id, by priority, default 1), refusals, and the weight
 * the twin gives each stream's flows.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';

const site = (qos: string, duration = '1s') => `apiVersion: edgetwin.io/v1alpha1
kind: Scenario
metadata: {name: q}
spec:
  seed: 1
  duration: ${duration}
  orchestrator: {placement: static}
  nodes:
    - {id: a, tier: sensor}
    - {id: b, tier: sensor}
    - {id: c, tier: sensor}
    - {id: gw, tier: gateway}
  links:
    - {between: [a, gw], type: ethernet, latency: 0ms, bandwidth: 90Mbps}
    - {between: [b, gw], type: ethernet, latency: 0ms, bandwidth: 1Gbps}
    - {between: [c, gw], type: ethernet, latency: 0ms, bandwidth: 1Gbps}
  apps:
    - {id: x, slo: {latency: 1s}, services: [{id: s, cpuWork: 1ms, placement: [gw]}]}
  streams:
    - {id: crit, app: x, sources: [a], arrival: {trace: {gaps: [10s]}}, size: 1MB, priority: high}
    - {id: mid, app: x, sources: [b], arrival: {trace: {gaps: [10s]}}, size: 1MB}
    - {id: bulk, app: x, sources: [c], arrival: {trace: {gaps: [10s]}}, size: 1MB, priority: low}
${qos}`;

describe('QoS classes', () => {
  it('map onto streams by id, else by priority; streams in no class weigh 1', () => {
    const m = parseScenario(site(`  continuum:
    qos:
      classes:
        critical: {weight: 8, streams: [crit]}
        bulk: {weight: 0.25, priority: low}
        also-high: {weight: 3, priority: high}`), 'q.yaml');
    expect(m.continuum!.qos!.streamClass).toEqual(['critical', null, 'bulk']);
    expect(m.continuum!.qos!.streamWeight).toEqual([8, 1, 0.25]);
  });

  it('refuses unknown streams, a stream in two classes, and weights that are not > 0', () => {
    const bad = (qos: string) => () => parseScenario(site(qos), 'q.yaml');
    expect(bad(`  continuum: {qos: {classes: {critical: {weight: 8, streams: [cirt]}}}}`))
      .toThrow(/q\.yaml:\d+:\d+.*spec\.continuum\.qos\.classes\.critical\.streams\[0\].*no stream 'cirt'.*did you mean 'crit'/s);
    expect(bad(`  continuum: {qos: {classes: {p: {weight: 8, streams: [crit]}, q: {weight: 2, streams: [crit]}}}}`))
      .toThrow(/stream 'crit' is already in class 'p'/);
    expect(bad(`  continuum: {qos: {classes: {p: {weight: 0}}}}`)).toThrow(/spec\.continuum\.qos\.classes\.p\.weight.*must be greater than 0/s);
  });

  it("in the twin, every flow of a stream's messages carries its class weight", () => {
    // Records the weight of each flow the twin starts (the sharing itself is FlowNetwork's, tested
    // in tests/sim-core/fabric/flow-network-weighted.test.ts; its effect in experiment-qos-uplink).
    const sim = new Simulation(parseScenario(site(`  continuum:
    qos:
      classes:
        critical: {weight: 8, streams: [crit]}
        bulk: {weight: 0.25, priority: low}`, '10s'), 'q.yaml'));
    const seen = new Set<string>();
    const flows = sim.state.fabric.flows, msgs = sim.state.messages.table;
    const start = flows.start.bind(flows), one = flows.startOnResource.bind(flows);
    // The tag of a data flow is its message slot: read the stream when the flow starts.
    flows.start = (res, size, now, tag, w = 1) => { seen.add(`${msgs.stream[tag]}:${w}`); return start(res, size, now, tag, w); };
    flows.startOnResource = (r, size, now, tag, w = 1) => { seen.add(`${msgs.stream[tag]}:${w}`); return one(r, size, now, tag, w); };
    sim.runToEnd();
    expect([...seen].sort()).toEqual(['0:8', '1:1', '2:0.25']);
  });
});
