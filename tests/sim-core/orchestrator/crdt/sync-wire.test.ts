/** The JSON wire: message shapes, byte sizes, and the size of a typical placement sync. */
import { describe, expect, it } from 'vitest';
import { DocReplica } from '../../../../sim-core/orchestrator/crdt/doc-replica.ts';
import { byteSize, decodeMessage, encodeAck } from '../../../../sim-core/orchestrator/crdt/sync-wire.ts';
import { nodeStatusOf, placementsOf, setNodeStatus, setPlacement, clearPlacement, FLEET } from '../../../../sim-core/orchestrator/crdt/fleet-state.ts';

describe('sync-wire', () => {
  it('byteSize counts UTF-8 bytes of the JSON text (1, 2, 3 and 4-byte characters)', () => {
    for (const v of [{ a: 'plain' }, { a: 'é' }, { a: '€' }, { a: '😀' }, ['\ud800'], 'x"\\\n']) {
      expect(byteSize(v)).toBe(Buffer.byteLength(JSON.stringify(v), 'utf8'));
    }
  });

  it('a delta message has this exact shape', () => {
    const a = new DocReplica('gw-1');
    setPlacement(a, 'svc-a', 'edge-7', 1_000);
    expect(a.messageFor('ctl')).toEqual({
      t: 'delta', from: 'gw-1', epoch: 0, fromSeq: 0, toSeq: 1,
      doc: { maps: { placements: { 'svc-a': [1_000, 0, 'gw-1', 'edge-7'] } } },
    });
    expect(decodeMessage(encodeAck('ctl', 0, 1))).toEqual({ ok: true, message: { t: 'ack', from: 'ctl', epoch: 0, seq: 1 } });
  });

  it('syncing 5 changed placements out of 100 sends only those 5 (size pinned)', () => {
    const ctl = new DocReplica('controller');
    const agent = new DocReplica('agent-1');
    for (let i = 0; i < 100; i++) setPlacement(ctl, `svc-${String(i).padStart(3, '0')}`, `edge-${i % 17}`, 1_700_000_000_000 + i);
    const first = ctl.messageFor('agent-1')!;
    const ack = agent.receive(JSON.parse(JSON.stringify(first)), 1_700_000_000_100);
    if (!ack.ok || ack.kind !== 'payload') throw new Error('expected a payload');
    ctl.receive(ack.ack, 1_700_000_000_100);
    for (const i of [3, 20, 41, 77, 99]) setPlacement(ctl, `svc-${String(i).padStart(3, '0')}`, `edge-${(i + 5) % 17}`, 1_700_000_001_000 + i);
    const delta = ctl.messageFor('agent-1')!;
    expect(Object.keys(delta.doc.maps!.placements!)).toEqual(['svc-003', 'svc-020', 'svc-041', 'svc-077', 'svc-099']);
    // 98 bytes of envelope `{"t":"delta",…,"placements":{` + 5 entries like
    // `"svc-003":[1700000001003,0,"controller","edge-8"]` (49 bytes; 50 for edge-12, edge-14)
    // + 4 commas + 4 closing braces = 98 + 247 + 4 + 4.
    expect(byteSize(delta)).toBe(353);
    expect(byteSize(first)).toBeGreaterThan(14 * byteSize(delta)); // the first sync carries all 100 (5,139 bytes)
    agent.receive(JSON.parse(JSON.stringify(delta)), 1_700_000_001_200);
    expect(placementsOf(agent.doc)).toEqual(placementsOf(ctl.doc));
    expect(placementsOf(agent.doc).get('svc-077')).toBe('edge-14');
  });

  it('fleet-state helpers read and write the conventional sections', () => {
    const a = new DocReplica('a');
    setPlacement(a, 's1', 'n1', 10);
    setPlacement(a, 's2', 'n2', 11);
    clearPlacement(a, 's1', 12);
    setNodeStatus(a, 'n2', { state: 'degraded', reportedAtMs: 12 }, 12);
    expect([...placementsOf(a.doc)]).toEqual([['s2', 'n2']]);
    expect([...nodeStatusOf(a.doc)]).toEqual([['n2', { state: 'degraded', reportedAtMs: 12 }]]);
    a.set(FLEET.placements, 's3', 42, 13);
    expect(() => placementsOf(a.doc)).toThrow('placement of s3 is not a node id: 42');
  });
});
