/** DeltaReplica (Almeida et al. 2018, Algorithm 2): intervals, acks, buffer collection, full-state fallback. */
import { describe, expect, it } from 'vitest';
import { DeltaReplica } from '../../../../sim-core/orchestrator/crdt/delta-replica.ts';
import { pnCounterLattice, pnIncrement, pnToJson, pnValue, type PnCounter } from '../../../../sim-core/orchestrator/crdt/pn-counter.ts';

const inc = (r: DeltaReplica<PnCounter>, by: number) => r.mutate(pnIncrement(r.state, r.id, by));

describe('delta-replica', () => {
  it('sends the join of the deltas since the last ack, then nothing once acked', () => {
    const a = new DeltaReplica(pnCounterLattice, 'a');
    inc(a, 1);
    inc(a, 2);
    inc(a, 4);
    const p = a.deltaFor('b')!;
    expect(p.kind).toBe('delta');
    expect(p).toMatchObject({ fromSeq: 0, toSeq: 3 });
    expect(pnToJson(p.state)).toEqual({ p: { a: 7 } });
    const b = new DeltaReplica(pnCounterLattice, 'b');
    expect(b.receive(p)).toEqual({ changed: true, ackSeq: 3 });
    expect(a.onAck('b', 3)).toBe(true);
    expect(a.deltaFor('b')).toBeUndefined();
    inc(a, 8);
    expect(a.deltaFor('b')).toMatchObject({ kind: 'delta', fromSeq: 3, toSeq: 4 });
    expect(pnToJson(a.deltaFor('b')!.state)).toEqual({ p: { a: 15 } });
  });

  it('a duplicate or stale delivery changes nothing and is not re-buffered', () => {
    const a = new DeltaReplica(pnCounterLattice, 'a');
    inc(a, 5);
    const p = a.deltaFor('b')!;
    const b = new DeltaReplica(pnCounterLattice, 'b');
    b.receive(p);
    expect(b.seq).toBe(1); // the inflating delta is buffered to travel on
    expect(b.receive(p)).toEqual({ changed: false, ackSeq: 1 });
    expect(b.seq).toBe(1);
    expect(pnValue(b.state)).toBe(5);
  });

  it('an old ack never moves the ack point back; acks beyond what was sent, or for another epoch, are refused', () => {
    const a = new DeltaReplica(pnCounterLattice, 'a', undefined, { epoch: 3 });
    inc(a, 1);
    inc(a, 1);
    expect(a.onAck('b', 2, 3)).toBe(true);
    expect(a.onAck('b', 1, 3)).toBe(true);
    expect(a.ackOf('b')).toBe(2);
    expect(a.onAck('b', 5, 3)).toBe(false);
    expect(a.onAck('c', 1, 2)).toBe(false);
    expect(a.ackOf('c')).toBe(0);
  });

  it('collects deltas every known peer acked, and sends the full state to a peer behind the buffer', () => {
    const a = new DeltaReplica(pnCounterLattice, 'a');
    a.addPeer('b');
    a.addPeer('c');
    for (let i = 0; i < 4; i++) inc(a, 1);
    a.onAck('b', 4);
    expect(a.gc()).toBe(0); // c acked nothing yet
    a.onAck('c', 2);
    expect(a.gc()).toBe(2);
    expect(a.bufferedDeltas).toBe(2);
    expect(a.deltaFor('c')).toMatchObject({ kind: 'delta', fromSeq: 2, toSeq: 4 });
    const fresh = a.deltaFor('newcomer')!;
    expect(fresh.kind).toBe('full');
    expect(pnValue(fresh.state)).toBe(4);
    a.removePeer('c');
    expect(a.gc()).toBe(2);
  });

  it('bounds the buffer: beyond maxBufferedDeltas, lagging peers get the full state', () => {
    const a = new DeltaReplica(pnCounterLattice, 'a', undefined, { maxBufferedDeltas: 2 });
    for (let i = 0; i < 5; i++) inc(a, 1);
    expect(a.bufferedDeltas).toBe(2);
    expect(a.deltaSince(3)).toMatchObject({ kind: 'delta', fromSeq: 3, toSeq: 5 });
    expect(a.deltaSince(2)).toMatchObject({ kind: 'full', toSeq: 5 });
  });

  it('a full-state payload is a snapshot: later local writes do not leak into it', () => {
    const a = new DeltaReplica(pnCounterLattice, 'a');
    inc(a, 1);
    const full = a.fullState();
    inc(a, 1);
    expect(pnValue(full.state)).toBe(1);
  });

  it('a restored initial state is offered to peers as the first delta', () => {
    const a = new DeltaReplica(pnCounterLattice, 'a');
    inc(a, 9);
    const r = new DeltaReplica(pnCounterLattice, 'a', a.state, { epoch: 1 });
    expect(pnValue(r.deltaFor('b')!.state)).toBe(9);
  });

  it('rejects bad arguments with the offending value', () => {
    expect(() => new DeltaReplica(pnCounterLattice, '')).toThrow('""');
    expect(() => new DeltaReplica(pnCounterLattice, 'a', undefined, { maxBufferedDeltas: 0 })).toThrow('got 0');
    expect(() => new DeltaReplica(pnCounterLattice, 'a', undefined, { epoch: -1 })).toThrow('got -1');
    expect(() => new DeltaReplica(pnCounterLattice, 'a').deltaSince(-2)).toThrow('got -2');
  });
});
