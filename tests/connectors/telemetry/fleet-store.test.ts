/**
 * The fleet store with a hand-driven clock: heartbeats make a node ready with its lag; silence
 * past offlineAfterMs sweeps it offline (not a moment before); a 'down' status (the last will)
 * makes it offline at once and a later heartbeat brings it back; draining sticks through
 * heartbeats; a retained status counts from its own time. The SQLite snapshot round-trips, and a
 * damaged newest row falls back to the previous one. The audit throttle admits one entry per key
 * per window with the suppressed count, caps the entries of a window over every key, and caps
 * its keys.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../connectors/gateway/db.ts';
import { ensureFleetSnapshotSchema, loadLatestFleetSnapshot, saveFleetSnapshot } from '../../../connectors/live/fleet-snapshots.ts';
import { createFleetStore } from '../../../connectors/live/fleet-store.ts';
import { livePlacements } from '../../../connectors/live/live-snapshot.ts';
import { MalformedAuditThrottle } from '../../../connectors/live/malformed-throttle.ts';
import type { HeartbeatFrame, StatusFrame } from '../../../sim-core/orchestrator/control/wire.ts';

const hb = (from: string, atMs: number): HeartbeatFrame => ({ v: 1, kind: 'heartbeat', from, to: 'gateway', atMs, observed: null, ack: null, needsStart: false });
const st = (from: string, atMs: number, state: StatusFrame['state'], running: string[] = []): StatusFrame => ({ v: 1, kind: 'status', from, to: 'gateway', atMs, state, running });

describe('fleet store', () => {
  it('heartbeats make nodes ready with their lag; silence past offlineAfterMs sweeps them offline', () => {
    const f = createFleetStore({ heartbeatIntervalMs: 1000, silentHeartbeats: 5 });
    expect(f.offlineAfterMs).toBe(5000);
    const seen: string[] = [];
    f.onChange((n) => seen.push(`${n.id}:${n.state}`));
    f.heartbeat(hb('a', 10_000), 10_030);
    f.heartbeat(hb('b', 10_000), 10_250);
    expect(f.node('a')).toMatchObject({ state: 'ready', heartbeatLagMs: 30, lastSeenMs: 10_030, sources: ['mqtt'] });
    expect(f.node('b')!.heartbeatLagMs).toBe(250);
    f.heartbeat(hb('b', 14_000), 14_010);
    // a: silent 5000 ms exactly is not yet "more than" 5000.
    expect(f.sweep(15_030)).toEqual([]);
    expect(f.sweep(15_031).map((n) => n.id)).toEqual(['a']);
    expect(f.node('a')!.state).toBe('offline');
    expect(f.node('b')!.state).toBe('ready');
    // Sweeping again changes nothing; b goes when its own silence is long enough.
    expect(f.sweep(19_011).map((n) => n.id)).toEqual(['b']);
    expect(f.sweep(30_000)).toEqual([]);
    expect(seen).toEqual(['a:ready', 'b:ready', 'b:ready', 'a:offline', 'b:offline']);
  });

  it("a 'down' status (the last will) is offline at once; the next heartbeat brings the node back; draining sticks", () => {
    const f = createFleetStore();
    f.status(st('n', 1000, 'ready', ['app/b', 'app/a']), 1001, false);
    expect(f.node('n')).toMatchObject({ state: 'ready', running: ['app/a', 'app/b'] });
    f.status(st('n', 500, 'down', ['stale/x']), 2000, false);
    expect(f.node('n')).toMatchObject({ state: 'offline', running: ['app/a', 'app/b'] });
    expect(livePlacements(f.nodes())).toEqual({});
    f.heartbeat(hb('n', 3000), 3001);
    expect(f.node('n')!.state).toBe('ready');
    f.status(st('n', 4000, 'draining', ['app/a']), 4000, false);
    f.heartbeat(hb('n', 5000), 5000);
    expect(f.node('n')!.state).toBe('draining');
    expect(livePlacements(f.nodes())).toEqual({ 'app/a': ['n'] });
  });

  it('a retained status is as old as its own atMs: a long-dead node restored by it is swept at once', () => {
    const f = createFleetStore();
    f.status(st('old', 1_000, 'ready', ['app/s']), 100_000, true);
    expect(f.node('old')!.lastSeenMs).toBe(1_000);
    expect(f.sweep(100_001).map((n) => n.id)).toEqual(['old']);
  });

  it('snapshots round-trip through SQLite; a damaged newest row falls back to the one before', () => {
    const db = openDb(join(mkdtempSync(join(tmpdir(), 'edgetwin-fleet-')), 'g.db'));
    ensureFleetSnapshotSchema(db);
    ensureFleetSnapshotSchema(db); // idempotent
    expect(loadLatestFleetSnapshot(db)).toBeNull();
    const f = createFleetStore();
    f.status(st('x', 1000, 'ready', ['app/s']), 1000, false);
    f.heartbeat(hb('x', 1900), 2000);
    saveFleetSnapshot(db, f.nodes(), 2000);
    db.prepare('INSERT INTO fleet_snapshots (taken_at_ms, nodes_json) VALUES (?, ?)').run(3000, '{"not": "a list"');
    const got = loadLatestFleetSnapshot(db)!;
    expect(got.takenAtMs).toBe(2000);
    expect(got.nodes).toEqual(f.nodes());
    // A restored store sweeps the silent node from its last-seen time.
    const g = createFleetStore();
    g.restore(got.nodes);
    expect(g.node('x')!.state).toBe('ready');
    expect(g.sweep(2000 + g.offlineAfterMs + 1).map((n) => n.id)).toEqual(['x']);
    for (let i = 0; i < 30; i++) saveFleetSnapshot(db, [], 4000 + i, 5);
    expect((db.prepare('SELECT COUNT(*) AS c FROM fleet_snapshots').get() as { c: number }).c).toBe(5);
    db.close();
  });
});

describe('malformed audit throttle', () => {
  it('admits one entry per node+reason per window and reports what it suppressed', () => {
    const t = new MalformedAuditThrottle(60_000, 100);
    expect(t.admit('n', 'not-json', 0)).toMatchObject({ audit: true, suppressed: 0 });
    for (let i = 1; i <= 7; i++) expect(t.admit('n', 'not-json', i * 1000).audit).toBe(false);
    expect(t.admit('n', 'bad-field', 8000).audit).toBe(true); // another reason: its own key
    expect(t.admit('m', 'not-json', 8000).audit).toBe(true); // another node: its own key
    expect(t.admit('n', 'not-json', 60_000)).toMatchObject({ audit: true, suppressed: 7 });
  });

  it('caps the audit entries of a window over every key: a flood from ever new nodes is summarised', () => {
    const t = new MalformedAuditThrottle(60_000, 100, 2);
    expect(t.admit('a', 'x', 0).audit).toBe(true);
    expect(t.admit('b', 'x', 1).audit).toBe(true);
    expect(t.admit('c', 'x', 2).audit).toBe(false); // over the budget of 2 per window
    expect(t.admit('c', 'x', 3).audit).toBe(false);
    expect(t.admit('c', 'x', 60_000)).toMatchObject({ audit: true, suppressed: 2 }); // new window: audited with its count
    expect(t.admit('d', 'x', 60_001).audit).toBe(true);
    expect(t.admit('e', 'x', 60_002).audit).toBe(false);
  });

  it('caps the keys it tracks: past the cap, new nodes share one key per reason', () => {
    const t = new MalformedAuditThrottle(60_000, 3);
    for (const n of ['a', 'b', 'c']) expect(t.admit(n, 'x', 0).audit).toBe(true);
    expect(t.admit('d', 'x', 1)).toMatchObject({ audit: true, key: '* x' });
    expect(t.admit('e', 'x', 2).audit).toBe(false);
    expect(t.size()).toBe(4);
  });
});
