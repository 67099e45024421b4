/**
 * Predictive operations in the twin, on scenarios/experiments/failure-prediction-site.yaml:
 * edge-2's temperature rises 45 → 85 °C over 6 min before it crashes at 8m; edge-3's error rate
 * rises before it crashes at 18m; edge-4 heats up until 14m and does not fail (false alarm);
 * gateway gw-4 crashes at 24m without a precursor (a miss).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import type { TwinEvent } from '../../../sim-core/twin/events.ts';
import type { PredictionReport } from '../../../sim-core/twin/prediction-report.ts';
import type { RunReport } from '../../../sim-core/twin/report.ts';

const TEXT = readFileSync('scenarios/experiments/failure-prediction-site.yaml', 'utf8');
const MIN = 60_000;
const EDGE2_FAILS_MS = 8 * MIN;

function run(sets: string[], opts: { text?: string; durationMs?: number } = {}): { r: RunReport; p: PredictionReport; events: TwinEvent[] } {
  const sim = new Simulation(parseScenario(opts.text ?? TEXT, 'failure-prediction-site.yaml', { sets, ...(opts.durationMs ? { durationMs: opts.durationMs } : {}) }));
  const events: TwinEvent[] = [];
  sim.subscribe((e) => { if (e.type === 'relocated' || e.type === 'placement' || e.type === 'replica-stopped') events.push(e); });
  sim.runToEnd();
  const r = sim.report({ exact: true });
  return { r, p: r.prediction as PredictionReport, events };
}

/** Frames dropped, expired or lost between two times (from the report's time series). */
function failedBetween(r: RunReport, fromMs: number, toMs: number): number {
  const at = (t: number) => {
    const s = [...r.timeSeries].reverse().find((x) => x.tMs <= t)!;
    return s.dropped + s.lost;
  };
  return at(toMs) - at(fromMs);
}

describe('failure prediction with a control plane (same seed, prediction on vs off)', () => {
  const on = run(['spec.prediction.enabled=true']);
  const off = run(['spec.prediction.enabled=false']);

  it('predicts edge-2 at least 4 minutes ahead and drains it through the control plane before the crash', () => {
    const f = on.p.failures.find((x) => x.node === 'edge-2')!;
    expect(f.atMs).toBe(EDGE2_FAILS_MS);
    expect(f.predicted).toBe(true);
    // The rise starts at 2m; a 2-minute least-squares window needs some of it before the projection
    // reaches 85 °C within the 10-minute horizon, and nothing alarms before the rise.
    expect(f.leadMs!).toBeGreaterThanOrEqual(4 * MIN);
    expect(f.leadMs!).toBeLessThanOrEqual(6 * MIN);
    const moved = on.events.filter((e) => e.type === 'relocated' && e.from === 'edge-2');
    expect(moved.length).toBeGreaterThan(0);
    for (const e of moved) expect(e.t).toBeLessThan(EDGE2_FAILS_MS);
    const stopped = on.events.filter((e) => e.type === 'replica-stopped' && e.node === 'edge-2');
    expect(stopped.length).toBeGreaterThan(0);
    for (const e of stopped) expect(e.t).toBeLessThan(EDGE2_FAILS_MS);
  });

  it('loses nothing at the crashed node with prediction; without it, frames are lost and dropped in the minute after the crash', () => {
    expect(on.r.faults.find((x) => x.target === 'edge-2')!.messagesLost).toBe(0);
    expect(on.p.lostAtFailures).toBe(0);
    expect(failedBetween(on.r, EDGE2_FAILS_MS, EDGE2_FAILS_MS + MIN)).toBe(0);
    expect(failedBetween(off.r, EDGE2_FAILS_MS, EDGE2_FAILS_MS + MIN)).toBeGreaterThan(0);
    expect(off.p.lostAtFailures).toBeGreaterThan(0);
    expect(on.r.conservation.dropped).toBeLessThan(off.r.conservation.dropped);
    expect(on.p.sloMinutes).toBeLessThan(off.p.sloMinutes);
  });

  it('scores the false-alarm precursor as a false alarm and the unannounced gateway crash as a miss', () => {
    const e4 = on.p.alarms.filter((a) => a.node === 'edge-4');
    expect(e4.length).toBe(1);
    expect(e4[0]!.outcome).toBe('false-alarm');
    expect(e4[0]!.atMs).toBeGreaterThanOrEqual(9 * MIN); // its rise starts at 14m − 5m
    expect(on.r.faults.some((f) => f.target === 'edge-4')).toBe(false); // fails: false applies no fault
    expect(on.p.failures.find((x) => x.node === 'gw-4')!.predicted).toBe(false);
    expect(on.p.hits).toBe(2);
    expect(on.p.misses).toBe(1);
    expect(on.p.falseAlarms).toBe(on.p.alarms.length - on.p.hits);
    expect(on.p.falseAlarms).toBeGreaterThanOrEqual(1);
    // Prediction off: the same failures, all missed, no alarms.
    expect(off.p.alarms).toEqual([]);
    expect(off.p.misses).toBe(3);
    expect(off.p.failures.map((f) => [f.node, f.atMs])).toEqual(on.p.failures.map((f) => [f.node, f.atMs]));
  });

  it('is deterministic: the same seed gives the same trace hash and figures', () => {
    const again = run(['spec.prediction.enabled=true']);
    expect(again.r.traceHash).toBe(on.r.traceHash);
    expect(again.p).toEqual(on.p);
    expect(off.r.traceHash).not.toBe(on.r.traceHash);
  });

  it('prediction off behaves like no prediction section (only its minute snapshots are extra events)', () => {
    const none = run([], { text: TEXT.replace(/\n {2}prediction:[\s\S]*$/, '\n') });
    expect(none.r.prediction).toBeUndefined();
    expect(none.r.conservation).toEqual(off.r.conservation);
    expect(none.r.faults).toEqual(off.r.faults);
    expect(none.r.apps).toEqual(off.r.apps);
  });
});

