/**
 * The trace (edgetwin-trace/v2) holds what a reader needs to recompute the report: lifecycle
 * counts, the conservation books, per-app completed / dropped / lost and latency percentiles,
 * storage counts and WAN bytes come out of TraceReplay exactly equal to the report — for random
 * fabrics with every lifecycle feature and faults (property), for every shipped scenario, and
 * through the CLI from a file on disk. Publishing the trace never changes the trace hash.
 * Transfers (per leg, with their links), queueing and service are observable: rates stay
 * within link bandwidth, a queued message starts service later on the same node.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FaultModel, ScenarioModel } from '../../sim-core/scenario/model.ts';
import type { TwinEvent } from '../../sim-core/twin/events.ts';
import type { RunReport } from '../../sim-core/twin/report.ts';
import { Simulation } from '../../sim-core/twin/simulation.ts';
import { traceFooter, traceHeader } from '../../sim-core/twin/trace-format.ts';
import { TraceReplay, type TraceSummary } from '../../sim-core/twin/trace-replay.ts';
import { loadScenario } from '../../cli/lib/scenario.ts';
import { readTrace } from '../../cli/lib/trace-reader.ts';
import { app, link, node, scenario, service, stream } from '../helpers/model-builder.ts';

const ROOT = join(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'edgetwin-trace-'));

/** Runs a model with a trace subscriber; lines go through JSON as they would through the file. */
function traced(model: ScenarioModel, build = {}): { report: RunReport; events: TwinEvent[]; summary: TraceSummary } {
  const sim = new Simulation(model, build);
  const events: TwinEvent[] = [];
  sim.subscribe((e) => events.push(JSON.parse(JSON.stringify(e))), { messages: true });
  sim.runToEnd();
  const report = sim.report();
  const replay = new TraceReplay();
  replay.add(JSON.parse(JSON.stringify(traceHeader(model, sim.state.seed))));
  for (const e of events) replay.add(e);
  replay.add(traceFooter(report, events.length));
  return { report, events, summary: replay.result() };
}

/** The report's numbers a trace must reproduce, in the summary's shape. */
function expectSameNumbers(summary: TraceSummary, r: RunReport): void {
  expect(summary.lifecycle).toEqual(r.lifecycle);
  const { balanced: _b, ...books } = r.conservation;
  expect(summary.conservation).toEqual(books);
  expect(summary.apps).toEqual(r.apps.map((a) => ({ id: a.id, completed: a.completed, dropped: a.dropped, lost: a.lost, latencyMs: a.latencyMs })));
  expect(summary.storage).toEqual(r.storage);
  expect(summary.network.wanBytes).toBe(r.network.wanBytes);
}

interface Shape {
  seed: number; sensors: number; ratePerS: number; queueCapacity: number; bufferBytes: number; loss: number;
  outage: boolean; crash: boolean; power: boolean; fanout: boolean; actuation: boolean; ps: boolean;
  ttlMs: number; keepFraction: number; quality: boolean; sinkAtEdge: boolean; storageBytes: number; degrade: boolean;
}

