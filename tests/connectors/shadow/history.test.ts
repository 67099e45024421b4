/**
 * Calibration from Prometheus history, with a client that answers fixed range matrices: series
 * line up by timestamp, a point without the twin's input (arrival rates) is no observation, and
 * history made by a node 2.5× faster than the model says gives back 2.5 within float epsilon.
 */
import { describe, expect, it } from 'vitest';
import type { PrometheusClient, PromSeries } from '../../../connectors/prometheus/client.ts';
import { groupSeries, nodeIdFor, parsePrometheusMapping, promQueries } from '../../../connectors/prometheus/mapping.ts';
import { calibrateFromHistory, readHistory } from '../../../connectors/shadow/history.ts';
import { predictNode, type ShadowModel } from '../../../connectors/shadow/predict.ts';

const mapping = parsePrometheusMapping('nodes: {"10.0.0.5:9100": edge-1}\nlinks: {"10.0.0.9": edge-1~gw}\nrequestRates: [{service: cam/detect, query: RATE}]\nappLatencies: [{service: cam/detect, p95: P95}]\n', 'm.yaml');
const q = promQueries(mapping);
const model: ShadowModel = { nodes: new Map([['edge-1', { cores: 2, coreSpeed: 1 }]]), services: new Map([['cam/detect', { cpuWorkMs: 8 }]]), links: new Map([['edge-1~gw', { latencyMs: 2 }]]) };
const series = (labels: Record<string, string>, points: [number, number][]): PromSeries => ({ labels, points: points.map(([tsS, value]) => ({ tsS, value })) });

function rangeClient(answers: Record<string, PromSeries[]>, seen: { promql: string; startS: number; endS: number; stepS: number }[] = []): PrometheusClient {
  return {
    async query() { throw new Error('not used'); },
    async queryRange(promql, startS, endS, stepS) { seen.push({ promql, startS, endS, stepS }); return answers[promql] ?? []; },
  };
}

describe('groupSeries', () => {
  it('groups points per twin id and timestamp, combining series', () => {
    const g = groupSeries([
      series({ instance: 'a:1', cpu: '0' }, [[10, 0.2], [20, 0.4]]),
      series({ instance: 'a:1', cpu: '1' }, [[10, 0.4], [20, NaN]]),
      series({ job: 'x' }, [[10, 1]]),
    ], (l) => nodeIdFor(l), 'mean');
    expect(g.values).toEqual(new Map([['a', new Map([[10, expect.closeTo(0.3, 12)], [20, 0.4]])]]));
    expect(g.unmapped).toBe(1);
    expect(g.nonFinite).toBe(1);
  });
});

describe('readHistory and calibrateFromHistory', () => {
  const TRUE_SPEED = 2.5;
  const ts = [100, 115, 130, 145];
  const lambda = [50, 100, 150, 200];
  const truth = lambda.map((l) => predictNode(model, 'edge-1', new Map([['cam/detect', l]]), TRUE_SPEED)!);
  const answers: Record<string, PromSeries[]> = {
    [q.cpu]: [series({ instance: '10.0.0.5:9100' }, ts.map((t, i) => [t, truth[i]!.utilization]))],
    // No rate at the last point: that point is no observation.
    RATE: [series({ instance: '10.0.0.5:9100' }, ts.slice(0, 3).map((t, i) => [t, lambda[i]!]))],
    P95: [series({ instance: '10.0.0.5:9100' }, ts.map((t, i) => [t, truth[i]!.latency.get('cam/detect')!.p95Ms / 1000]))],
    [q.linkRttS]: [series({ instance: '10.0.0.9' }, [[100, 0.006], [115, 0.008], [130, 0.010]])],
  };

  it('lines series up by timestamp; points without arrival rates are left out', async () => {
    const calls: { promql: string; startS: number; endS: number; stepS: number }[] = [];
    const h = await readHistory(rangeClient(answers, calls), mapping, { startS: 100, endS: 145, stepS: 15 });
    expect(calls.every((c) => c.startS === 100 && c.endS === 145 && c.stepS === 15)).toBe(true);
    expect(calls.map((c) => c.promql).sort()).toEqual([q.cpu, q.linkProbeS, q.linkRttS, 'P95', 'RATE'].sort());
    expect(h.nodes.map((o) => [o.atMs, o.node, o.ratesPerS.get('cam/detect'), o.cpu])).toEqual(
      [0, 1, 2].map((i) => [ts[i]! * 1000, 'edge-1', lambda[i], truth[i]!.utilization]),
    );
    expect(h.nodes[1]!.latency.get('cam/detect')).toEqual({ p50Ms: null, p95Ms: expect.closeTo(truth[1]!.latency.get('cam/detect')!.p95Ms, 9) });
    expect(h.links).toEqual([{ atMs: 100_000, link: 'edge-1~gw', observedMs: 3 }, { atMs: 115_000, link: 'edge-1~gw', observedMs: 4 }, { atMs: 130_000, link: 'edge-1~gw', observedMs: 5 }]);
    expect(h.problems).toEqual([]);
  });

  it('fits the true core speed and link latency from history', async () => {
    const c = await calibrateFromHistory(rangeClient(answers), mapping, model, { startS: 100, endS: 145, stepS: 15 }, { cpu: 0.01, latencyMs: 0.01 });
    const n = c.nodes[0]!;
    expect(n.fitSamples).toBe(3);
    expect(Math.abs(n.coreSpeed.calibrated! - TRUE_SPEED)).toBeLessThan(1e-12);
    expect(n.cpu.after).toBeLessThan(1e-9);
    expect(n.latency.after).toBeLessThan(1e-6);
    expect(n.latency.before!).toBeGreaterThan(n.latency.after!);
    // Offsets 1, 2, 3 ms → median 2 → 4 ms.
    expect(c.links[0]!.latencyMs).toEqual({ model: 2, calibrated: 4 });
  });

  it('a failing range query is a problem, not a crash', async () => {
    const failing: PrometheusClient = { async query() { return []; }, async queryRange(p) { throw new Error(`range query ${p}: boom`); } };
    const h = await readHistory(failing, mapping, { startS: 0, endS: 10, stepS: 1 });
    expect(h.nodes).toEqual([]);
    expect(h.problems).toHaveLength(5);
  });
});
