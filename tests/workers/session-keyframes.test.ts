/**
 * Keyframed seeking (workers/session-keyframes.ts, Session.rewindTo): a backward seek restores
 * the newest valid keyframe and simulates only the rest. The promise is that the client cannot
 * tell: every message, status, chart point and trace hash equals those of the reference path
 * (`keyframes: false`, the full re-simulation from the start), over random sequences of play,
 * seek, inject and remove; and that the keyframe path really is taken (fewer events simulated).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Session, type SessionOptions } from '../../workers/session.ts';
import { approxBytes, Keyframes, keyframePlan, KEYFRAME_BUDGET_BYTES, type Keyframe } from '../../workers/session-keyframes.ts';
import type { FrameMessage, SessionChange } from '../../workers/session-types.ts';
import type { TwinCheckpoint } from '../../sim-core/twin/checkpoint.ts';
import { H_TIME_MS, createFrame } from '../../sim-core/twin/frame.ts';

const FILE = 'scenarios/metro-operations.yaml';
const TEXT = readFileSync(FILE, 'utf8');
const SHORT = TEXT.replace('duration: 10m', 'duration: 2m');

function loaded(text: string, opts: SessionOptions = {}): Session {
  const s = new Session(opts);
  const r = s.load({ text, file: FILE });
  if (!r.ok) throw new Error(r.message);
  return s;
}

/** A message as comparable data: the frame's bytes instead of its buffer. */
function plain(m: FrameMessage): unknown {
  return { ...m, buffer: m.buffer ? Array.from(new Uint8Array(m.buffer)) : null };
}

/** Takes a message from both sessions, expects them equal, and gives the frames back (a client that keeps up). */
function expectSameView(a: Session, b: Session, step: string): FrameMessage {
  const ma = a.takeMessage();
  const mb = b.takeMessage();
  expect(plain(ma), step).toEqual(plain(mb));
  // And the frame shows the twin now (not, say, a writer left over from the twin before the seek).
  if (ma.buffer) expect(createFrame(a.simulation.frameLayout, ma.buffer).header[H_TIME_MS], step).toBe(a.nowMs);
  expect(a.chartPoints, step).toEqual(b.chartPoints);
  expect(a.simulation.traceHash, step).toBe(b.simulation.traceHash);
  if (ma.buffer) a.releaseFrame(ma.buffer);
  if (mb.buffer) b.releaseFrame(mb.buffer);
  return ma;
}

type Op =
  | { op: 'advance'; ms: number }
  | { op: 'seek'; fraction: number }
  | { op: 'inject'; change: SessionChange }
  | { op: 'remove'; nth: number };

function apply(s: Session, o: Op): void {
  switch (o.op) {
    case 'advance': s.advanceTo(s.nowMs + o.ms); return;
    case 'seek': s.seek(Math.round(o.fraction * s.endMs)); return;
    case 'inject': s.inject(o.change); return;
    case 'remove': { const t = s.timeline; if (t.length > 0) s.removeInjection(t[o.nth % t.length]!.id); }
  }
}

const change: fc.Arbitrary<SessionChange> = fc.oneof(
  fc.constantFrom('02', '04', '05', '07', '10').map((n): SessionChange => ({ kind: 'fault', spec: `node:station-${n}-edge+20s` })),
  fc.constant<SessionChange>({ kind: 'fault', spec: 'link:station-05-edge~dc-centre+15s:bandwidth=x0.2' }),
  fc.constantFrom('02', '04', '07').map((n): SessionChange => ({ kind: 'recover', target: `station-${n}-edge` })),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1_000, max: 40_000 }).map((ms): Op => ({ op: 'advance', ms })) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 1000 }).map((permille): Op => ({ op: 'seek', fraction: permille / 1000 })) },
  { weight: 2, arbitrary: change.map((c): Op => ({ op: 'inject', change: c })) },
  { weight: 1, arbitrary: fc.nat(5).map((nth): Op => ({ op: 'remove', nth })) },
);

