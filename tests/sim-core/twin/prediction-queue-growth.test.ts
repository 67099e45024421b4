/**
 * queueGrowth precursor on scenarios/experiments/failure-prediction-site.yaml: edge-2's temperature
 * precursor is replaced by a real slowdown (service time × 1 → peak over 6 min before its 8m crash);
 * the predictor watches edge-2's measured queue fill (waiting / queueCapacity, critical 1).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import { slowdownAt } from '../../../sim-core/twin/queue-growth.ts';
import type { TwinEvent } from '../../../sim-core/twin/events.ts';
import type { PredictionReport } from '../../../sim-core/twin/prediction-report.ts';
import type { RunReport } from '../../../sim-core/twin/report.ts';

const BASE = readFileSync('scenarios/experiments/failure-prediction-site.yaml', 'utf8');
const LINE = '    - {node: edge-2, at: 8m, for: 6m, precursor: {lead: 6m, signal: temperature, noise: 0.5}}';
const TEXT = BASE.replace(LINE, `    - {node: edge-2, at: 8m, for: 6m, precursor: {lead: 6m, signal: queueGrowth, peak: 20}}`);
const MIN = 60_000;
const EDGE2_FAILS_MS = 8 * MIN;

function run(text: string, sets: string[]): { r: RunReport; p: PredictionReport; events: TwinEvent[] } {
  const sim = new Simulation(parseScenario(text, 'failure-prediction-site.yaml', { sets, durationMs: 12 * MIN }));
  const events: TwinEvent[] = [];
  sim.subscribe((e) => { if (e.type === 'relocated' || e.type === 'placement') events.push(e); });
  sim.runToEnd();
  const r = sim.report({ exact: true });
  return { r, p: r.prediction as PredictionReport, events };
}

describe('queueGrowth precursor: a real slowdown, predicted from the measured queue', () => {
  it('the slowdown multiplier is 1 before the rise, linear to peak at the fault, 1 after (hand-computed)', () => {
    const p = { node: 'x', signal: 'queueGrowth' as const, startMs: 2 * MIN, faultAtMs: 8 * MIN, peak: 4, noise: 0, fails: true, entry: 0 };
    expect(slowdownAt(p, MIN)).toBe(1);
    expect(slowdownAt(p, 2 * MIN)).toBe(1);
    expect(slowdownAt(p, 5 * MIN)).toBe(2.5); // half way: 1 + 3 · ½
    expect(slowdownAt(p, 8 * MIN)).toBe(4);
    expect(slowdownAt(p, 9 * MIN)).toBe(1);
  });

  const on = run(TEXT, ['spec.prediction.enabled=true']);
  const off = run(TEXT, ['spec.prediction.enabled=false']);

  it('predicts edge-2 ahead of its crash and drains it before, losing fewer frames than without prediction', () => {
    const f = on.p.failures.find((x) => x.node === 'edge-2')!;
    expect(f.predicted).toBe(true);
    expect(on.p.alarms.find((a) => a.node === 'edge-2')!.signal).toBe('queueGrowth');
    // The rise starts at 2m; the queue fills only once service is slower than arrivals, so the lead is shorter than the 6m rise.
    expect(f.leadMs!).toBeGreaterThanOrEqual(2 * MIN);
    expect(f.leadMs!).toBeLessThanOrEqual(6 * MIN);
    const moved = on.events.filter((e) => e.type === 'relocated' && e.from === 'edge-2');
    expect(moved.length).toBeGreaterThan(0);
    for (const e of moved) expect(e.t).toBeLessThan(EDGE2_FAILS_MS);
    expect(on.r.faults.find((x) => x.target === 'edge-2')!.messagesLost).toBe(0);
    expect(off.r.faults.find((x) => x.target === 'edge-2')!.messagesLost).toBeGreaterThan(0);
    expect(on.r.conservation.dropped).toBeLessThan(off.r.conservation.dropped);
  });

  it('without a queueGrowth precursor nothing slows down: the slowdown really grows edge-2\'s queue', () => {
    const plain = run(BASE.replace(LINE, '    - {node: edge-2, at: 8m, for: 6m}'), ['spec.prediction.enabled=false']);
    // Same seed, prediction off: the slowed node drops or delays more before its crash.
    expect(off.r.conservation.dropped + off.r.conservation.lost).toBeGreaterThan(plain.r.conservation.dropped + plain.r.conservation.lost);
  });
});

describe('queueGrowth refusals', () => {
  const refuse = (line: string, extra = '') => {
    const text = BASE.replace(LINE, line) + extra;
    try { parseScenario(text, 'q.yaml', {}); } catch (e) { return String((e as Error).message); }
    return '';
  };
  it('refuses a slowdown peak of 1 or less, with the field path', () => {
    const msg = refuse('    - {node: edge-2, at: 8m, for: 6m, precursor: {lead: 6m, signal: queueGrowth, peak: 1}}');
    expect(msg).toContain('spec.faults[0].precursor.peak');
    expect(msg).toContain('must be above 1, got 1');
  });
  it('refuses queueGrowth on a processor-sharing node (it never queues)', () => {
    const text = BASE.replace('{id: edge-2, class: edge, region: site}', '{id: edge-2, class: edge, region: site, discipline: ps}')
      .replace(LINE, '    - {node: edge-2, at: 8m, for: 6m, precursor: {lead: 6m, signal: queueGrowth}}');
    let msg = '';
    try { parseScenario(text, 'q.yaml', {}); } catch (e) { msg = String((e as Error).message); }
    expect(msg).toContain('spec.faults[0].precursor.signal');
    expect(msg).toContain('discipline ps');
  });
  it('refuses queueGrowth on a link fault (a precursor needs a node)', () => {
    const msg = refuse('    - {link: gw-1~edge-2, at: 8m, for: 6m, precursor: {lead: 6m, signal: queueGrowth}}');
    expect(msg).toContain('spec.faults[0].precursor');
  });
});