function build(sh: Shape): ScenarioModel {
  const nodes = [
    node('cloud', { tier: 'cloud', cores: 8, region: 'r2', zone: 'r2-a', queueCapacity: sh.queueCapacity, storageBytes: sh.storageBytes }),
    node('edge', { tier: 'edge', cores: 2, queueCapacity: sh.queueCapacity, discipline: sh.ps ? 'ps' : 'fifo', bufferBytes: sh.bufferBytes, storageVolatile: true, storageBytes: sh.storageBytes }),
    node('gw', { tier: 'gateway', arch: 'arm64', cores: 1, coreSpeed: 0.5, queueCapacity: sh.queueCapacity, bufferBytes: sh.bufferBytes }),
  ];
  const links = [
    link('edge', 'cloud', { latencyMs: 20, bandwidthBps: 10e6, loss: sh.loss, type: 'fibre', availability: { outages: sh.outage ? [{ atMs: 5_000, forMs: 4_000 }] : [] } }),
    link('gw', 'edge', { latencyMs: 2, bandwidthBps: 5e6, loss: sh.loss }),
  ];
  const sensors: string[] = [];
  for (let k = 0; k < sh.sensors; k++) {
    sensors.push(`s${k}`);
    nodes.push(node(`s${k}`, { tier: 'sensor', arch: 'microcontroller', bufferBytes: sh.bufferBytes > 0 ? 4_000 : 0 }));
    links.push(link(`s${k}`, 'gw', { type: 'wifi', latencyMs: 3, bandwidthBps: 1e6, loss: sh.loss }));
  }
  const sink = sh.sinkAtEdge ? 'edge' : 'cloud';
  const vision = app('vision', [
    service('detect', { cpuWorkMs: 3, placement: ['edge'], next: sh.fanout ? ['store', 'train'] : ['store'], outputRatio: 0.5 }),
    service('store', { cpuWorkMs: 1, placement: [sink] }),
    ...(sh.fanout ? [service('train', { cpuWorkMs: 5, placement: ['cloud'] })] : []),
  ]);
  const control = app('control', [service('act', { cpuWorkMs: 2, placement: ['edge'] })], { slo: { latencyMs: 30, percentile: 99 } });
  const faults: FaultModel[] = [];
  if (sh.crash) faults.push({ kind: 'node', target: 'edge', atMs: 7_000, forMs: 3_000, spec: 'node:edge@7s+3s' });
  if (sh.power) faults.push({ kind: 'power', target: 'edge', atMs: 12_000, forMs: 2_000, spec: 'power:edge@12s+2s' });
  if (sh.degrade) faults.push({ kind: 'link', target: 'gw~edge', atMs: 1_000, forMs: 6_000, degrade: { latencyFactor: 3, bandwidthFactor: 0.1, loss: 0.05 }, spec: 'link:gw~edge@1s+6s:latency=x3,bandwidth=x0.1,loss=0.05' });
  return scenario({
    seed: sh.seed, durationMs: 20_000, regions: [{ id: 'r1', zones: ['r1-a'] }, { id: 'r2', zones: ['r2-a'] }], nodes, links, faults,
    apps: [vision, control],
    streams: [
      stream('frames', 'vision', 'detect', sensors, {
        arrival: { kind: 'poisson', ratePerS: sh.ratePerS }, sizeBytes: { dist: 'uniform', min: 500, max: 3_000 },
        filter: { ...(sh.keepFraction < 1 ? { keepFraction: sh.keepFraction } : {}), ...(sh.quality ? { quality: { min: 0.05, max: 0.95, drop: false } } : {}) },
        ttlMs: sh.ttlMs, store: { lifespanMs: 4_000, replicas: 1, criticalAbove: 0.8 },
      }),
      stream('alarms', 'control', 'act', sensors.slice(0, 2), {
        arrival: { kind: 'poisson', ratePerS: 2 }, filter: sh.quality ? { quality: { min: 0.1, drop: true } } : {},
        actuationBytes: sh.actuation ? 64 : undefined,
      }),
    ],
  });
}

const shapeArb: fc.Arbitrary<Shape> = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  sensors: fc.integer({ min: 2, max: 8 }),
  ratePerS: fc.constantFrom(1, 5, 40),
  queueCapacity: fc.constantFrom(2, 50, 1e9),
  bufferBytes: fc.constantFrom(0, 20_000, 10_000_000),
  loss: fc.constantFrom(0, 0.02),
  outage: fc.boolean(), crash: fc.boolean(), power: fc.boolean(), fanout: fc.boolean(), actuation: fc.boolean(), ps: fc.boolean(),
  ttlMs: fc.constantFrom(Infinity, 200, 2_000),
  keepFraction: fc.constantFrom(1, 0.5),
  quality: fc.boolean(), sinkAtEdge: fc.boolean(),
  storageBytes: fc.constantFrom(2 ** 30, 20_000),
  degrade: fc.boolean(),
});

describe('the trace recomputes the report', () => {
  it('for random fabrics, workloads and faults (property, seeded)', () => {
    const kinds = new Set<string>();
    fc.assert(fc.property(shapeArb, (sh) => {
      const { report, events, summary } = traced(build(sh));
      expectSameNumbers(summary, report);
      for (const e of events) kinds.add(e.type);
    }), { numRuns: 40, seed: 1414 });
    // The property visited every message-level line kind, so each one is checked above.
    for (const k of ['emit', 'fork', 'ingest', 'filter', 'transfer-start', 'transfer-end', 'transfer-abort', 'buffer', 'queued', 'service-start', 'service-end',
      'store', 'purge', 'copy-start', 'copy-end', 'deliver', 'drop', 'lost', 'expire']) expect(kinds, k).toContain(k);
  });

  it('a WAN-heavy run: suspect readings, copies of critical results over the WAN, actuation, evictions', () => {
    const sh: Shape = { seed: 7, sensors: 6, ratePerS: 40, queueCapacity: 50, bufferBytes: 20_000, loss: 0.02, outage: true, crash: true, power: false,
      fanout: true, actuation: true, ps: false, ttlMs: 2_000, keepFraction: 1, quality: true, sinkAtEdge: true, storageBytes: 20_000, degrade: true };
    const { report, summary } = traced(build(sh));
    expectSameNumbers(summary, report);
    // Each of these is non-zero, so the equalities above are not 0 = 0.
    for (const v of [report.lifecycle.suspect, report.lifecycle.actions, report.storage.replicated, report.storage.evicted, report.storage.buffered,
      report.conservation.forked, report.network.wanBytes, report.conservation.lost, report.conservation.expired]) expect(v).toBeGreaterThan(0);
  });

  it('publishing the trace leaves the trace hash and the report unchanged', () => {
    const sh: Shape = { seed: 3, sensors: 4, ratePerS: 40, queueCapacity: 50, bufferBytes: 20_000, loss: 0.02, outage: true, crash: true, power: true,
      fanout: true, actuation: true, ps: true, ttlMs: 2_000, keepFraction: 0.5, quality: true, sinkAtEdge: true, storageBytes: 20_000, degrade: true };
    const plain = new Simulation(build(sh));
    plain.runToEnd();
    const { report } = traced(build(sh));
    expect(report.traceHash).toBe(plain.traceHash);
    expect(report).toEqual(plain.report());
  });

  const shipped = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'));
  it.each(shipped)('shipped scenario %s (2 simulated minutes)', (file) => {
    const { model, build: opts } = loadScenario(join(ROOT, 'scenarios', file), { durationMs: 120_000 });
    const { report, summary } = traced(model, opts);
    expectSameNumbers(summary, report);
    expect(summary.conservation.emitted).toBeGreaterThan(0);
  });
});