describe('session keyframes: the same view as the full re-simulation', () => {
  it('random play / seek / inject / remove sequences: every message, status, chart point and trace hash equal the reference path (metro-operations, 2 min)', () => {
    let restored = 0;
    let overflowed = 0;
    fc.assert(fc.property(fc.array(op, { minLength: 4, maxLength: 10 }), (ops) => {
      // A short event log (8 a message, and 8 kept after a seek), so that seeks overflow it and keep the newest across keyframes.
      const fast = loaded(SHORT, { eventsPerPush: 8 });
      const ref = loaded(SHORT, { keyframes: false, eventsPerPush: 8 });
      expectSameView(fast, ref, 'load');
      // A long forward run first, so there are keyframes to restore.
      fast.advanceTo(fast.endMs * 0.8);
      ref.advanceTo(ref.endMs * 0.8);
      expectSameView(fast, ref, 'forward');
      ops.forEach((o, i) => {
        const before = fast.lastRewind;
        apply(fast, o);
        apply(ref, o);
        expect(fast.status(), `${i}: ${JSON.stringify(o)}`).toEqual(ref.status());
        const m = expectSameView(fast, ref, `${i}: ${JSON.stringify(o)}`);
        if (fast.lastRewind !== before && fast.lastRewind?.via === 'keyframe') { restored++; if (m.eventsOmitted > 0) overflowed++; }
      });
      fast.advanceTo(fast.endMs);
      ref.advanceTo(ref.endMs);
      expectSameView(fast, ref, 'end');
      expect(fast.simulation.report({ exact: true })).toEqual(ref.simulation.report({ exact: true }));
    }), { numRuns: 8, seed: 1010 });
    // The sequences did exercise the keyframe path, with the event log overflowing across a keyframe.
    expect(restored).toBeGreaterThan(3);
    expect(overflowed).toBeGreaterThan(0);
  }, 240_000);

  it('a backward seek late in a long run restores a keyframe: fewer events simulated than the target holds, and the same result as re-simulating', () => {
    const fast = loaded(TEXT);
    const ref = loaded(TEXT, { keyframes: false });
    for (const s of [fast, ref]) s.advanceTo(s.endMs);
    expect(fast.keyframeTimes.length).toBeGreaterThanOrEqual(10);
    expect(ref.keyframeTimes).toEqual([]);
    expectSameView(fast, ref, 'end');
    const target = 0.9 * fast.endMs + 700; // not on a keyframe
    fast.seek(target);
    ref.seek(target);
    const eventsAtTarget = ref.simulation.eventsProcessed;
    expect(ref.lastRewind).toMatchObject({ via: 'rebuild', fromMs: 0, eventsSimulated: eventsAtTarget });
    expect(fast.lastRewind!.via).toBe('keyframe');
    expect(fast.lastRewind!.fromMs).toBeLessThanOrEqual(target);
    expect(fast.lastRewind!.fromMs).toBeGreaterThan(0.8 * fast.endMs);
    expect(fast.lastRewind!.eventsSimulated).toBeLessThan(eventsAtTarget / 5);
    expect(fast.simulation.eventsProcessed).toBe(eventsAtTarget);
    expect(fast.status()).toEqual(ref.status());
    const m = expectSameView(fast, ref, 'after seek');
    expect(m.reset).toBe(true);
    // Keyframes after the target are gone; playing on takes them again, and the run ends the same.
    expect(Math.max(...fast.keyframeTimes)).toBeLessThanOrEqual(target);
    for (const s of [fast, ref]) s.advanceTo(s.endMs);
    expect(Math.max(...fast.keyframeTimes)).toBeGreaterThan(target);
    expectSameView(fast, ref, 'end again');
  }, 60_000);

  it('invalidation: inject at t1, seek back before t1, inject something else, seek forward and back: equal to the reference, and no keyframe after a changed time survives', () => {
    const fast = loaded(SHORT);
    const ref = loaded(SHORT, { keyframes: false });
    const both = (f: (s: Session) => void, step: string) => { f(fast); f(ref); expectSameView(fast, ref, step); };
    both((s) => s.advanceTo(80_000), 'to 80 s');
    both((s) => { expect(s.inject({ kind: 'fault', spec: 'node:station-07-edge+30s' }).ok).toBe(true); }, 'inject at 80 s');
    both((s) => s.advanceTo(110_000), 'to 110 s');
    expect(fast.keyframeTimes.filter((t) => t >= 80_000).length).toBeGreaterThan(0); // taken after the injection, with it
    both((s) => s.seek(50_000), 'back to 50 s');
    expect(fast.lastRewind!.via).toBe('keyframe');
    both((s) => { expect(s.inject({ kind: 'fault', spec: 'link:station-05-edge~dc-centre+40s:bandwidth=x0.2' }).ok).toBe(true); }, 'inject at 50 s');
    expect(fast.keyframeTimes.every((t) => t < 50_000)).toBe(true);
    both((s) => s.seek(100_000), 'forward to 100 s (replays the 80 s injection)');
    expect(fast.timeline.map((i) => i.atMs)).toEqual([50_000, 80_000]);
    both((s) => s.seek(90_000), 'back to 90 s');
    expect(fast.lastRewind!.via).toBe('keyframe');
    expect(fast.lastRewind!.fromMs).toBeGreaterThanOrEqual(50_000); // a keyframe taken after the new injection
    both((s) => { expect(s.removeInjection(s.timeline[0]!.id)).toBe(true); }, 'remove the 50 s injection');
    expect(fast.lastRewind!.fromMs).toBeLessThan(50_000);
    expect(fast.keyframeTimes.every((t) => t <= 90_000)).toBe(true);
    both((s) => s.advanceTo(s.endMs), 'to the end');
    // The surviving injection alone: as a plain run injecting it live.
    const live = loaded(SHORT);
    live.advanceTo(80_000);
    live.inject({ kind: 'fault', spec: 'node:station-07-edge+30s' });
    live.advanceTo(live.endMs);
    expect(fast.simulation.traceHash).toBe(live.simulation.traceHash);
    expect(fast.chartPoints).toEqual(live.chartPoints);
  }, 120_000);
});

