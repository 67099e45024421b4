/**
 * Property tests for max-min fair sharing: the max-min characterisation on random flow sets, and
 * the incremental network against an independent from-scratch model after random operation
 * sequences (start / abort / setCapacity / time advances with completions).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowNetwork } from '../../../sim-core/fabric/flow-network.ts';

const MBPS = 1e6;
const REL = 1e-9;

/** Naive progressive filling, written independently: O(rounds × flows × path). */
function referenceRates(caps: readonly number[], paths: readonly number[][]): number[] {
  const rate = paths.map(() => NaN);
  const rem = [...caps];
  let open = paths.map((_, i) => i);
  while (open.length > 0) {
    let bestShare = Infinity, bestR = -1;
    for (let r = 0; r < caps.length; r++) {
      const n = open.filter((f) => paths[f]!.includes(r)).length;
      if (n > 0 && Math.max(0, rem[r]!) / n < bestShare) { bestShare = Math.max(0, rem[r]!) / n; bestR = r; }
    }
    const frozen = open.filter((f) => paths[f]!.includes(bestR));
    for (const f of frozen) {
      rate[f] = bestShare;
      for (const r of paths[f]!) rem[r] = rem[r]! - bestShare;
    }
    open = open.filter((f) => !frozen.includes(f));
  }
  return rate;
}

const close = (x: number, y: number, scale: number) => Math.abs(x - y) <= REL * Math.max(1, scale);

const flowSet = fc.integer({ min: 1, max: 6 }).chain((nRes) => fc.record({
  caps: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1000 }).map((m) => m * MBPS), fc.double({ min: 1, max: 1e9, noNaN: true })), { minLength: nRes, maxLength: nRes }),
  paths: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: nRes - 1 }), { minLength: 1, maxLength: nRes }), { minLength: 1, maxLength: 25 }),
}));

describe('FlowNetwork: max-min characterisation (property)', () => {
  it('no resource over capacity; every flow has a saturated bottleneck where its rate is maximal', () => {
    fc.assert(fc.property(flowSet, ({ caps, paths }) => {
      const net = new FlowNetwork(caps, caps.length);
      const ids = paths.map((p, i) => net.start(p, 1e12, 0, i));
      const rate = ids.map((id) => net.rateBps(id));
      const load = caps.map((_, r) => paths.reduce((s, p, f) => s + (p.includes(r) ? rate[f]! : 0), 0));
      caps.forEach((c, r) => expect(load[r]!).toBeLessThanOrEqual(c * (1 + REL) + REL));
      paths.forEach((p, f) => {
        expect(rate[f]!).toBeGreaterThanOrEqual(0);
        const hasBottleneck = p.some((r) => {
          const saturated = load[r]! >= caps[r]! * (1 - REL) - REL;
          const maximal = paths.every((q, g) => !q.includes(r) || rate[g]! <= rate[f]! * (1 + REL) + REL);
          return saturated && maximal;
        });
        expect(hasBottleneck, `flow ${f} on [${p}] at ${rate[f]} has no bottleneck`).toBe(true);
      });
      // And the rates equal the independent naive progressive filling.
      referenceRates(caps, paths).forEach((r, f) => expect(close(rate[f]!, r, r)).toBe(true));
    }), { numRuns: 300, seed: 20240601 });
  });
});

