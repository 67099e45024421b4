/**
 * Shadow-mode observations: what one Prometheus poll maps onto the twin (with a client that
 * answers fixed samples per query, so every figure is known), what agents' metrics reports
 * give (each used once; nonsense dropped and said), and how the two merge (Prometheus first,
 * field by field, percentile by percentile).
 */
import { describe, expect, it } from 'vitest';
import type { FleetNode } from '../../../connectors/live/fleet-node.ts';
import type { MetricsReport } from '../../../connectors/mqtt/reports.ts';
import { PrometheusError, type PrometheusClient, type PromSample } from '../../../connectors/prometheus/client.ts';
import { parsePrometheusMapping, promQueries } from '../../../connectors/prometheus/mapping.ts';
import { mergeObservations } from '../../../connectors/shadow/observation.ts';
import { observeFleet } from '../../../connectors/shadow/observe-fleet.ts';
import { observePrometheus } from '../../../connectors/shadow/observe-prometheus.ts';

const mapping = parsePrometheusMapping([
  'nodes: {"10.0.0.5:9100": edge-1}',
  'links: {"10.0.0.9": edge-1~gw}',
  'requestRates: [{service: cam/detect, query: "RATE"}]',
  'appLatencies: [{service: cam/detect, p50: "P50", p95: "P95"}]',
  '',
].join('\n'), 'm.yaml');
const q = promQueries(mapping);
const sample = (labels: Record<string, string>, value: number): PromSample => ({ labels, tsS: 1, value });

/** A client answering each PromQL from a table; `failing` queries throw like an unreachable exporter. */
function fakeClient(answers: Record<string, PromSample[]>, failing: string[] = []): PrometheusClient {
  return {
    async query(promql) {
      if (failing.includes(promql)) throw new PrometheusError('query', `query ${JSON.stringify(promql)}: Prometheus refused it (bad_data): boom`);
      return answers[promql] ?? [];
    },
    async queryRange() { throw new Error('not used'); },
  };
}

describe('observePrometheus', () => {
  const answers: Record<string, PromSample[]> = {
    [q.cpu]: [sample({ instance: '10.0.0.5:9100' }, 0.42), sample({ instance: 'cam-3:9100' }, 0.1), sample({ job: 'x' }, 0.9)],
    [q.memoryBytes]: [sample({ instance: '10.0.0.5:9100' }, 2e9)],
    [q.networkReceiveBps]: [sample({ instance: '10.0.0.5:9100' }, 1000)],
    [q.networkTransmitBps]: [sample({ instance: '10.0.0.5:9100' }, 500)],
    [q.linkRttS]: [sample({ instance: '10.0.0.9' }, 0.006), sample({ instance: '10.0.0.77' }, 0.5)],
    [q.linkProbeS]: [sample({ instance: '10.0.0.9' }, 0.02), sample({ instance: 'x', edgetwin_link: 'cam-3~gw' }, 0.03)],
    RATE: [sample({ instance: '10.0.0.5:9100' }, 120), sample({ instance: 'cam-3:9100' }, -1)],
    P50: [sample({ instance: '10.0.0.5:9100' }, 0.004)],
    P95: [sample({ instance: '10.0.0.5:9100' }, 0.012)],
  };

  it('maps every query onto twin nodes and links', async () => {
    const o = await observePrometheus(fakeClient(answers), mapping);
    expect(o.nodes.get('edge-1')).toEqual({
      cpu: 0.42, memoryBytes: 2e9, networkReceiveBps: 1000, networkTransmitBps: 500,
      ratesPerS: new Map([['cam/detect', 120]]),
      latency: new Map([['cam/detect', { p50Ms: 4, p95Ms: 12 }]]),
    });
    expect(o.nodes.get('cam-3')).toEqual({ cpu: 0.1 }); // default id = host; its negative rate is refused
    // ICMP round trip 6 ms → 3 ms one way wins over the 20 ms probe; cam-3~gw has only a whole probe: 30 ms.
    expect(o.links).toEqual(new Map([['edge-1~gw', 3], ['cam-3~gw', 30]]));
    expect(o.problems).toEqual(['1 cpu series without an instance or edgetwin_node label', 'request rate of cam/detect on cam-3 is negative (-1); ignored']);
  });

  it('a failing query is one problem, the rest still count', async () => {
    const o = await observePrometheus(fakeClient(answers, [q.cpu, 'P95']), mapping);
    expect(o.nodes.get('edge-1')!.cpu).toBeUndefined();
    expect(o.nodes.get('edge-1')!.memoryBytes).toBe(2e9);
    expect(o.nodes.get('edge-1')!.latency).toEqual(new Map([['cam/detect', { p50Ms: 4, p95Ms: null }]]));
    expect(o.problems.filter((p) => p.includes('boom'))).toHaveLength(2);
  });
});

