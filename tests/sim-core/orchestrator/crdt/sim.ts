/**
 * Random histories and a random network for CRDT property tests (not a test file itself).
 * `runHistory`: replicas apply δ-mutations and now and then merge full states directly.
 * `runNetwork`: replicas sync through a network that loses, duplicates and reorders messages
 * and is cut by partitions; `antiEntropy` then runs reliable rounds until nothing changes.
 */
import fc from 'fast-check';
import type { Model, NodeCtx } from './models.ts';
import { newNode } from './models.ts';

export type HistStep<Op> = { k: 'op'; r: number; op: Op; ptMs: number } | { k: 'merge'; from: number; to: number };

/** Steps for `runHistory` over `n` replicas. */
export function histStepsArb<Op>(opArb: fc.Arbitrary<Op>, n: number, maxLength = 40): fc.Arbitrary<HistStep<Op>[]> {
  const r = fc.integer({ min: 0, max: n - 1 });
  return fc.array(
    fc.oneof(
      { weight: 3, arbitrary: fc.record({ k: fc.constant('op' as const), r, op: opArb, ptMs: fc.integer({ min: 0, max: 50 }) }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('merge' as const), from: r, to: r }) },
    ),
    { maxLength, size: 'max' },
  );
}

/** Runs a history; returns each replica's final state, every delta produced, and the spec events. */
export function runHistory<S, Op, Ev>(m: Model<S, Op, Ev>, n: number, steps: HistStep<Op>[]): { states: S[]; deltas: S[]; events: Ev[] } {
  const nodes = Array.from({ length: n }, (_, i) => newNode(`r${i}`));
  const states = nodes.map(() => m.lattice.bottom());
  const deltas: S[] = [];
  const events: Ev[] = [];
  for (const s of steps) {
    if (s.k === 'op') {
      nodes[s.r]!.ptMs = s.ptMs;
      const { delta, event } = m.mutate(states[s.r]!, nodes[s.r]!, s.op);
      m.lattice.joinInto(states[s.r]!, delta);
      deltas.push(delta);
      events.push(event);
    } else if (s.from !== s.to) {
      m.observe(nodes[s.to]!, states[s.from]!);
      m.lattice.joinInto(states[s.to]!, states[s.from]!);
    }
  }
  return { states, deltas, events };
}

/** A replica as the network sees it: it produces a message for a peer, and answers a message. */
export interface SimNode<M> {
  id: string;
  send(to: string): M | undefined;
  receive(msg: M): { to: string; msg: M } | undefined;
  gc(): void;
}

export type NetStep<Op> =
  | { k: 'op'; r: number; op: Op; ptMs: number }
  | { k: 'send'; from: number; to: number }
  | { k: 'deliver'; i: number; dup: boolean }
  | { k: 'drop'; i: number }
  | { k: 'partition'; mask: number }
  | { k: 'heal' }
  | { k: 'gc'; r: number };

/** Steps for `runNetwork` over `n` replicas: ops, sends, out-of-order deliveries (some duplicated), drops, partitions. */
export function netStepsArb<Op>(opArb: fc.Arbitrary<Op>, n: number, maxLength = 80): fc.Arbitrary<NetStep<Op>[]> {
  const r = fc.integer({ min: 0, max: n - 1 });
  const i = fc.nat({ max: 1000 });
  return fc.array(
    fc.oneof(
      { weight: 4, arbitrary: fc.record({ k: fc.constant('op' as const), r, op: opArb, ptMs: fc.integer({ min: 0, max: 50 }) }) },
      { weight: 3, arbitrary: fc.record({ k: fc.constant('send' as const), from: r, to: r }) },
      { weight: 4, arbitrary: fc.record({ k: fc.constant('deliver' as const), i, dup: fc.boolean() }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('drop' as const), i }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('partition' as const), mask: fc.nat({ max: (1 << n) - 1 }) }) },
      { weight: 1, arbitrary: fc.constant({ k: 'heal' as const }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('gc' as const), r }) },
    ),
    { maxLength, size: 'max' },
  );
}

/** Plays the network schedule; `doOp` applies an op at replica `r` at physical time `ptMs`. Leaves in-flight messages undelivered. */
export function runNetwork<M, Op>(nodes: SimNode<M>[], steps: NetStep<Op>[], doOp: (r: number, op: Op, ptMs: number) => void): { delivered: number } {
  const index = new Map(nodes.map((nd, i) => [nd.id, i]));
  const inflight: { from: number; to: number; msg: M }[] = [];
  let side = 0; // bit j: which side of the partition replica j is on
  const cut = (a: number, b: number) => ((side >> a) & 1) !== ((side >> b) & 1);
  let delivered = 0;
  for (const s of steps) {
    switch (s.k) {
      case 'op': doOp(s.r, s.op, s.ptMs); break;
      case 'send': {
        if (s.from === s.to || cut(s.from, s.to)) break;
        const msg = nodes[s.from]!.send(nodes[s.to]!.id);
        if (msg !== undefined) inflight.push({ from: s.from, to: s.to, msg });
        break;
      }
      case 'deliver': {
        if (inflight.length === 0) break;
        const at = s.i % inflight.length;
        const m = inflight[at]!;
        if (!s.dup) inflight.splice(at, 1);
        if (cut(m.from, m.to)) break;
        delivered++;
        const reply = nodes[m.to]!.receive(m.msg);
        if (reply) inflight.push({ from: m.to, to: index.get(reply.to)!, msg: reply.msg });
        break;
      }
      case 'drop': if (inflight.length > 0) inflight.splice(s.i % inflight.length, 1); break;
      case 'partition': side = s.mask; break;
      case 'heal': side = 0; break;
      case 'gc': nodes[s.r]!.gc(); break;
    }
  }
  return { delivered };
}

/** Reliable all-pairs rounds (send, deliver, ack) until a round moves nothing; returns the rounds used. */
export function antiEntropy<M>(nodes: SimNode<M>[], maxRounds = 20): number {
  for (let round = 1; round <= maxRounds; round++) {
    let moved = false;
    for (const a of nodes) {
      for (const b of nodes) {
        if (a === b) continue;
        const msg = a.send(b.id);
        if (msg === undefined) continue;
        moved = true;
        const reply = b.receive(msg);
        if (reply) a.receive(reply.msg);
      }
    }
    if (!moved) return round;
  }
  throw new Error(`anti-entropy did not quiesce in ${maxRounds} rounds`);
}

/** Keeps the model clock of a replica in step with the physical time a step brings. */
export function atTime(node: NodeCtx, ptMs: number): NodeCtx {
  node.ptMs = ptMs;
  return node;
}
