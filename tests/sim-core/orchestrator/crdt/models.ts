/**
 * Test models for each CRDT: how to draw an operation, apply it as a δ-mutation at a replica,
 * record what the sequential specification needs, and check a converged state against it.
 * Shared by the law, delta and convergence properties (not a test file itself).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { compareHlc, hlcNow, hlcReceive, hlcZero, type Hlc } from '../../../../sim-core/orchestrator/crdt/hlc.ts';
import { cloneDots, hasDot, maxCounter, type Dot, type DotSet } from '../../../../sim-core/orchestrator/crdt/dot-set.ts';
import { docEmpty, docFromJson, docLattice, docMaxHlc, docToJson, type CrdtDoc } from '../../../../sim-core/orchestrator/crdt/doc.ts';
import type { Lattice } from '../../../../sim-core/orchestrator/crdt/lattice.ts';
import { lwwDelete, lwwEmpty, lwwFromJson, lwwLive, lwwMapLattice, lwwMaxHlc, lwwSet, lwwToJson, type JsonValue, type LwwMap } from '../../../../sim-core/orchestrator/crdt/lww-map.ts';
import { orAdd, orEmpty, orFromJson, orRemove, orSetLattice, orToJson, orValues, type OrSet } from '../../../../sim-core/orchestrator/crdt/or-set.ts';
import { pnCounterLattice, pnDecrement, pnEmpty, pnFromJson, pnIncrement, pnToJson, pnValue, type PnCounter } from '../../../../sim-core/orchestrator/crdt/pn-counter.ts';

/** A replica's identity and clock as the model sees it. */
export interface NodeCtx {
  id: string;
  hlc: Hlc;
  /** Physical time of the current step at this replica (may run backwards: NTP steps happen). */
  ptMs: number;
}

/** One CRDT type under test. */
export interface Model<S, Op, Ev> {
  name: string;
  lattice: Lattice<S>;
  /** Canonical JSON: equal states give equal text. */
  encode(s: S): unknown;
  /** Parses `encode`'s output (throws TypeError on bad input). */
  decode(j: unknown, path: string): S;
  opArb: fc.Arbitrary<Op>;
  /** The δ-mutation for `op` at a replica in state `s`, and the spec event it stands for. */
  mutate(s: S, node: NodeCtx, op: Op): { delta: S; event: Ev };
  /** Lets the replica's clock observe an incoming state (HLC receive rule). */
  observe(node: NodeCtx, incoming: S): void;
  /** Asserts that `final` is what the sequential specification says for these events. */
  checkSpec(final: S, events: Ev[]): void;
}

export const canon = <S>(m: Model<S, unknown, unknown>, s: S): string => JSON.stringify(m.encode(s));

export const newNode = (id: string): NodeCtx => ({ id, hlc: hlcZero(id), ptMs: 0 });

// ---------------------------------------------------------------- LWW map
export type LwwOp = { kind: 'set'; key: string; value: number } | { kind: 'del'; key: string };
export type LwwEv = { key: string; hlc: Hlc; value: number | undefined };

export const lwwOpArb: fc.Arbitrary<LwwOp> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom('a', 'b', 'c', 'd'), value: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ kind: fc.constant('del' as const), key: fc.constantFrom('a', 'b', 'c', 'd') }),
);

/** LWW spec: each key holds the write with the greatest HLC; a winning delete means absent. */
export function lwwSpec(events: LwwEv[]): [string, number][] {
  const best = new Map<string, LwwEv>();
  for (const e of events) {
    const cur = best.get(e.key);
    if (!cur || compareHlc(e.hlc, cur.hlc) > 0) best.set(e.key, e);
  }
  return [...best.entries()].filter(([, e]) => e.value !== undefined).map(([k, e]) => [k, e.value!] as [string, number]).sort(([a], [b]) => (a < b ? -1 : 1));
}

export const lwwModel: Model<LwwMap<JsonValue>, LwwOp, LwwEv> = {
  name: 'lww-map',
  lattice: lwwMapLattice,
  encode: lwwToJson,
  decode: lwwFromJson,
  opArb: lwwOpArb,
  mutate(_s, node, op) {
    node.hlc = hlcNow(node.hlc, node.ptMs);
    const delta = op.kind === 'set' ? lwwSet<JsonValue>(op.key, op.value, node.hlc) : lwwDelete<JsonValue>(op.key, node.hlc);
    return { delta, event: { key: op.key, hlc: node.hlc, value: op.kind === 'set' ? op.value : undefined } };
  },
  observe(node, incoming) {
    const h = lwwMaxHlc(incoming);
    if (h) {
      const r = hlcReceive(node.hlc, h, node.ptMs);
      if (!r.ok) throw new Error('no drift limit set, cannot fail');
      node.hlc = r.clock;
    }
  },
  checkSpec(final, events) {
    expect(lwwLive(final)).toEqual(lwwSpec(events));
  },
};

// ---------------------------------------------------------------- OR-set
export type OrOp = { kind: 'add' | 'rm'; elem: string };
/** An add with its dot, or a remove with the causal context its replica had (what it had observed). */
export type OrEv = { kind: 'add'; elem: string; dot: Dot } | { kind: 'rm'; elem: string; seen: DotSet };

export const orOpArb: fc.Arbitrary<OrOp> = fc.record({ kind: fc.constantFrom('add' as const, 'rm' as const), elem: fc.constantFrom('x', 'y', 'z') });

/**
 * Add-wins OR-set spec: e is in the set iff some add(e) happened-before no remove(e).
 * An add happened-before a remove exactly when the add's dot is in the remover's context.
 */