/** Independent event-level model: all flows re-filled from scratch on every change. */
class ReferenceModel {
  flows = new Map<number, { path: number[]; rem: number; rate: number; tag: number }>();
  constructor(public caps: number[], public nowMs = 0) {}
  private reshare(): void {
    const list = [...this.flows.values()];
    const rates = referenceRates(this.caps, list.map((f) => f.path));
    list.forEach((f, i) => { f.rate = rates[i]!; });
  }
  private advanceTo(t: number): void {
    for (const f of this.flows.values()) f.rem = Math.max(0, f.rem - (f.rate * (t - this.nowMs)) / 8000);
    this.nowMs = t;
  }
  start(id: number, path: number[], size: number, tag: number): void {
    this.flows.set(id, { path, rem: size, rate: 0, tag }); this.reshare();
  }
  abort(id: number, t: number): number {
    this.advanceTo(t);
    const rem = this.flows.get(id)!.rem;
    this.flows.delete(id); this.reshare(); return rem;
  }
  setCapacity(r: number, bps: number, t: number): void { this.advanceTo(t); this.caps[r] = bps; this.reshare(); }
  /** Runs completions up to t; returns the tags of finished flows. */
  runTo(t: number): number[] {
    const out: number[] = [];
    for (;;) {
      let next = Infinity;
      for (const f of this.flows.values()) if (f.rate > 0) next = Math.min(next, this.nowMs + (f.rem * 8000) / f.rate);
      if (next > t) break;
      this.advanceTo(next);
      for (const [id, f] of this.flows) if (f.rem <= 1e-6) { out.push(f.tag); this.flows.delete(id); }
      this.reshare();
    }
    this.advanceTo(t);
    return out;
  }
}

type Op =
  | { kind: 'start'; path: number[]; sizeBytes: number }
  | { kind: 'abort'; pick: number }
  | { kind: 'cap'; r: number; bps: number }
  | { kind: 'advance'; dtMs: number };

