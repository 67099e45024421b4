/**
 * A shadow-mode run against a REAL node_exporter via a REAL Prometheus, inside the gateway
 * (`--prometheus`): the twin predicts the node's CPU from a real arrival stream — the scrapes
 * node_exporter serves, counted by its own promhttp_metric_handler_requests_total — and the
 * shadow reports a finite MAPE for the node's cpu signal on GET /api/v1/shadow, in /metrics as
 * edgetwin_shadow_mape{node,app="",signal="cpu"}, and on the event stream, with calibration
 * before/after. The mapping file names the instance's twin node.
 *
 * Links and app latency: no blackbox_exporter or instrumented app runs here, so a stand-in HTTP
 * exporter, scraped by the same real Prometheus, publishes fixed values under blackbox's metric
 * names (an ICMP round trip for one link, a whole-probe duration for another; link MAPE exact by
 * hand) and an app's request counter and duration histogram that grow by the same amounts at every
 * scrape (so Prometheus's histogram_quantile gives p50 = 2 ms and p95 = 3.8 ms exactly), labelled
 * edgetwin_node="edge-1".
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrometheusMapping } from '../../../connectors/prometheus/mapping.ts';
import { predictNode, type ShadowModel } from '../../../connectors/shadow/predict.ts';
import { shadowModule } from '../../../connectors/shadow/shadow-routes.ts';
import type { ShadowState } from '../../../connectors/shadow/shadow.ts';
import { offlineOptions, testGateway, type TestGateway } from '../gateway/support/gateway.ts';
import { freePort, removeDir, startNodeExporter, startPrometheus, type NodeExporter, type Prometheus } from '../support/real-servers.ts';

let exporter: NodeExporter;
let prom: Prometheus;
let gw: TestGateway;
let probes: Server;
const events: ShadowState[] = [];

const model: ShadowModel = {
  nodes: new Map([['edge-1', { cores: 2, coreSpeed: 1 }]]),
  services: new Map([['monitoring/node-exporter', { cpuWorkMs: 5 }], ['cam/detect', { cpuWorkMs: 1.5 }]]),
  links: new Map([['edge-1~gw', { latencyMs: 3 }], ['edge-1~cloud', { latencyMs: 12 }]]),
};

/** blackbox_exporter's metric names with fixed values: RTT 8 ms on edge-1~gw, a 10 ms HTTP probe on edge-1~cloud. */
const PROBE_METRICS = [
  '# TYPE probe_icmp_duration_seconds gauge',
  'probe_icmp_duration_seconds{phase="rtt",edgetwin_link="edge-1~gw"} 0.008',
  '# TYPE probe_duration_seconds gauge',
  'probe_duration_seconds{edgetwin_link="edge-1~cloud"} 0.010',
  'probe_duration_seconds{edgetwin_link="edge-1~gw"} 0.009',
];

let scrapes = 0;
/** The stand-in's page at its k-th scrape: 10 more requests each time, 5 of them ≤ 2 ms and the other 5 in (2, 4] ms. */
function standInMetrics(): string {
  const k = ++scrapes;
  const app = (le: string, n: number) => `standin_request_duration_seconds_bucket{edgetwin_node="edge-1",le="${le}"} ${n}`;
  return [
    ...PROBE_METRICS,
    '# TYPE standin_requests_total counter',
    `standin_requests_total{edgetwin_node="edge-1"} ${10 * k}`,
    '# TYPE standin_request_duration_seconds histogram',
    app('0.002', 5 * k), app('0.004', 10 * k), app('+Inf', 10 * k),
    `standin_request_duration_seconds_sum{edgetwin_node="edge-1"} ${0.03 * k}`,
    `standin_request_duration_seconds_count{edgetwin_node="edge-1"} ${10 * k}`,
    '',
  ].join('\n');
}

const quantile = (q: number) => `histogram_quantile(${q}, sum by (le, instance, edgetwin_node) (rate(standin_request_duration_seconds_bucket[30s])))`;

