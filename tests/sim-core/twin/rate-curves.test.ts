/**
 * Load that changes over time, end to end: scenarios whose streams follow rate curves
 * (`arrival: {curve: …}`) or change rate at set times (`rateChanges`), built from YAML and run in
 * the twin. Counts are compared with the curve's integral (expectedArrivals) within 4√E, the
 * Poisson standard deviation.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import { expectedArrivals, type RateCurve } from '../../../sim-core/workload/rate-curve.ts';
import { loadScenario } from '../../../cli/lib/scenario.ts';
import { InputError } from '../../../sim-core/text/input-error.ts';

const H = 3_600_000;

/** A site: `n` sensors s1…sn wired to one edge node running a 1 ms service; `stream` is the stream's extra YAML (arrival, rateChanges). */
function siteYaml(opts: { n: number; duration: string; sampleEvery?: string; stream: string[] }): string {
  const sensors = Array.from({ length: opts.n }, (_, i) => `s${i + 1}`);
  return [
    'apiVersion: edgetwin.io/v1alpha1',
    'kind: Scenario',
    'metadata: {name: curves}',
    'spec:',
    '  seed: 11',
    `  duration: ${opts.duration}`,
    ...(opts.sampleEvery ? [`  sampleEvery: ${opts.sampleEvery}`] : []),
    '  nodes:',
    '    - {id: e1, tier: edge, cores: 8}',
    ...sensors.map((s, i) => `    - {id: ${s}, tier: sensor, labels: {line: ${i % 2 === 0 ? 'a' : 'b'}}}`),
    '  links:',
    ...sensors.map((s) => `    - {between: [${s}, e1], type: ethernet}`),
    '  apps:',
    '    - {id: app, slo: {latency: 1s}, services: [{id: svc, cpuWork: 1ms, placement: [e1]}]}',
    '  streams:',
    '    - id: st',
    '      app: app',
    '      sources: {selector: {tier: sensor}}',
    '      size: 1KiB',
    ...opts.stream.map((l) => `      ${l}`),
  ].join('\n');
}

/** Runs the scenario text and returns the emit events (time, node). */
function emits(text: string, file = 'curves.yaml'): { t: number; node: string }[] {
  const sim = new Simulation(parseScenario(text, file));
  const out: { t: number; node: string }[] = [];
  sim.subscribe((e) => { if (e.type === 'emit') out.push({ t: e.t, node: e.node }); }, { messages: true });
  sim.runToEnd();
  return out;
}

/** Counts per window of `windowMs` over [0, endMs). */
function perWindow(times: number[], windowMs: number, endMs: number): number[] {
  const counts = new Array<number>(Math.ceil(endMs / windowMs)).fill(0);
  for (const t of times) if (t < endMs) counts[Math.floor(t / windowMs)]!++;
  return counts;
}

/** Every window's count is within 4√E of E = sources × the curve's integral over it. */
function expectFollows(counts: number[], curve: RateCurve, sources: number, windowMs: number): void {
  counts.forEach((n, k) => {
    const e = sources * expectedArrivals(curve, k * windowMs, (k + 1) * windowMs);
    expect(Math.abs(n - e), `window ${k}: ${n} emitted, expected ${e.toFixed(1)}`).toBeLessThanOrEqual(4 * Math.sqrt(e));
  });
}

