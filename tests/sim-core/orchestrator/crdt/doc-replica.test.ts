/**
 * DocReplica: the document replica live agents and the simulated control plane use, over the
 * JSON wire (messages go through JSON text, as over MQTT).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DocReplica } from '../../../../sim-core/orchestrator/crdt/doc-replica.ts';
import { docLattice, docToJson } from '../../../../sim-core/orchestrator/crdt/doc.ts';
import { cloneDots, emptyDots, maxCounter } from '../../../../sim-core/orchestrator/crdt/dot-set.ts';
import { compareHlc, hlcZero } from '../../../../sim-core/orchestrator/crdt/hlc.ts';
import { byteSize } from '../../../../sim-core/orchestrator/crdt/sync-wire.ts';
import { checkDocSpec, docOpArb, type DocEv, type DocOp } from './models.ts';
import { antiEntropy, netStepsArb, runNetwork, type NetStep, type SimNode } from './sim.ts';

/** A DocReplica on the simulated network; every message crosses as JSON text. */
function wireNode(r: DocReplica, now: () => number): SimNode<string> {
  return {
    id: r.nodeId,
    send: (to) => {
      const m = r.messageFor(to);
      if (!m) return undefined;
      const text = JSON.stringify(m);
      expect(byteSize(m)).toBe(Buffer.byteLength(text, 'utf8'));
      return text;
    },
    receive: (text) => {
      const res = r.receive(JSON.parse(text), now());
      if (!res.ok) throw new Error(`unexpected refusal: ${JSON.stringify(res.error)}`);
      if (res.kind === 'ack') {
        expect(res.accepted).toBe(true);
        return undefined;
      }
      return { to: res.from, msg: JSON.stringify(res.ack) };
    },
    gc: () => void r.sync.gc(),
  };
}

/** Applies a model op through the DocReplica API and records the spec event. */
function applyOp(r: DocReplica, o: DocOp, ptMs: number): DocEv {
  if (o.sec === 'map') {
    if (o.op.kind === 'set') return { sec: 'map', name: o.name, ev: { key: o.op.key, value: o.op.value, hlc: r.set(o.name, o.op.key, o.op.value, ptMs) } };
    return { sec: 'map', name: o.name, ev: { key: o.op.key, value: undefined, hlc: r.delete(o.name, o.op.key, ptMs) } };
  }
  if (o.sec === 'set') {
    const ctx = r.doc.sets.get(o.name)?.ctx ?? emptyDots();
    if (o.op.kind === 'add') {
      const dot = { nodeId: r.nodeId, counter: maxCounter(ctx, r.nodeId) + 1 };
      r.add(o.name, o.op.elem);
      return { sec: 'set', name: o.name, ev: { kind: 'add', elem: o.op.elem, dot } };
    }
    const seen = cloneDots(ctx);
    r.remove(o.name, o.op.elem);
    return { sec: 'set', name: o.name, ev: { kind: 'rm', elem: o.op.elem, seen } };
  }
  if (o.op.kind === 'inc') r.increment(o.name, o.op.by);
  else r.decrement(o.name, o.op.by);
  return { sec: 'ctr', name: o.name, ev: o.op };
}

function wireCase(n: number, maxBuffered: number, steps: NetStep<DocOp>[]): void {
  const reps = Array.from({ length: n }, (_, i) => new DocReplica(`n${i}`, { maxBufferedDeltas: maxBuffered }));
  const pt = reps.map(() => 0);
  const nodes = reps.map((r, i) => wireNode(r, () => pt[i]!));
  const events: DocEv[] = [];
  runNetwork(nodes, steps, (i, op, ptMs) => {
    pt[i] = ptMs;
    events.push(applyOp(reps[i]!, op, ptMs));
  });
  antiEntropy(nodes);
  const first = JSON.stringify(docToJson(reps[0]!.doc));
  for (const r of reps) expect(JSON.stringify(docToJson(r.doc))).toBe(first);
  checkDocSpec(reps[0]!.doc, events);
}