beforeAll(async () => {
  exporter = await startNodeExporter();
  const target = `127.0.0.1:${exporter.port}`;
  const probePort = await freePort();
  probes = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }); res.end(standInMetrics()); });
  await new Promise<void>((r) => probes.listen(probePort, '127.0.0.1', () => r()));
  prom = await startPrometheus([target, `127.0.0.1:${probePort}`]);
  const mapping = parsePrometheusMapping([
    'nodes:',
    `  "${target}": edge-1`,
    'requestRates:',
    '  - service: monitoring/node-exporter',
    '    query: sum by (instance) (rate(promhttp_metric_handler_requests_total[30s]))',
    '  - service: cam/detect',
    '    query: sum by (instance, edgetwin_node) (rate(standin_requests_total[30s]))',
    'appLatencies:',
    '  - service: cam/detect',
    `    p50: ${JSON.stringify(quantile(0.5))}`,
    `    p95: ${JSON.stringify(quantile(0.95))}`,
    '',
  ].join('\n'), 'mapping.yaml');
  gw = await testGateway({
    options: { ...offlineOptions(), prometheusUrl: prom.url },
    // Observed CPU of a whole machine is never ~0 here; a tiny epsilon keeps every sample scored.
    extraModules: [shadowModule({ model, mapping, intervalMs: 300, windowMs: 60_000, epsilons: { cpu: 1e-6 } })],
  });
  gw.ctx.events.subscribe((topic, data) => { if (topic === 'shadow') events.push(data as ShadowState); });
});
afterAll(async () => {
  await gw?.close();
  await prom?.stop();
  await exporter?.stop();
  if (probes) await new Promise((r) => { probes.closeAllConnections(); probes.close(r); });
  if (gw) removeDir(gw.dir);
  if (prom) removeDir(prom.dir);
  if (exporter) removeDir(exporter.dir);
});