describe('arrival: {curve} in the twin', () => {
  it('a daily piecewise-linear curve: emissions per hour follow its integral (seed 11)', () => {
    const text = siteYaml({ n: 10, duration: '24h', stream: [
      'arrival: {curve: {piecewiseLinear: {points: [[0h, 0.05], [6h, 0.05], [9h, 0.2], [18h, 0.4], [22h, 0.1]], period: 24h}}}',
    ] });
    const curve: RateCurve = { kind: 'piecewise-linear', periodMs: 24 * H, points: [
      { atMs: 0, ratePerS: 0.05 }, { atMs: 6 * H, ratePerS: 0.05 }, { atMs: 9 * H, ratePerS: 0.2 }, { atMs: 18 * H, ratePerS: 0.4 }, { atMs: 22 * H, ratePerS: 0.1 },
    ] };
    const counts = perWindow(emits(text).map((e) => e.t), H, 24 * H);
    expectFollows(counts, curve, 10, H);
    // The shape is there, not just the noise bands: the 18:00 hour carries several times the night's.
    expect(counts[18]! / counts[2]!).toBeGreaterThan(5);
  });

  it('a sinusoidal curve with its peak at 18h, and a flash crowd over a constant base', () => {
    const sine = emits(siteYaml({ n: 10, duration: '24h', stream: ['arrival: {curve: {sinusoidal: {mean: 0.2, amplitude: 0.15, peakAt: 18h}}}'] }));
    expectFollows(perWindow(sine.map((e) => e.t), H, 24 * H), { kind: 'sinusoidal', meanPerS: 0.2, amplitudePerS: 0.15, peakAtMs: 18 * H }, 10, H);
    const crowd = emits(siteYaml({ n: 10, duration: '2h', stream: [
      'arrival: {curve: {flashCrowd: {base: {step: {before: 0.5, after: 0.5, at: 0s}}, at: 30m, rise: 5m, hold: 20m, decay: 10m, factor: 6}}}',
    ] }));
    const c: RateCurve = { kind: 'flash-crowd', base: { kind: 'step', beforePerS: 0.5, afterPerS: 0.5, atMs: 0 }, atMs: 30 * 60_000, riseMs: 5 * 60_000, holdMs: 20 * 60_000, decayMs: 10 * 60_000, multiplier: 6 };
    const counts = perWindow(crowd.map((e) => e.t), 5 * 60_000, 2 * H);
    expectFollows(counts, c, 10, 5 * 60_000);
    expect(counts[7]!).toBeGreaterThan(4 * counts[2]!); // 35–40 min (held at ×6) vs 10–15 min (×1)
  });

  it('a step curve: a rate of 0 emits nothing until the step', () => {
    const ev = emits(siteYaml({ n: 4, duration: '20m', stream: ['arrival: {curve: {step: {before: 0, after: 2, at: 10m}}}'] }));
    expect(ev.length).toBeGreaterThan(0);
    expect(Math.min(...ev.map((e) => e.t))).toBeGreaterThanOrEqual(10 * 60_000);
    const e = 4 * 2 * 600; // 4 sensors × 2/s × 600 s
    expect(Math.abs(ev.length - e)).toBeLessThanOrEqual(4 * Math.sqrt(e));
  });

  it('inline trace samples hold each rate until the next sample', () => {
    const ev = emits(siteYaml({ n: 5, duration: '30m', stream: ['arrival: {curve: {trace: {samples: [[0s, 1], [10m, 0], [20m, 3]]}}}'] }));
    const counts = perWindow(ev.map((e) => e.t), 10 * 60_000, 30 * 60_000);
    expect(counts[1]).toBe(0);
    expectFollows(counts, { kind: 'trace', points: [{ atMs: 0, ratePerS: 1 }, { atMs: 600_000, ratePerS: 0 }, { atMs: 1_200_000, ratePerS: 3 }] }, 5, 10 * 60_000);
  });

  it('a CSV trace through the CLI loader (loadScenario reads the file next to the scenario)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgetwin-trace-'));
    writeFileSync(join(dir, 'day.csv'), '# a recorded rate\ntime_s,rate_per_s\n0,0.5\n600,2\n1200,0.25\n');
    const file = join(dir, 'site.yaml');
    writeFileSync(file, siteYaml({ n: 6, duration: '30m', stream: ['arrival: {curve: {trace: {file: day.csv}}}'] }));
    const { model, build } = loadScenario(file);
    const sim = new Simulation(model, build);
    const times: number[] = [];
    sim.subscribe((e) => { if (e.type === 'emit') times.push(e.t); }, { messages: true });
    sim.runToEnd();
    const counts = perWindow(times, 10 * 60_000, 30 * 60_000);
    expectFollows(counts, { kind: 'trace', points: [{ atMs: 0, ratePerS: 0.5 }, { atMs: 600_000, ratePerS: 2 }, { atMs: 1_200_000, ratePerS: 0.25 }] }, 6, 10 * 60_000);
    expect(counts[1]!).toBeGreaterThan(2 * counts[0]!);
    // The report's accounting still balances with curve-driven sources.
    expect(sim.report().conservation.balanced).toBe(true);
  });

  it('a missing or malformed CSV trace is refused with its path (and line)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgetwin-trace-'));
    const file = join(dir, 'site.yaml');
    writeFileSync(file, siteYaml({ n: 2, duration: '1m', stream: ['arrival: {curve: {trace: {file: traces/none.csv}}}'] }));
    const err = (() => { try { loadScenario(file); } catch (e) { return e; } return null; })();
    expect(err).toBeInstanceOf(InputError);
    const issue = (err as InputError).issues[0]!;
    expect(issue.file).toBe(join(dir, 'traces/none.csv'));
    expect(issue.message).toBe(`cannot read: no such file (the rate trace of stream 'st', spec.streams[0].arrival.curve…trace.file: traces/none.csv in ${file})`);

    writeFileSync(join(dir, 'bad.csv'), 'time_s,rate_per_s\n0,1\n60,-2\n');
    writeFileSync(file, siteYaml({ n: 2, duration: '1m', stream: ['arrival: {curve: {trace: {file: bad.csv}}}'] }));
    const bad = (() => { try { loadScenario(file); } catch (e) { return e; } return null; })() as InputError;
    expect(bad.issues.map((i) => `${i.file}:${i.line} ${i.message}`)).toEqual([`${join(dir, 'bad.csv')}:3 column rate_per_s: rate must be ≥ 0, got -2`]);
  });
});

