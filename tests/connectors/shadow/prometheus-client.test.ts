/**
 * The Prometheus client against a REAL Prometheus scraping a REAL node_exporter (Debian packages,
 * loopback): instant and range queries of the mapping's PromQL give the node's CPU utilisation,
 * memory and network bytes, mapped onto the twin node of the instance; Prometheus's own refusal of
 * bad PromQL and an unreachable server become PrometheusErrors that say so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusClient, PrometheusError, type PrometheusClient, type PromSample } from '../../../connectors/prometheus/client.ts';
import { DEFAULT_PROMETHEUS_MAPPING, groupSamples, nodeIdFor, parsePrometheusMapping, promQueries } from '../../../connectors/prometheus/mapping.ts';
import { calibrateFromHistory } from '../../../connectors/shadow/history.ts';
import { freePort, removeDir, startNodeExporter, startPrometheus, type NodeExporter, type Prometheus } from '../support/real-servers.ts';

let exporter: NodeExporter;
let prom: Prometheus;
let client: PrometheusClient;
let target = '';

/** Polls `promql` until it returns at least one sample (Prometheus needs two scrapes for a rate). */
async function waitForSamples(promql: string, timeoutMs = 15_000): Promise<PromSample[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await client.query(promql);
    if (r.length > 0) return r;
    if (Date.now() > deadline) throw new Error(`${promql} returned nothing within ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

beforeAll(async () => {
  exporter = await startNodeExporter();
  target = `127.0.0.1:${exporter.port}`;
  prom = await startPrometheus([target]);
  client = createPrometheusClient({ baseUrl: prom.url });
});
afterAll(async () => {
  await prom?.stop();
  await exporter?.stop();
  if (prom) removeDir(prom.dir);
  if (exporter) removeDir(exporter.dir);
});

describe('against a real Prometheus scraping a real node_exporter', () => {
  it('instant query: the scrape target is up', async () => {
    const up = await waitForSamples(`up{instance="${target}"}`);
    expect(up).toHaveLength(1);
    expect(up[0]!.labels).toMatchObject({ instance: target, job: 'node', __name__: 'up' });
    expect(up[0]!.value).toBe(1);
    expect(Math.abs(up[0]!.tsS * 1000 - Date.now())).toBeLessThan(60_000);
  });

  it("the mapping's PromQL gives the node's CPU utilisation, memory and network bytes, on twin node 127.0.0.1", async () => {
    const q = promQueries(DEFAULT_PROMETHEUS_MAPPING);
    const cpu = groupSamples(await waitForSamples(q.cpu), (l) => nodeIdFor(l), 'mean');
    expect([...cpu.values.keys()]).toEqual(['127.0.0.1']);
    const u = cpu.values.get('127.0.0.1')!;
    expect(u).toBeGreaterThanOrEqual(0);
    expect(u).toBeLessThanOrEqual(1);
    const mem = groupSamples(await waitForSamples(q.memoryBytes), (l) => nodeIdFor(l), 'sum').values.get('127.0.0.1')!;
    expect(mem).toBeGreaterThan(1024 * 1024);
    const rx = await waitForSamples(q.networkReceiveBps);
    expect(rx).toHaveLength(1); // summed over devices per instance
    expect(rx[0]!.value).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(rx[0]!.value)).toBe(true);
  });

  it('range query: a matrix of [ts, value] points, oldest first, step apart', async () => {
    await waitForSamples(`up{instance="${target}"}`);
    const endS = Date.now() / 1000;
    const series = await client.queryRange(`up{instance="${target}"}`, endS - 3, endS, 1);
    expect(series).toHaveLength(1);
    const pts = series[0]!.points;
    expect(pts.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < pts.length; i++) expect(pts[i]!.tsS - pts[i - 1]!.tsS).toBeCloseTo(1, 6);
    expect(pts.every((p) => p.value === 1)).toBe(true);
  });

  it('an instant query of a scalar is one sample without labels', async () => {
    const r = await client.query('scalar(vector(42))');
    expect(r).toEqual([{ labels: {}, tsS: expect.any(Number), value: 42 }]);
  });

  it("bad PromQL: Prometheus's refusal, with its error type and message", async () => {
    const err = await client.query('rate(up[') .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(PrometheusError);
    expect((err as PrometheusError).kind).toBe('query');
    expect((err as PrometheusError).status).toBe(400);
    expect((err as PrometheusError).message).toMatch(/bad_data.*parse error/);
  });

  it("a range-vector expression in a range query is Prometheus's refusal too", async () => {
    const err = await client.queryRange('up[5m]', 0, 10, 1).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(PrometheusError);
    expect((err as PrometheusError).kind).toBe('query');
  });
});

describe('calibration from history (range queries)', () => {
  it("reads the last seconds of the node's CPU and scrape rate and fits a core speed (or says the node was saturated)", async () => {
    const mapping = parsePrometheusMapping('requestRates: [{service: monitoring/node-exporter, query: "sum by (instance) (rate(promhttp_metric_handler_requests_total[30s]))"}]\n', 'm.yaml');
    const model = { nodes: new Map([['127.0.0.1', { cores: 2, coreSpeed: 1 }]]), services: new Map([['monitoring/node-exporter', { cpuWorkMs: 5 }]]), links: new Map() };
    await waitForSamples(promQueries(mapping).cpu);
    await waitForSamples(mapping.requestRates[0]!.query);
    // A rate needs two scrapes inside its window at each point: poll until the history has some.
    const deadline = Date.now() + 15_000;
    let c: Awaited<ReturnType<typeof calibrateFromHistory>>;
    for (;;) {
      const endS = Math.floor(Date.now() / 1000);
      c = await calibrateFromHistory(client, mapping, model, { startS: endS - 4, endS, stepS: 1 }, { cpu: 1e-6, latencyMs: 0.01 });
      if (c.history.nodes.length > 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(c.history.problems).toEqual([]);
    expect(c.history.nodes.length).toBeGreaterThanOrEqual(1);
    for (const o of c.history.nodes) {
      expect(o.node).toBe('127.0.0.1');
      expect(o.atMs % 1000).toBe(0); // on the step grid
      expect(o.ratesPerS.get('monitoring/node-exporter')!).toBeGreaterThan(0);
    }
    const n = c.nodes.find((x) => x.node === '127.0.0.1')!;
    expect(n.cpu.samplesBefore).toBe(c.history.nodes.filter((o) => o.cpu !== null).length);
    if (n.coreSpeed.calibrated === null) expect(n.reason).toMatch(/unsaturated/);
    else expect(n.coreSpeed.calibrated).toBeGreaterThan(0);
  });
});

describe('unreachable server', () => {
  it('is a network error naming the address', async () => {
    const port = await freePort();
    const c = createPrometheusClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 });
    const err = await c.query('up').then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(PrometheusError);
    expect((err as PrometheusError).kind).toBe('network');
    expect((err as PrometheusError).message).toContain(`127.0.0.1:${port}`);
    expect((err as PrometheusError).message).toMatch(/ECONNREFUSED/);
  });
});
