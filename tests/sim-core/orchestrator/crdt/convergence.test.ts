/**
 * Convergence of delta-state anti-entropy (Almeida et al. 2018, Algorithm 2) under a hostile
 * network, for each CRDT type and for the composite document over the JSON wire: replicas do
 * random ops and exchange delta-intervals over a schedule that loses, duplicates and reorders
 * messages (acks too), with random partitions and delta-buffer collection; then reliable
 * anti-entropy rounds. Afterwards every replica must hold the same state, equal to the join of
 * every δ-mutation ever made (the full-state merge), and equal to the sequential specification:
 * LWW = the write with the greatest HLC, OR-set = add-wins, PN-counter = Σinc − Σdec.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeltaReplica, type SyncPayload } from '../../../../sim-core/orchestrator/crdt/delta-replica.ts';
import { joinAll } from '../../../../sim-core/orchestrator/crdt/lattice.ts';
import { canon, MODELS, newNode, type Model, type NodeCtx } from './models.ts';
import { antiEntropy, netStepsArb, runNetwork, type NetStep, type SimNode } from './sim.ts';

type Msg<S> = { t: 'payload'; from: string; p: SyncPayload<S> } | { t: 'ack'; from: string; seq: number; epoch: number };

/** Wraps a DeltaReplica as a network node; the model's clock observes every incoming state. */
function simNode<S>(m: Model<S, unknown, unknown>, r: DeltaReplica<S>, ctx: NodeCtx): SimNode<Msg<S>> {
  return {
    id: r.id,
    send: (to) => {
      const p = r.deltaFor(to);
      return p && { t: 'payload', from: r.id, p };
    },
    receive: (msg) => {
      if (msg.t === 'ack') {
        expect(r.onAck(msg.from, msg.seq, msg.epoch)).toBe(true);
        return undefined;
      }
      m.observe(ctx, msg.p.state);
      const out = r.receive(msg.p);
      return { to: msg.from, msg: { t: 'ack', from: r.id, seq: out.ackSeq, epoch: msg.p.epoch } };
    },
    gc: () => void r.gc(),
  };
}

/** Runs one schedule for model `m` and checks convergence; exported shape reused by the pinned seeds. */
export function convergenceCase<S>(m: Model<S, unknown, unknown>, n: number, maxBuffered: number, steps: NetStep<unknown>[]): void {
  const ctxs = Array.from({ length: n }, (_, i) => newNode(`r${i}`));
  const reps = ctxs.map((c) => new DeltaReplica(m.lattice, c.id, undefined, { maxBufferedDeltas: maxBuffered }));
  const nodes = reps.map((r, i) => simNode(m, r, ctxs[i]!));
  const deltas: S[] = [];
  const events: unknown[] = [];
  runNetwork(nodes, steps, (i, op, ptMs) => {
    ctxs[i]!.ptMs = ptMs;
    const { delta, event } = m.mutate(reps[i]!.state, ctxs[i]!, op);
    reps[i]!.mutate(delta);
    deltas.push(delta);
    events.push(event);
  });
  antiEntropy(nodes);
  const full = canon(m, joinAll(m.lattice, deltas));
  for (const r of reps) expect(canon(m, r.state)).toBe(full);
  m.checkSpec(reps[0]!.state, events);
}

describe.each(MODELS.map((m) => [m.name, m] as const))('%s over a lossy, duplicating, reordering, partitioned network', (_name, m) => {
  it('all replicas converge to the full merge and to the sequential spec', () => {
    const arb = fc.integer({ min: 2, max: 4 }).chain((n) =>
      fc.tuple(fc.constant(n), fc.constantFrom(2, 5, 1024), netStepsArb(m.opArb, n, 120)));
    fc.assert(fc.property(arb, ([n, maxBuffered, steps]) => convergenceCase(m, n, maxBuffered, steps)), { numRuns: 300 });
  });
});
