import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Kernel } from '../../../sim-core/des/kernel.ts';

// ---------------------------------------------------------------------------------------------
// Model-based property test: the Kernel and a naive reference model (linear scan for the minimum
// (time, priority, seq) among live events) run the same command list; their logs must match.
// ---------------------------------------------------------------------------------------------

/** Event kinds the test registers, in this order: 0 records, 1 records then spawns a child, 2 records then cancels a tag. */
const RECORD = 0, SPAWN = 1, CANCEL = 2;

type Cmd =
  | { op: 'schedule'; delayMs: number; kind: number; arg: number; priority: number }
  | { op: 'scheduleAt'; offsetMs: number; priority: number }
  | { op: 'cancel'; pick: number }
  | { op: 'cancelUnknown'; id: number }
  | { op: 'step' }
  | { op: 'run'; dtMs: number }
  | { op: 'runEvents'; max: number; dtMs: number | null }
  | { op: 'peek' };

const delayArb = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom(0.5, 1.25, 2.5));
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('schedule' as const), delayMs: delayArb, kind: fc.constantFrom(RECORD, RECORD, SPAWN, CANCEL), arg: fc.integer({ min: 0, max: 30 }), priority: fc.integer({ min: -2, max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('scheduleAt' as const), offsetMs: delayArb, priority: fc.integer({ min: -2, max: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancelUnknown' as const), id: fc.oneof(fc.constantFrom(-1, 0.5, Number.NaN, 2 ** 60), fc.integer({ min: 10_000, max: 2 ** 40 })) }) },
  { weight: 3, arbitrary: fc.constant({ op: 'step' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('run' as const), dtMs: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(1.25)) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('runEvents' as const), max: fc.integer({ min: 0, max: 4 }), dtMs: fc.option(fc.integer({ min: 0, max: 4 })) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'peek' as const }) },
);

/** The common surface of kernel and model that the commands use; tags name events across both. */
interface Sim {
  nowMs(): number;
  pending(): number;
  processed(): number;
  peekTimeMs(): number;
  schedule(delayMs: number, kind: number, tag: number, arg: number, priority: number): void;
  cancelTag(tag: number): boolean;
  step(): boolean;
  run(untilMs: number): number;
  runEvents(max: number, untilMs: number | undefined): number;
}

/** Child events spawned by a SPAWN handler: delay = arg % 3, priority from the parent tag. */
const childDelay = (arg: number): number => arg % 3;
const childPriority = (tag: number): number => (tag % 3) - 1;

class KernelSim implements Sim {
  readonly k = new Kernel(4); // tiny initial capacity so growth happens mid-run
  readonly ids = new Map<number, number>();
  nextTag = 0;
  constructor(readonly log: string[]) {
    const rec = this.k.on((tag) => this.log.push(`${tag}@${this.k.nowMs}`));
    const spawn = this.k.on((tag, arg) => {
      this.log.push(`${tag}@${this.k.nowMs}`);
      const child = this.nextTag++;
      this.ids.set(child, this.k.schedule(childDelay(arg), rec, child, 0, childPriority(tag)));
    });
    const cancel = this.k.on((tag, target) => {
      this.log.push(`${tag}@${this.k.nowMs}:cancel(${target})=${this.cancelTag(target)}`);
    });
    expect([rec, spawn, cancel]).toEqual([RECORD, SPAWN, CANCEL]);
  }
  nowMs() { return this.k.nowMs; }
  pending() { return this.k.pending; }
  processed() { return this.k.eventsProcessed; }
  peekTimeMs() { return this.k.peekTimeMs(); }
  schedule(delayMs: number, kind: number, tag: number, arg: number, priority: number) {
    // Alternate the two entry points; both must behave the same.
    const id = tag % 2 === 0
      ? this.k.scheduleAt(this.k.nowMs + delayMs, kind, tag, arg, priority)
      : this.k.schedule(delayMs, kind, tag, arg, priority);
    this.ids.set(tag, id);
  }
  cancelTag(tag: number) { const id = this.ids.get(tag); return id === undefined ? false : this.k.cancel(id); }
  step() { return this.k.step(); }
  run(untilMs: number) { return this.k.run(untilMs); }
  runEvents(max: number, untilMs: number | undefined) { return this.k.runEvents(max, untilMs); }
}

interface ModelEvent { timeMs: number; priority: number; seq: number; kind: number; tag: number; arg: number; live: boolean }

class ModelSim implements Sim {
  now = 0;
  seq = 0;
  count = 0;
  nextTag = 0;
  readonly events: ModelEvent[] = [];
  readonly byTag = new Map<number, ModelEvent>();
  constructor(readonly log: string[]) {}
  nowMs() { return this.now; }
  pending() { return this.events.filter((e) => e.live).length; }
  processed() { return this.count; }
  peekTimeMs() { return this.next()?.timeMs ?? Infinity; }
  schedule(delayMs: number, kind: number, tag: number, arg: number, priority: number) {
    const e = { timeMs: this.now + delayMs, priority, seq: this.seq++, kind, tag, arg, live: true };
    this.events.push(e);
    this.byTag.set(tag, e);
  }
  cancelTag(tag: number) {
    const e = this.byTag.get(tag);
    if (!e || !e.live) return false;
    e.live = false;
    return true;
  }
  step() {
    const e = this.next();
    if (!e) return false;
    this.dispatch(e);
    return true;
  }
  run(untilMs: number) {
    let n = 0;
    for (let e = this.next(); e && e.timeMs <= untilMs; e = this.next()) { this.dispatch(e); n++; }
    this.now = untilMs;
    return n;
  }
  runEvents(max: number, untilMs: number | undefined) {
    let n = 0;
    for (let e = this.next(); n < max && e && e.timeMs <= (untilMs ?? Infinity); e = this.next()) { this.dispatch(e); n++; }
    return n;
  }
  private next(): ModelEvent | undefined {
    let best: ModelEvent | undefined;
    for (const e of this.events) {
      if (!e.live) continue;
      if (!best || e.timeMs < best.timeMs || (e.timeMs === best.timeMs && (e.priority < best.priority || (e.priority === best.priority && e.seq < best.seq)))) best = e;
    }
    return best;
  }
  private dispatch(e: ModelEvent) {
    e.live = false;
    this.now = e.timeMs;
    this.count++;
    if (e.kind === CANCEL) {
      this.log.push(`${e.tag}@${this.now}:cancel(${e.arg})=${this.cancelTag(e.arg)}`);
      return;
    }
    this.log.push(`${e.tag}@${this.now}`);
    if (e.kind === SPAWN) {
      const child = this.nextTag++;
      this.schedule(childDelay(e.arg), RECORD, child, 0, childPriority(e.tag));
    }
  }
}

/** Runs the commands on one Sim; appends every observable result to the log. */
function exec(sim: Sim & { nextTag: number; log: string[] }, cmds: Cmd[], unknownCancel: (id: number) => boolean): void {
  for (const c of cmds) {
    switch (c.op) {
      case 'schedule': {
        const tag = sim.nextTag++;
        sim.schedule(c.delayMs, c.kind, tag, c.arg, c.priority);
        break;
      }
      case 'scheduleAt': {
        const tag = sim.nextTag++;
        sim.schedule(c.offsetMs, RECORD, tag, 0, c.priority);
        break;
      }
      case 'cancel': sim.log.push(`cancel(${c.pick})=${sim.cancelTag(c.pick)}`); break;
      case 'cancelUnknown': sim.log.push(`cancelUnknown=${unknownCancel(c.id)}`); break;
      case 'step': sim.log.push(`step=${sim.step()}`); break;
      case 'run': sim.log.push(`run=${sim.run(sim.nowMs() + c.dtMs)}`); break;
      case 'runEvents': sim.log.push(`runEvents=${sim.runEvents(c.max, c.dtMs === null ? undefined : sim.nowMs() + c.dtMs)}`); break;
      case 'peek': sim.log.push(`peek=${sim.peekTimeMs()}`); break;
    }
    sim.log.push(`now=${sim.nowMs()} pending=${sim.pending()} processed=${sim.processed()}`);
  }
  sim.log.push(`drain=${sim.run(Infinity)} pending=${sim.pending()}`);
}

describe('Kernel against a reference model (fast-check)', () => {
  it('dispatches in (time, priority, insertion) order with correct cancel results, for any command sequence', () => {
    fc.assert(fc.property(fc.array(cmdArb, { maxLength: 120 }), (cmds) => {
      const kLog: string[] = [];
      const mLog: string[] = [];
      const ks = new KernelSim(kLog);
      exec(ks, cmds, (id) => ks.k.cancel(id));
      exec(new ModelSim(mLog), cmds, () => false);
      expect(kLog).toEqual(mLog);
      expect(ks.k.pending).toBe(0);
    }), { numRuns: 400, seed: 42 });
  });

  it('stays correct when most events are cancelled (exercises heap compaction)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      fc.integer({ min: 1500, max: 4000 }),
      (salt, n) => {
        // Deterministic pseudo-random choices from the salt, so the case shrinks by n only.
        let x = salt;
        const rnd = (m: number) => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return x % m; };
        const k = new Kernel();
        const ran: number[] = [];
        const kind = k.on((tag) => ran.push(tag));
        const ids: number[] = [];
        const key: { timeMs: number; priority: number }[] = [];
        const live = new Set<number>();
        const add = (tag: number) => {
          key[tag] = { timeMs: k.nowMs + rnd(50), priority: rnd(3) };
          ids[tag] = k.scheduleAt(key[tag]!.timeMs, kind, tag, 0, key[tag]!.priority);
          live.add(tag);
        };
        for (let tag = 0; tag < n; tag++) add(tag);
        // Cancel ~90% (past the compaction threshold), interleaved with a few steps.
        for (let tag = 0; tag < n; tag++) {
          if (rnd(10) === 0) continue;
          expect(k.cancel(ids[tag]!)).toBe(live.has(tag));
          live.delete(tag);
          if (rnd(200) === 0 && k.step()) live.delete(ran[ran.length - 1]!);
          expect(k.pending).toBe(live.size);
        }
        // New events reuse the slots compaction freed; none may be shadowed by a purged entry.
        for (let tag = n; tag < n + n / 2; tag++) add(tag);
        const before = ran.length;
        k.run(Infinity);
        const rest = ran.slice(before);
        // Tags are scheduled in increasing order, so tag order is insertion order.
        const want = [...live].sort((x, y) => key[x]!.timeMs - key[y]!.timeMs || key[x]!.priority - key[y]!.priority || x - y);
        expect(rest).toEqual(want);
        expect(k.pending).toBe(0);
        // Second cancel of anything, run or cancelled, is false.
        expect(ids.every((id) => k.cancel(id) === false)).toBe(true);
      },
    ), { numRuns: 15, seed: 99 });
  });
});