const opSeq = (nRes: number) => fc.array(fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('start' as const), path: fc.uniqueArray(fc.integer({ min: 0, max: nRes - 1 }), { minLength: 1, maxLength: nRes }), sizeBytes: fc.integer({ min: 1, max: 1e6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('abort' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cap' as const), r: fc.integer({ min: 0, max: nRes - 1 }), bps: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100 }).map((m) => m * MBPS)) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), dtMs: fc.double({ min: 0, max: 500, noNaN: true }) }) },
), { minLength: 1, maxLength: 60 });

const scenario = fc.integer({ min: 1, max: 5 }).chain((nRes) => fc.record({
  caps: fc.array(fc.integer({ min: 1, max: 100 }).map((m) => m * MBPS), { minLength: nRes, maxLength: nRes }),
  ops: opSeq(nRes),
}));

describe('FlowNetwork: incremental equals from-scratch (property)', () => {
  it('after random start/abort/setCapacity/advance sequences, rates, remaining bytes and completions match', () => {
    fc.assert(fc.property(scenario, ({ caps, ops }) => {
      const inc = new FlowNetwork(caps, caps.length);
      const full = new FlowNetwork(caps, caps.length, { incremental: false });
      const ref = new ReferenceModel([...caps]);
      const live: number[] = [];
      const idOfTag = new Map<number, number>();
      let now = 0, tag = 0;
      const drain = (net: FlowNetwork, t: number) => {
        const out: number[] = [];
        for (let c = net.nextCompletionMs(); c <= t; c = net.nextCompletionMs()) out.push(...net.takeCompleted(c));
        return out;
      };
      for (const op of ops) {
        if (op.kind === 'start') {
          const id = inc.start(op.path, op.sizeBytes, now, tag);
          expect(full.start(op.path, op.sizeBytes, now, tag)).toBe(id);
          ref.start(id, op.path, op.sizeBytes, tag++);
          idOfTag.set(tag - 1, id);
          live.push(id);
        } else if (op.kind === 'abort') {
          if (live.length === 0) continue;
          const id = live.splice(op.pick % live.length, 1)[0]!;
          const left = inc.abort(id, now);
          expect(full.abort(id, now)).toBeCloseTo(left, 3);
          expect(ref.abort(id, now)).toBeCloseTo(left, 3);
        } else if (op.kind === 'cap') {
          inc.setCapacity(op.r, op.bps, now); full.setCapacity(op.r, op.bps, now); ref.setCapacity(op.r, op.bps, now);
        } else {
          now += op.dtMs;
          const a = drain(inc, now), b = drain(full, now), c = ref.runTo(now);
          expect(new Set(a)).toEqual(new Set(c));
          expect(new Set(b)).toEqual(new Set(c));
          for (const t of a) live.splice(live.indexOf(idOfTag.get(t)!), 1);
        }
        expect(inc.activeCount).toBe(ref.flows.size);
        expect(full.activeCount).toBe(ref.flows.size);
        for (const [id, f] of ref.flows) {
          expect(close(inc.rateBps(id), f.rate, f.rate), `rate of ${id}: ${inc.rateBps(id)} vs ${f.rate}`).toBe(true);
          expect(close(full.rateBps(id), f.rate, f.rate)).toBe(true);
          expect(Math.abs(inc.remainingBytes(id, now) - f.rem)).toBeLessThan(1e-3);
        }
      }
    }), { numRuns: 300, seed: 7 });
  });
});

describe('FlowNetwork.startOnResource equals start([r]) (property)', () => {
  it('same ids, rates, remaining bytes and completion order, exactly, under random sequences', () => {
    fc.assert(fc.property(scenario, ({ caps, ops }) => {
      const viaArray = new FlowNetwork(caps, caps.length);
      const viaOne = new FlowNetwork(caps, caps.length);
      const idOfTag = new Map<number, number>(); // active flows
      let now = 0, tag = 0;
      const drain = (net: FlowNetwork, t: number) => {
        const out: { atMs: number; tags: number[] }[] = [];
        for (let c = net.nextCompletionMs(); c <= t; c = net.nextCompletionMs()) out.push({ atMs: c, tags: net.takeCompleted(c) });
        return out;
      };
      for (const op of ops) {
        if (op.kind === 'start') {
          // Odd sizes keep the whole path, even sizes only its first resource (the twin's sensor hop).
          const path = op.sizeBytes % 2 === 1 ? op.path : op.path.slice(0, 1);
          const id = viaArray.start(path, op.sizeBytes, now, tag);
          expect(path.length === 1 ? viaOne.startOnResource(path[0]!, op.sizeBytes, now, tag) : viaOne.start(path, op.sizeBytes, now, tag)).toBe(id);
          idOfTag.set(tag++, id);
        } else if (op.kind === 'abort') {
          if (idOfTag.size === 0) continue;
          const [t0, id] = [...idOfTag][op.pick % idOfTag.size]!;
          idOfTag.delete(t0);
          expect(viaOne.abort(id, now)).toBe(viaArray.abort(id, now));
        } else if (op.kind === 'cap') {
          viaArray.setCapacity(op.r, op.bps, now); viaOne.setCapacity(op.r, op.bps, now);
        } else {
          now += op.dtMs;
          const a = drain(viaArray, now);
          expect(drain(viaOne, now)).toEqual(a); // same completion times, same tags in the same order
          for (const g of a) for (const x of g.tags) idOfTag.delete(x);
        }
        expect(viaOne.activeCount).toBe(viaArray.activeCount);
        expect(viaOne.nextCompletionMs()).toBe(viaArray.nextCompletionMs());
        for (const id of idOfTag.values()) {
          expect(viaOne.rateBps(id)).toBe(viaArray.rateBps(id));
          expect(viaOne.remainingBytes(id, now)).toBe(viaArray.remainingBytes(id, now));
        }
      }
    }), { numRuns: 300, seed: 11 });
  });

  it('rejects a bad resource, size or time, naming the value', () => {
    const net = new FlowNetwork([1e6, 1e6], 2);
    expect(() => net.startOnResource(2, 10, 0, 0)).toThrow(/resource 2/);
    expect(() => net.startOnResource(0, -1, 0, 0)).toThrow(/-1/);
    net.startOnResource(0, 10, 5, 0);
    expect(() => net.startOnResource(0, 10, 4, 1)).toThrow(/nowMs 4/);
    expect(net.startOnResource(1, 0, 5, 2)).toBeGreaterThan(0); // 0 bytes: completes at once
    expect(net.takeCompleted(5)).toEqual([2]);
  });
});