describe('failure prediction without a control plane', () => {
  it('moves the replicas with setReplicas before the crash; nothing is lost at edge-2', () => {
    const sets = ['spec.controlPlane.model=none'];
    const on = run([...sets, 'spec.prediction.enabled=true'], { durationMs: 9 * MIN });
    const off = run([...sets, 'spec.prediction.enabled=false'], { durationMs: 9 * MIN });
    const moves = on.events.filter((e) => e.type === 'placement' && e.decisions?.some((d) => d.by === 'predictor' && d.from === 'edge-2'));
    expect(moves.length).toBe(1); // detect is the only service on edge-2
    expect(moves[0]!.t).toBeLessThan(EDGE2_FAILS_MS);
    expect(on.p.migrations).toBe(1);
    expect(on.r.faults.find((x) => x.target === 'edge-2')!.messagesLost).toBe(0);
    expect(failedBetween(on.r, EDGE2_FAILS_MS, 9 * MIN)).toBe(0);
    // Without a control plane nothing relocates: from the crash on, no frame completes (they wait for detect).
    const deliveredIn = (r: RunReport) => r.timeSeries.find((x) => x.tMs === 9 * MIN)!.delivered - r.timeSeries.find((x) => x.tMs === EDGE2_FAILS_MS)!.delivered;
    expect(deliveredIn(off.r)).toBe(0);
    expect(deliveredIn(on.r)).toBeGreaterThan(1000); // 12 cameras × 4 frames/s × 60 s ≈ 2880
  });
});

describe('failure prediction and checkpoints', () => {
  it('a checkpoint taken during edge-2\'s rise (after its alarm) continues exactly as the uninterrupted run', () => {
    const model = parseScenario(TEXT, 'failure-prediction-site.yaml', { sets: ['spec.prediction.enabled=true'], durationMs: 12 * MIN });
    const reference = new Simulation(model);
    reference.runToEnd();
    const original = new Simulation(model);
    original.advanceTo(4 * MIN);
    const restored = Simulation.restore(original.checkpoint());
    restored.runToEnd();
    expect(restored.traceHash).toBe(reference.traceHash);
    expect(restored.report({ exact: true }).prediction).toEqual(reference.report({ exact: true }).prediction);
    expect((reference.report().prediction as PredictionReport).hits).toBe(1);
  });
});

describe('precursors on stochastic faults', () => {
  const yaml = (extra: string) => `apiVersion: edgetwin.io/v1alpha1
kind: Scenario
metadata: {name: stochastic-precursors}
spec:
  seed: 5
  duration: 12h
  nodes:
    - {id: e1, tier: edge}
    - {id: e2, tier: edge}
  links:
    - {between: [e1, e2], type: fibre}
  stochasticFaults:
    - {select: {nodes: [e1]}, mtbf: 1h, mttr: 10m${extra}}
  prediction: {window: 2m, horizon: 10m}
`;
  it('each drawn failure gets its rise: failures after a full lead of up time are predicted', () => {
    const sim = new Simulation(parseScenario(yaml(', precursor: {lead: 8m, signal: temperature}'), 's.yaml'));
    sim.runToEnd();
    const r = sim.report({ exact: true });
    const p = r.prediction as PredictionReport;
    const fails = r.faults.filter((f) => f.target === 'e1');
    expect(fails.length).toBeGreaterThan(5);
    expect(p.precursors).toBeGreaterThanOrEqual(fails.length);
    // Up time before each failure: from 0 or the end of the previous repair (10 min).
    fails.forEach((f, i) => {
      const upSinceMs = i === 0 ? 0 : fails[i - 1]!.atMs + 10 * MIN;
      const rec = p.failures.find((x) => x.atMs === f.atMs)!;
      if (f.atMs - upSinceMs >= 8 * MIN + 3 * MIN) {
        expect(rec.predicted, `failure at ${f.atMs}`).toBe(true);
        expect(rec.leadMs!).toBeLessThanOrEqual(8 * MIN);
      }
    });
    expect(p.hits).toBeGreaterThan(0);
  });
  it('without a precursor the same failures are all misses, at the same times (own streams)', () => {
    const withPre = new Simulation(parseScenario(yaml(', precursor: {lead: 8m}'), 's.yaml'));
    const without = new Simulation(parseScenario(yaml(''), 's.yaml'));
    withPre.runToEnd(); without.runToEnd();
    expect(without.report().faults.map((f) => f.atMs)).toEqual(withPre.report().faults.map((f) => f.atMs));
    const p = without.report().prediction as PredictionReport;
    expect(p.hits).toBe(0);
    expect(p.misses).toBe(without.report().faults.length);
  });
  it('refuses a precursor on a failure domain', () => {
    expect(() => parseScenario(yaml('').replace('{select: {nodes: [e1]}, mtbf: 1h, mttr: 10m}', '{domain: zone, mtbf: 1h, mttr: 10m, precursor: {lead: 8m}}'), 's.yaml'))
      .toThrow(/spec\.stochasticFaults\[0\]\.precursor: a precursor applies to select \(nodes failing one by one\), not to a failure domain/);
  });
});