describe('rateChanges in the twin', () => {
  it('a production batch: ×3 from 1h to 2h, seen in the delivered time series', () => {
    const text = siteYaml({ n: 5, duration: '3h', sampleEvery: '10m', stream: [
      'arrival: {poisson: {rate: 1}}',
      'rateChanges: [{at: 1h, factor: 3}, {at: 2h, factor: 1}]',
    ] });
    const sim = new Simulation(parseScenario(text, 'batch.yaml'));
    sim.runToEnd();
    const ts = sim.report().timeSeries;
    // Delivered per 10-minute sample (cumulative counts → differences); the service takes 1 ms, so delivered ≈ emitted.
    const per = ts.map((x, i) => x.delivered - (i > 0 ? ts[i - 1]!.delivered : 0));
    const at = (tMs: number) => per[ts.findIndex((x) => x.tMs === tMs)]!;
    const base = 5 * 600; // 5 sensors × 1/s × 600 s
    for (const t of [20, 50, 140, 170]) expect(Math.abs(at(t * 60_000) - base), `at ${t} min`).toBeLessThanOrEqual(4 * Math.sqrt(base));
    for (const t of [80, 110]) expect(Math.abs(at(t * 60_000) - 3 * base), `at ${t} min`).toBeLessThanOrEqual(4 * Math.sqrt(3 * base));
  });

  it('a change limited to some sources changes only their rate', () => {
    const plain = emits(siteYaml({ n: 4, duration: '1h', stream: ['arrival: {poisson: {rate: 0.5}}'] }));
    const batch = emits(siteYaml({ n: 4, duration: '1h', stream: [
      'arrival: {poisson: {rate: 0.5}}',
      'rateChanges: [{at: 20m, factor: 4, sources: {selector: {labels: {line: a}}}}]', // s1 and s3
    ] }));
    const of = (ev: { t: number; node: string }[], node: string) => ev.filter((e) => e.node === node).map((e) => e.t);
    // A stream's sources share one random stream, so the others' times change but not their law: count them.
    const lateB = (ev: typeof plain) => ['s2', 's4'].reduce((n, id) => n + of(ev, id).filter((t) => t >= 20 * 60_000).length, 0);
    const lateA = (ev: typeof plain) => ['s1', 's3'].reduce((n, id) => n + of(ev, id).filter((t) => t >= 20 * 60_000).length, 0);
    const e1 = 2 * 0.5 * 2400; // two sensors × 0.5/s × 40 min
    expect(Math.abs(lateB(batch) - e1)).toBeLessThanOrEqual(4 * Math.sqrt(e1));
    expect(Math.abs(lateA(batch) - 4 * e1)).toBeLessThanOrEqual(4 * Math.sqrt(4 * e1));
    expect(Math.abs(lateA(plain) - e1)).toBeLessThanOrEqual(4 * Math.sqrt(e1));
  });

  it('periodic sources: factor 2 halves the period, factor 0 silences them (exact times)', () => {
    const ev = emits(siteYaml({ n: 1, duration: '40s', stream: [
      'arrival: {periodic: {period: 2s}}',
      'rateChanges: [{at: 10s, factor: 2}, {at: 20s, factor: 0}, {at: 30s, factor: 1}]',
    ] }));
    const t = ev.map((e) => e.t);
    const gaps = t.slice(1).map((x, i) => Math.round(x - t[i]!));
    // Phase φ < 2 s; then every 2 s until 10 s; every 1 s from 10 s to 20 s; nothing in [20 s, 30 s); every 2 s again after.
    expect(t.filter((x) => x >= 20_000 && x < 30_000)).toEqual([]);
    expect(t.filter((x) => x >= 11_000 && x < 19_000).length).toBe(8);
    for (let i = 0; i + 1 < t.length; i++) {
      const a = t[i]!, b = t[i + 1]!;
      if (b < 10_000) expect(gaps[i]).toBe(2000);
      else if (a >= 10_000 && b < 20_000) expect(gaps[i]).toBe(1000);
      else if (a >= 30_000) expect(gaps[i]).toBe(2000);
    }
    // Operational time is continuous: the last emission before the pause, at 19 s + x, has used
    // 2(1 − x) s of its 2 s gap by 20 s; the remaining 2x s run at factor 1 from 30 s.
    const across = t.findIndex((x) => x >= 30_000);
    const x = t[across - 1]! - 19_000;
    expect(x).toBeGreaterThanOrEqual(0);
    expect(t[across]!).toBeCloseTo(30_000 + 2 * x, 6);
  });
});