describe('session keyframes: plan and thinning', () => {
  const kf = (atMs: number, sizeBytes = 1): Keyframe => ({ atMs, checkpoint: {} as TwinCheckpoint, sizeBytes, applied: new Set(), eventsSeen: 0, lastEvents: [] });
  const plan = (periodMs: number, maxKeyframes: number, budgetBytes = 1e9) => ({ periodMs, maxKeyframes, budgetBytes });

  it('the period is about a twentieth of the run on chart steps; the count fits the memory budget', () => {
    expect(keyframePlan(600_000, 1_000, 352)).toEqual({ periodMs: 30_000, maxKeyframes: 24, budgetBytes: KEYFRAME_BUDGET_BYTES });
    expect(keyframePlan(1_200_000, 2_000, 352).periodMs).toBe(60_000);
    expect(keyframePlan(10_000, 1_000, 10).periodMs).toBe(1_000); // never below one chart step
    expect(keyframePlan(600_000, 1_000, 9_725 + 9_724).maxKeyframes).toBe(24); // large-fabric: ~22 MB a keyframe, the byte budget thins them
    expect(keyframePlan(600_000, 1_000, 205_000).maxKeyframes).toBe(0); // 100k nodes: too large, seek re-simulates
  });

  it('takes keyframes on the period only, after the newest', () => {
    const k = new Keyframes(plan(10, 4));
    expect([0, 5, 10, 15, 20].map((t) => k.due(t))).toEqual([false, false, true, false, true]);
    k.add(kf(10));
    expect(k.due(10)).toBe(false);
    expect(() => k.add(kf(10))).toThrow(/not after/);
    expect(new Keyframes(plan(10, 0)).due(10)).toBe(false);
  });

  it('over the bound, thins to every other one and doubles the period: evenly spread, never more than the bound', () => {
    const k = new Keyframes(plan(10, 4));
    for (let t = 10; t <= 200; t += 10) if (k.due(t)) { k.add(kf(t)); expect(k.size).toBeLessThanOrEqual(4); }
    // 10..40 fill it; 50 thins to [20, 40] (period 20); 60, 80 fill it; 100 thins to [40, 80] (period 40);
    // 120, 160 fill it; 200 thins to [80, 160] (period 80).
    expect(k.currentPeriodMs).toBe(80);
    expect(k.times).toEqual([80, 160]);
  });

  it('over the byte budget, thins the same way: the kept sizes add up to at most the budget', () => {
    const k = new Keyframes(plan(10, 100, 10_000));
    // Sizes grow with the run, as checkpoints do (1 KB at 10 ms ... 10 KB at 100 ms).
    for (let t = 10; t <= 100; t += 10) if (k.due(t)) { k.add(kf(t, t * 100)); expect(k.sizeBytes).toBeLessThanOrEqual(10_000); }
    // 10..40 sum to 10,000; 50 thins to [20, 40] (6,000); 60 is over again: [40] (period 40); 80 → [40, 80] (12,000 > budget) → [80] (period 80).
    expect(k.times).toEqual([80]);
    expect(k.sizeBytes).toBe(8_000);
  });

  it('approxBytes counts typed arrays by their bytes, shared objects not at all, and a shared reference once', () => {
    const big = new Float64Array(1000);
    const shared = { model: true };
    const once = approxBytes({ a: big });
    expect(once).toBeGreaterThanOrEqual(8000);
    expect(approxBytes({ a: big, b: big })).toBe(once + 8); // one more slot, not another 8 KB
    expect(approxBytes({ a: big, m: shared }, new Set([shared]))).toBe(once + 8);
    expect(approxBytes({ a: big, m: shared })).toBeGreaterThan(once + 8);
  });

  it('dropFrom drops at and after a changed time; dropAfter keeps the time itself; newestAtOrBefore', () => {
    const k = new Keyframes(plan(10, 10));
    for (const t of [10, 20, 30, 40]) k.add(kf(t));
    expect(k.newestAtOrBefore(35)!.atMs).toBe(30);
    expect(k.newestAtOrBefore(30)!.atMs).toBe(30);
    expect(k.newestAtOrBefore(9)).toBeNull();
    k.dropAfter(30);
    expect(k.times).toEqual([10, 20, 30]);
    k.dropFrom(20);
    expect(k.times).toEqual([10]);
  });
});