describe('DocReplica over the JSON wire', () => {
  it('converges under loss, duplication, reordering and partitions, to each section\'s spec', () => {
    const arb = fc.integer({ min: 2, max: 4 }).chain((n) => fc.tuple(fc.constant(n), fc.constantFrom(2, 1024), netStepsArb(docOpArb, n, 120)));
    fc.assert(fc.property(arb, ([n, maxBuffered, steps]) => wireCase(n, maxBuffered, steps)), { numRuns: 200 });
  });

  it('a write made after hearing of another wins over it, even with a physical clock behind (HLC causality)', () => {
    const a = new DocReplica('a');
    const b = new DocReplica('b');
    a.set('placements', 'svc', 'edge-1', 10_000); // a's clock is far ahead
    const res = b.receive(JSON.parse(JSON.stringify(a.messageFor('b'))), 50);
    expect(res.ok).toBe(true);
    const stamp = b.set('placements', 'svc', 'edge-2', 60); // b's physical clock says 60 ms
    expect(stamp.wallMs).toBe(10_000);
    expect(compareHlc(stamp, { wallMs: 10_000, logical: 0, nodeId: 'a' })).toBe(1);
    a.receive(JSON.parse(JSON.stringify(b.messageFor('a'))), 10_001);
    expect(a.get('placements', 'svc')).toBe('edge-2');
    expect(b.get('placements', 'svc')).toBe('edge-2');
  });

  it('refuses a message stamped too far ahead (error value, no state change, no ack), accepts it once in range', () => {
    const a = new DocReplica('a');
    const b = new DocReplica('b', { maxDriftMs: 1_000 });
    a.set('nodeStatus', 'a', { state: 'ready', reportedAtMs: 10_000 }, 10_000);
    const msg = JSON.parse(JSON.stringify(a.messageFor('b')));
    const before = JSON.stringify(docToJson(b.doc));
    const r1 = b.receive(msg, 8_999); // 1001 ms ahead
    expect(r1).toEqual({ ok: false, error: { kind: 'clock-drift', aheadMs: 1_001, maxDriftMs: 1_000, remote: { wallMs: 10_000, logical: 0, nodeId: 'a' } } });
    expect(JSON.stringify(docToJson(b.doc))).toBe(before);
    expect(b.clock).toEqual(hlcZero('b'));
    const r2 = b.receive(msg, 9_000); // exactly 1000 ms ahead: allowed
    expect(r2.ok && r2.kind === 'payload' && r2.changed).toBe(true);
    expect(b.get('nodeStatus', 'a')).toEqual({ state: 'ready', reportedAtMs: 10_000 });
  });

  it('reports malformed messages as values naming the field', () => {
    const b = new DocReplica('b');
    expect(b.receive({ t: 'delta', from: 'a', epoch: 0, fromSeq: 0, toSeq: 1, doc: { maps: { m: { k: [1, 'x', 'a', 5] } } } }, 0))
      .toEqual({ ok: false, error: { kind: 'bad-message', message: 'message.doc.maps.m.k: malformed clock [1,"x","a"]' } });
    expect(b.receive({ t: 'nope', from: 'a', epoch: 0 }, 0)).toEqual({ ok: false, error: { kind: 'bad-message', message: 'message.t: expected "delta", "full" or "ack", got "nope"' } });
    expect(b.receive({ t: 'delta', from: 'a', epoch: 0, fromSeq: 3, toSeq: 3, doc: {} }, 0).ok).toBe(false);
    expect(b.receive({ t: 'ack', from: 'a', epoch: 0, seq: -1 }, 0)).toEqual({ ok: false, error: { kind: 'bad-message', message: 'message.seq: expected an integer >= 0, got -1' } });
    expect(b.receive(null, 0).ok).toBe(false);
  });

  it('ignores acks addressed to an earlier incarnation', () => {
    const a = new DocReplica('a', { epoch: 2 });
    a.add('members', 'a');
    expect(a.receive({ t: 'ack', from: 'b', epoch: 1, seq: 1 }, 0)).toEqual({ ok: true, kind: 'ack', from: 'b', accepted: false });
    expect(a.messageFor('b')).toBeDefined(); // still owed the delta
    expect(a.receive({ t: 'ack', from: 'b', epoch: 2, seq: 1 }, 0)).toEqual({ ok: true, kind: 'ack', from: 'b', accepted: true });
    expect(a.messageFor('b')).toBeUndefined();
  });

  it('a replica restored from a saved document resumes its clock past every saved write and offers the state to peers', () => {
    const a = new DocReplica('a');
    a.set('placements', 's1', 'n1', 5_000);
    const saved = docLattice.clone(a.doc);
    const a2 = new DocReplica('a', { epoch: 1 }, saved);
    expect(compareHlc(a2.set('placements', 's1', 'n2', 0), a.clock)).toBe(1);
    const b = new DocReplica('b');
    b.receive(JSON.parse(JSON.stringify(a2.messageFor('b'))), 0);
    expect(b.get('placements', 's1')).toBe('n2');
  });

  it('reads sets and counters through the replica API', () => {
    const a = new DocReplica('a');
    a.add('members', 'x');
    a.add('members', 'y');
    a.remove('members', 'x');
    a.increment('restarts', 5);
    a.decrement('restarts', 2);
    expect(a.values('members')).toEqual(['y']);
    expect(a.has('members', 'x')).toBe(false);
    expect(a.counter('restarts')).toBe(3);
    expect(a.counter('nothing')).toBe(0);
  });
});