function fleetNode(id: string, metrics: MetricsReport | null): FleetNode {
  return { id, state: 'ready', sources: ['mqtt'], lastSeenMs: 0, heartbeatLagMs: 0, runningVersion: 1, running: [], lastReport: null, metrics, labels: {} };
}
const report = (node: string, atMs: number, over: Partial<MetricsReport> = {}): MetricsReport => ({
  v: 1, node, atMs, intervalMs: 2000, cpuUtilization: 0.3, memoryBytes: 1e9,
  apps: { 'cam/detect': { requests: 300, errorRate: 0, latencyMsP50: 5, latencyMsP95: 20 } }, ...over,
});

describe('observeFleet', () => {
  it('rates are requests per interval; each report is used once', () => {
    const used = new Map<string, number>();
    const first = observeFleet([fleetNode('e1', report('e1', 1000)), fleetNode('e2', null)], used);
    expect(first.nodes.get('e1')).toEqual({ cpu: 0.3, memoryBytes: 1e9, ratesPerS: new Map([['cam/detect', 150]]), latency: new Map([['cam/detect', { p50Ms: 5, p95Ms: 20 }]]) });
    expect(first.nodes.has('e2')).toBe(false);
    expect(observeFleet([fleetNode('e1', report('e1', 1000))], used).nodes.size).toBe(0);
    expect(observeFleet([fleetNode('e1', report('e1', 900))], used).nodes.size).toBe(0); // older: skipped too
    expect(observeFleet([fleetNode('e1', report('e1', 3000))], used).nodes.size).toBe(1);
  });

  it('nonsense figures are dropped and said, never a crash', () => {
    const o = observeFleet([
      fleetNode('e1', report('e1', 1, { cpuUtilization: 7, apps: { 'a/x': { requests: -5, errorRate: 0, latencyMsP50: 1, latencyMsP95: 2 }, 'a/y': { requests: 10, errorRate: 0, latencyMsP50: NaN, latencyMsP95: 3 } } })),
      fleetNode('e2', report('e2', 1, { intervalMs: 0 })),
    ], new Map());
    expect(o.nodes.get('e1')).toEqual({ memoryBytes: 1e9, ratesPerS: new Map([['a/y', 5]]), latency: new Map([['a/y', { p50Ms: null, p95Ms: 3 }]]) });
    expect(o.nodes.has('e2')).toBe(false);
    expect(o.problems).toEqual([
      'metrics report of e1: cpuUtilization 7 is not in 0..1; not scored',
      'metrics report of e1: a/x requests -5 is not a count; service left out',
      'metrics report of e2 has interval 0 ms; no rates taken from it',
    ]);
  });
});

describe('mergeObservations', () => {
  it('Prometheus first, field by field, service by service, percentile by percentile', () => {
    const prom = {
      nodes: new Map([['e1', { cpu: 0.5, ratesPerS: new Map([['a/x', 10]]), latency: new Map([['a/x', { p50Ms: null, p95Ms: 9 }]]) }]]),
      links: new Map([['l1', 3]]), problems: ['p'],
    };
    const agents = {
      nodes: new Map([
        ['e1', { cpu: 0.4, memoryBytes: 7, ratesPerS: new Map([['a/x', 12], ['a/y', 4]]), latency: new Map([['a/x', { p50Ms: 2, p95Ms: 8 }]]) }],
        ['e2', { cpu: 0.1 }],
      ]),
      links: new Map([['l1', 5], ['l2', 6]]), problems: ['f'],
    };
    const m = mergeObservations(prom, agents);
    expect(m.nodes.get('e1')).toEqual({ cpu: 0.5, memoryBytes: 7, ratesPerS: new Map([['a/x', 10], ['a/y', 4]]), latency: new Map([['a/x', { p50Ms: 2, p95Ms: 9 }]]) });
    expect(m.nodes.get('e2')).toEqual({ cpu: 0.1 });
    expect(m.links).toEqual(new Map([['l1', 3], ['l2', 6]]));
    expect(m.problems).toEqual(['p', 'f']);
  });
});