export function orSpec(events: OrEv[]): string[] {
  const out = new Set<string>();
  for (const a of events) {
    if (a.kind !== 'add') continue;
    const observed = events.some((r) => r.kind === 'rm' && r.elem === a.elem && hasDot(r.seen, a.dot.nodeId, a.dot.counter));
    if (!observed) out.add(a.elem);
  }
  return [...out].sort();
}

export const orModel: Model<OrSet, OrOp, OrEv> = {
  name: 'or-set',
  lattice: orSetLattice,
  encode: orToJson,
  decode: orFromJson,
  opArb: orOpArb,
  mutate(s, node, op) {
    if (op.kind === 'add') {
      const dot = { nodeId: node.id, counter: maxCounter(s.ctx, node.id) + 1 };
      return { delta: orAdd(s, node.id, op.elem), event: { kind: 'add', elem: op.elem, dot } };
    }
    return { delta: orRemove(s, op.elem), event: { kind: 'rm', elem: op.elem, seen: cloneDots(s.ctx) } };
  },
  observe() {},
  checkSpec(final, events) {
    expect(orValues(final)).toEqual(orSpec(events));
  },
};

// ---------------------------------------------------------------- PN-counter
export type PnOp = { kind: 'inc' | 'dec'; by: number };

export const pnOpArb: fc.Arbitrary<PnOp> = fc.record({ kind: fc.constantFrom('inc' as const, 'dec' as const), by: fc.integer({ min: 0, max: 5 }) });

export const pnModel: Model<PnCounter, PnOp, PnOp> = {
  name: 'pn-counter',
  lattice: pnCounterLattice,
  encode: pnToJson,
  decode: pnFromJson,
  opArb: pnOpArb,
  mutate(s, node, op) {
    return { delta: op.kind === 'inc' ? pnIncrement(s, node.id, op.by) : pnDecrement(s, node.id, op.by), event: op };
  },
  observe() {},
  checkSpec(final, events) {
    // Spec: value = Σ increments − Σ decrements.
    const expected = events.reduce((v, e) => v + (e.kind === 'inc' ? e.by : -e.by), 0);
    expect(pnValue(final)).toBe(expected);
  },
};

// ---------------------------------------------------------------- composite document
export type DocOp = { sec: 'map'; name: string; op: LwwOp } | { sec: 'set'; name: string; op: OrOp } | { sec: 'ctr'; name: string; op: PnOp };
export type DocEv = { sec: 'map'; name: string; ev: LwwEv } | { sec: 'set'; name: string; ev: OrEv } | { sec: 'ctr'; name: string; ev: PnOp };

export const docOpArb: fc.Arbitrary<DocOp> = fc.oneof(
  fc.record({ sec: fc.constant('map' as const), name: fc.constantFrom('placements', 'nodeStatus'), op: lwwOpArb }),
  fc.record({ sec: fc.constant('set' as const), name: fc.constantFrom('members', 'cordoned'), op: orOpArb }),
  fc.record({ sec: fc.constant('ctr' as const), name: fc.constantFrom('restarts', 'inflight'), op: pnOpArb }),
);

/** Checks every section of `final` against its own type's spec. */
export function checkDocSpec(final: CrdtDoc, events: DocEv[]): void {
  const names = (sec: DocEv['sec']) => [...new Set(events.filter((e) => e.sec === sec).map((e) => e.name))];
  const evs = <E>(sec: DocEv['sec'], name: string) => events.filter((e) => e.sec === sec && e.name === name).map((e) => e.ev as E);
  for (const n of names('map')) lwwModel.checkSpec(final.maps.get(n) ?? lwwEmpty(), evs('map', n));
  for (const n of names('set')) orModel.checkSpec(final.sets.get(n) ?? orEmpty(), evs('set', n));
  for (const n of names('ctr')) pnModel.checkSpec(final.counters.get(n) ?? pnEmpty(), evs('ctr', n));
  // Nothing appears that no op wrote.
  for (const k of final.maps.keys()) expect(names('map')).toContain(k);
  for (const k of final.sets.keys()) expect(names('set')).toContain(k);
  for (const k of final.counters.keys()) expect(names('ctr')).toContain(k);
}

export const docModel: Model<CrdtDoc, DocOp, DocEv> = {
  name: 'doc',
  lattice: docLattice,
  encode: docToJson,
  decode: docFromJson,
  opArb: docOpArb,
  mutate(s, node, o) {
    const d = docEmpty();
    if (o.sec === 'map') {
      const { delta, event } = lwwModel.mutate(s.maps.get(o.name) ?? lwwEmpty(), node, o.op);
      d.maps.set(o.name, delta);
      return { delta: d, event: { sec: 'map', name: o.name, ev: event } };
    }
    if (o.sec === 'set') {
      const { delta, event } = orModel.mutate(s.sets.get(o.name) ?? orEmpty(), node, o.op);
      d.sets.set(o.name, delta);
      return { delta: d, event: { sec: 'set', name: o.name, ev: event } };
    }
    const { delta, event } = pnModel.mutate(s.counters.get(o.name) ?? pnEmpty(), node, o.op);
    d.counters.set(o.name, delta);
    return { delta: d, event: { sec: 'ctr', name: o.name, ev: event } };
  },
  observe(node, incoming) {
    const h = docMaxHlc(incoming);
    if (h) {
      const r = hlcReceive(node.hlc, h, node.ptMs);
      if (!r.ok) throw new Error('no drift limit set, cannot fail');
      node.hlc = r.clock;
    }
  },
  checkSpec: checkDocSpec,
};

/** The primitive models and the document, for tests that run over each type. */
export const MODELS = [lwwModel, orModel, pnModel, docModel] as unknown as Model<unknown, unknown, unknown>[];