describe('Kernel behaviour (examples)', () => {
  it('orders ties: lower priority first, then scheduling order', () => {
    const k = new Kernel();
    const out: number[] = [];
    const rec = k.on((a) => out.push(a));
    k.schedule(10, rec, 1);
    k.schedule(10, rec, 2, 0, -5);
    k.schedule(10, rec, 3);
    k.scheduleAt(10, rec, 4, 0, -5);
    k.schedule(9, rec, 5, 0, 100);
    k.run(Infinity);
    expect(out).toEqual([5, 2, 4, 1, 3]);
    expect(k.nowMs).toBe(10);
  });

  it('run(until) runs events exactly at until, including ones scheduled meanwhile, then sets the clock to until', () => {
    const k = new Kernel();
    const out: string[] = [];
    const rec = k.on((a) => out.push(`${a}@${k.nowMs}`));
    const chain = k.on((a) => { out.push(`chain@${k.nowMs}`); k.schedule(0, rec, a); k.schedule(0.001, rec, a + 1); });
    k.schedule(5, rec, 1);
    k.schedule(10, chain, 2);
    k.schedule(10.000001, rec, 9);
    expect(k.run(10)).toBe(3); // 1@5, chain@10, 2@10 — not 3@10.001 nor 9@10.000001
    expect(out).toEqual(['1@5', 'chain@10', '2@10']);
    expect(k.nowMs).toBe(10);
    expect(k.pending).toBe(2);
    expect(k.run(12)).toBe(2);
    expect(k.nowMs).toBe(12);
    expect(k.run(12)).toBe(0); // until == now is allowed
    expect(k.run(Infinity)).toBe(0);
    expect(k.nowMs).toBe(12); // Infinity never moves the clock
  });

  it('runEvents stops at maxEvents and before events later than untilMs, without advancing the clock past the last event', () => {
    const k = new Kernel();
    const rec = k.on(() => {});
    for (const t of [1, 2, 3, 7]) k.schedule(t, rec);
    expect(k.runEvents(2)).toBe(2);
    expect(k.nowMs).toBe(2);
    expect(k.runEvents(10, 5)).toBe(1);
    expect(k.nowMs).toBe(3);
    expect(k.peekTimeMs()).toBe(7);
    expect(k.runEvents(0)).toBe(0);
    expect(k.step()).toBe(true);
    expect(k.step()).toBe(false);
    expect(k.eventsProcessed).toBe(4);
  });

  it('a stale id never cancels the event that reuses its slot', () => {
    const k = new Kernel();
    const out: number[] = [];
    const rec = k.on((a) => out.push(a));
    const first = k.schedule(1, rec, 1);
    k.run(2);
    const second = k.schedule(1, rec, 2); // reuses the freed slot
    expect(second).not.toBe(first);
    expect(k.cancel(first)).toBe(false);
    expect(k.pending).toBe(1);
    const cancelled = k.schedule(1, rec, 3);
    expect(k.cancel(cancelled)).toBe(true);
    k.run(10);
    const third = k.schedule(1, rec, 4);
    expect(k.cancel(cancelled)).toBe(false);
    k.run(20);
    expect(out).toEqual([1, 2, 4]);
    expect(third).toBeGreaterThanOrEqual(0);
  });

  it('a handler cancelling its own (running) event gets false; cancelling a later one gets true', () => {
    const k = new Kernel();
    const results: boolean[] = [];
    let selfId = -1, laterId = -1;
    const rec = k.on(() => results.push(false === false));
    const h = k.on(() => { results.push(k.cancel(selfId)); results.push(k.cancel(laterId)); });
    selfId = k.schedule(1, h);
    laterId = k.schedule(2, rec);
    k.run(5);
    expect(results).toEqual([false, true]);
    expect(k.eventsProcessed).toBe(1);
  });

  it('observers see every dispatch before its handler; unsubscribe stops them', () => {
    const k = new Kernel();
    const seen: string[] = [];
    const rec = k.on((a) => seen.push(`handler ${a}`));
    const stop = k.observe((t, kind, a, b) => seen.push(`observe t=${t} kind=${kind} a=${a} b=${b}`));
    k.schedule(1, rec, 7, -3);
    k.step();
    stop();
    stop(); // idempotent
    k.schedule(1, rec, 8);
    k.step();
    expect(seen).toEqual(['observe t=1 kind=0 a=7 b=-3', 'handler 7', 'handler 8']);
  });

  it('passes any int32 a and b through unchanged, extremes and negatives included', () => {
    const k = new Kernel();
    const got: [number, number][] = [];
    const rec = k.on((a, b) => got.push([a, b]));
    k.schedule(0, rec, 2 ** 31 - 1, -(2 ** 31));
    k.schedule(0, rec, -1, 123456789);
    k.schedule(0, rec);
    k.run(0);
    expect(got).toEqual([[2 ** 31 - 1, -(2 ** 31)], [-1, 123456789], [0, 0]]);
  });

  it('orders the extreme priorities correctly and rejects priorities outside [-32768, 32767] and non-int32 args', () => {
    const k = new Kernel();
    const got: number[] = [];
    const rec = k.on((a) => got.push(a));
    k.schedule(1, rec, 1, 0, 32767);
    k.schedule(1, rec, 2, 0, 0);
    k.schedule(1, rec, 3, 0, -32768);
    k.schedule(1, rec, 4, 0, 32767); // same (time, priority) as a=1, scheduled later → after it
    k.schedule(1, rec, 5, 0, -32768);
    k.run(1);
    expect(got).toEqual([3, 5, 2, 1, 4]);
    expect(() => k.schedule(1, rec, 0, 0, 32768)).toThrow(/32768/);
    expect(() => k.schedule(1, rec, 0, 0, -32769)).toThrow(/-32769/);
    expect(() => k.schedule(1, rec, 0.5)).toThrow(/argument a .* 0\.5/);
    expect(() => k.schedule(1, rec, 0, 2 ** 31)).toThrow(/argument b .* 2147483648/);
    expect(() => k.schedule(1, rec, Number.NaN)).toThrow(/NaN/);
    expect(k.pending).toBe(0); // nothing half-scheduled
  });

  it('throws with the offending value for negative/NaN/infinite delays, past times, unknown kinds, bad priorities', () => {
    const k = new Kernel();
    const rec = k.on(() => {});
    k.run(10);
    expect(() => k.schedule(-1, rec)).toThrow(/-1/);
    expect(() => k.schedule(Number.NaN, rec)).toThrow(/NaN/);
    expect(() => k.schedule(Infinity, rec)).toThrow(/Infinity/);
    expect(() => k.scheduleAt(9.5, rec)).toThrow(/9\.5/);
    expect(() => k.schedule(1, 1)).toThrow(/kind 1/);
    expect(() => k.schedule(1, -1)).toThrow(/kind -1/);
    expect(() => k.schedule(1, 0.5)).toThrow(/kind 0\.5/);
    expect(() => k.schedule(1, rec, 0, 0, 1.5)).toThrow(/1\.5/);
    expect(() => k.run(5)).toThrow(/5/);
    expect(() => k.runEvents(-1)).toThrow(/-1/);
    expect(() => k.on(42 as unknown as () => void)).toThrow(/42/);
    expect(k.pending).toBe(0); // nothing half-scheduled
  });

  it('refuses re-entrant step/run from a handler, and recovers after a handler throws', () => {
    const k = new Kernel();
    const reenter = k.on(() => { k.step(); });
    const boom = k.on(() => { throw new Error('boom'); });
    const ok = k.on(() => {});
    k.schedule(1, reenter);
    expect(() => k.run(2)).toThrow(/inside a handler/);
    k.schedule(1, boom);
    k.schedule(2, ok);
    expect(() => k.run(10)).toThrow('boom');
    expect(k.nowMs).toBe(2); // the throwing event was consumed at t=2
    expect(k.run(10)).toBe(1);
  });
});