describe('edgetwin run --trace', () => {
  const trace = join(tmp, 'sc.jsonl');
  const out = join(tmp, 'sc.json');
  const SCENARIO = 'scenarios/smart-city-cameras.yaml';
  let run: ReturnType<typeof spawnSync>;
  beforeAll(() => {
    // A gateway crash and a cut link mid-run: messages are buffered, dropped and expire.
    run = spawnSync('node', ['cli/bin.mjs', 'run', SCENARIO, '--until', '3m', '--fault', 'node:gw-north@60s+30s', '--fault', 'link:gw-south~edge-south@30s+10s', '--trace', trace, '--out', out],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  });

  it('writes a file that readTrace turns back into the report', async () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as RunReport;
    const s = await readTrace(trace);
    expect(s.header).toMatchObject({ format: 'edgetwin-trace/v2', scenario: 'smart-city-cameras', seed: report.seed, untilMs: 180_000 });
    expect(s.footer).toEqual({ type: 'footer', t: report.simulatedMs, events: report.events, traceHash: report.traceHash, lines: s.lines });
    expectSameNumbers(s, report);
    expect(report.conservation.dropped).toBeGreaterThan(0);
    expect(report.conservation.expired).toBeGreaterThan(0);
  });

  it('legs, queueing and service are observable: rates within bandwidth, queued work starts later on its node', () => {
    const lines = readFileSync(trace, 'utf8').trim().split('\n').slice(1, -1).map((l) => JSON.parse(l) as TwinEvent);
    const { model } = loadScenario(join(ROOT, SCENARIO));
    const bandwidth = new Map(model.links.map((l) => [l.id, l.bandwidthBps]));
    const started = new Map<number, Extract<TwinEvent, { type: 'transfer-start' }>>();
    const queuedAt = new Map<number, { t: number; node: string }>();
    let legs = 0, waits = 0;
    for (const e of lines) {
      if (e.type === 'transfer-start') {
        expect(started.has(e.msg), 'one leg at a time per message').toBe(false);
        started.set(e.msg, e);
      } else if (e.type === 'transfer-end') {
        const st = started.get(e.msg)!;
        expect(st.bytes).toBe(e.bytes);
        const seconds = (e.t - st.t) / 1000;
        const slowest = Math.min(...st.links.map((id) => bandwidth.get(id)!));
        expect(seconds).toBeGreaterThan(0);
        // Times are doubles in ms: a small message on a 10 Gbps link takes ~1e-4 ms at t ≈ 1e5 ms, so allow 1e-6 relative.
        expect((e.bytes * 8) / seconds).toBeLessThanOrEqual(slowest * (1 + 1e-6));
        started.delete(e.msg);
        legs++;
      } else if (e.type === 'transfer-abort') {
        expect(started.delete(e.msg)).toBe(true);
      } else if (e.type === 'queued') {
        queuedAt.set(e.msg, { t: e.t, node: e.node });
      } else if (e.type === 'service-start' && queuedAt.has(e.msg)) {
        const q = queuedAt.get(e.msg)!;
        expect(e.node).toBe(q.node);
        expect(e.t).toBeGreaterThan(q.t);
        queuedAt.delete(e.msg);
        waits++;
      }
      if (e.type === 'lost' || e.type === 'drop' || e.type === 'expire' || e.type === 'deliver') { started.delete(e.msg); queuedAt.delete(e.msg); }
    }
    expect(legs).toBeGreaterThan(1000);
    expect(waits).toBeGreaterThan(0);
  });
});