/** Polls GET /api/v1/shadow until `ok(state)` or the deadline. */
async function waitForShadow(ok: (s: ShadowState) => boolean, timeoutMs = 15_000): Promise<ShadowState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await gw.app.inject({ method: 'GET', url: '/api/v1/shadow', headers: gw.auth(gw.tokens.viewer) });
    expect(res.statusCode).toBe(200);
    const s = res.json() as ShadowState;
    if (ok(s)) return s;
    if (Date.now() > deadline) throw new Error(`shadow never got there; last state: ${JSON.stringify(s).slice(0, 800)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const cpuRow = (s: ShadowState) => s.nodes.find((n) => n.node === 'edge-1' && n.signal === 'cpu');

describe('shadow mode against a real node_exporter via Prometheus', () => {
  it('reports a finite MAPE for the node cpu signal on GET /api/v1/shadow', async () => {
    const s = await waitForShadow((x) => (cpuRow(x)?.samples ?? 0) >= 2);
    const row = cpuRow(s)!;
    expect(Number.isFinite(row.mape)).toBe(true);
    expect(row.mape!).toBeGreaterThanOrEqual(0);
    // The observation is node_exporter's CPU utilisation; the prediction ρ = λ·w/(c·s) from the scrape rate.
    expect(row.observed!).toBeGreaterThan(0);
    expect(row.observed!).toBeLessThanOrEqual(1);
    expect(row.predicted!).toBeGreaterThan(0);
    expect(s.sources).toEqual({ prometheus: true, fleet: false });
    expect(s.windowS).toBe(60);
    expect(s.problems.unmodelledNodes).toEqual([]);
    // The input is the scrape rate node_exporter counted; the prediction is the twin's ρ = λ·w/(c·s) of it.
    const seen = s.observed.find((o) => o.node === 'edge-1')!;
    const scrapesPerS = seen.ratesPerS['monitoring/node-exporter']!;
    const camPerS = seen.ratesPerS['cam/detect'] ?? 0;
    expect(scrapesPerS).toBeGreaterThan(0);
    expect(row.predicted).toBeCloseTo((scrapesPerS * 5 + camPerS * 1.5) / 1000 / 2, 12);
    expect(row.observed).toBe(seen.cpu);
    // Memory and network bytes are observed for the same twin node.
    expect(seen.memoryBytes!).toBeGreaterThan(1024 * 1024);
    expect(seen.networkReceiveBps).not.toBeNull();
    // Calibration fits the node's speed to what Prometheus saw, with the error before and after.
    const cal = s.calibration.nodes.find((n) => n.node === 'edge-1')!;
    expect(cal.coreSpeed.model).toBe(1);
    // A busy machine can be at 100 % CPU (saturated samples say nothing about speed and are left out of the fit).
    if (cal.coreSpeed.calibrated === null) {
      expect(cal.reason).toMatch(/unsaturated/);
      expect(seen.cpu!).toBeGreaterThanOrEqual(0.98);
    } else {
      expect(cal.fitSamples).toBeGreaterThanOrEqual(1);
      expect(cal.coreSpeed.calibrated).toBeGreaterThan(0);
    }
    expect(Number.isFinite(cal.cpu.before)).toBe(true);
    expect(Number.isFinite(cal.cpu.after)).toBe(true);
  });

  it('exports edgetwin_shadow_mape{node="edge-1",app="",signal="cpu"} on /metrics', async () => {
    await waitForShadow((x) => (cpuRow(x)?.samples ?? 0) >= 1);
    const res = await gw.app.inject({ method: 'GET', url: '/metrics', headers: gw.auth(gw.tokens.viewer) });
    expect(res.statusCode).toBe(200);
    const line = res.body.split('\n').find((l) => l.startsWith('edgetwin_shadow_mape{node="edge-1",app="",signal="cpu"}'));
    expect(line, res.body.split('\n').filter((l) => l.includes('shadow')).join('\n')).toBeDefined();
    const value = Number(line!.split(' ').pop());
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeGreaterThanOrEqual(0);
    expect(res.body).toContain('# HELP edgetwin_shadow_mape');
  });

  it("publishes each poll's state on the event stream (topic 'shadow')", async () => {
    await waitForShadow((x) => x.ticks >= 2);
    expect(events.length).toBeGreaterThanOrEqual(1);
    const last = events[events.length - 1]!;
    expect(last.ticks).toBeGreaterThanOrEqual(1);
    expect(last.sources.prometheus).toBe(true);
  });

  it('scores links from probe metrics: half the ICMP round trip, else the whole probe', async () => {
    const s = await waitForShadow((x) => x.links.length === 2);
    // edge-1~gw: RTT 8 ms → 4 ms one way (the ICMP probe wins over the 9 ms whole probe); model 3 ms → |3 − 4| / 4 = 25 %.
    // edge-1~cloud: no ICMP probe → 10 ms; model 12 ms → |12 − 10| / 10 = 20 %.
    expect(s.links).toEqual([
      { link: 'edge-1~cloud', signal: 'latency', mape: expect.closeTo(20, 9), samples: expect.any(Number), skipped: 0, predicted: 12, observed: expect.closeTo(10, 9) },
      { link: 'edge-1~gw', signal: 'latency', mape: expect.closeTo(25, 9), samples: expect.any(Number), skipped: 0, predicted: 3, observed: expect.closeTo(4, 9) },
    ]);
    const cal = Object.fromEntries(s.calibration.links.map((l) => [l.link, l]));
    expect(cal['edge-1~gw']!.latencyMs.calibrated).toBeCloseTo(4, 9);
    expect(cal['edge-1~cloud']!.latencyMs.calibrated).toBeCloseTo(10, 9);
    expect(cal['edge-1~gw']!.mape).toMatchObject({ before: expect.closeTo(25, 9), after: expect.closeTo(0, 9) });
    const metrics = (await gw.app.inject({ method: 'GET', url: '/metrics', headers: gw.auth(gw.tokens.viewer) })).body;
    const line = metrics.split('\n').find((l) => l.startsWith('edgetwin_shadow_link_mape{link="edge-1~gw",signal="latency"} '));
    expect(Number(line?.split(' ').pop())).toBeCloseTo(25, 9);
  });

  it("scores an app's latency percentiles from Prometheus histograms against the twin's M/M/c prediction", async () => {
    const s = await waitForShadow((x) => x.apps.filter((a) => a.samples > 0).length === 2);
    const seen = s.observed.find((o) => o.node === 'edge-1')!;
    expect(seen.ratesPerS['cam/detect']!).toBeGreaterThan(0);
    const rows = Object.fromEntries(s.apps.map((a) => [a.signal, a]));
    expect(Object.keys(rows).sort()).toEqual(['latency_p50', 'latency_p95']);
    expect(rows.latency_p50).toMatchObject({ app: 'cam/detect', node: 'edge-1', observed: expect.closeTo(2, 9) });
    expect(rows.latency_p95).toMatchObject({ app: 'cam/detect', node: 'edge-1', observed: expect.closeTo(3.8, 9) });
    // The prediction is the twin's, from the rates Prometheus saw in the same poll.
    const p = predictNode(model, 'edge-1', new Map(Object.entries(seen.ratesPerS)))!.latency.get('cam/detect')!;
    expect(rows.latency_p50!.predicted).toBeCloseTo(p.p50Ms, 9);
    expect(rows.latency_p95!.predicted).toBeCloseTo(p.p95Ms, 9);
    for (const r of [rows.latency_p50!, rows.latency_p95!]) expect(Number.isFinite(r.mape)).toBe(true);
    const metrics = (await gw.app.inject({ method: 'GET', url: '/metrics', headers: gw.auth(gw.tokens.viewer) })).body;
    expect(metrics).toContain('edgetwin_shadow_mape{node="edge-1",app="cam/detect",signal="latency_p95"}');
  });

  it('GET /api/v1/shadow needs a viewer token', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/api/v1/shadow' });
    expect(res.statusCode).toBe(401);
  });
});
