/**
 * Telemetry ingest against a real Mosquitto (MQTT v5): heartbeats from several raw mqtt.js
 * clients appear in GET /api/v1/fleet with their lag; an agent killed without DISCONNECT fires its
 * retained last will and reads offline, one that falls silent is swept offline; malformed
 * telemetry of every kind is counted in /metrics by kind and reason, audited at most once per
 * node and reason, and the ingest keeps working; the snapshot route gives the live placements;
 * a restarted gateway knows the last fleet and receives what agents sent while it was away
 * (persistent session, QoS 1).
 */
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEntries } from '../../../connectors/gateway/audit-log.ts';
import { topicFor } from '../../../connectors/mqtt/topics.ts';
import type { FleetStore } from '../../../connectors/live/fleet-store.ts';
import type { FleetNodeJson } from '../../../connectors/live/live-snapshot.ts';
import { parseSnapshot } from '../../../sim-core/whatif/plan/snapshot.ts';
import { removeDir, startMosquitto, type Mosquitto } from '../support/real-servers.ts';
import type { TestGateway } from '../gateway/support/gateway.ts';
import { heartbeatFrame, liveGateway, startAgent, statusFrame, waitFor, type TestAgent } from './support/agents.ts';

let broker: Mosquitto;
let gw: TestGateway;
let fleet: FleetStore;
const agents: TestAgent[] = [];

beforeAll(async () => {
  broker = await startMosquitto();
  ({ gw, fleet } = await liveGateway(broker.url));
});
afterAll(async () => {
  for (const a of agents) await a.stop().catch(() => undefined);
  await gw?.close();
  await broker?.stop();
  if (broker) removeDir(broker.dir);
});

async function fleetNodes(): Promise<{ nodes: FleetNodeJson[]; malformed: number; malformedBy: Record<string, number> }> {
  const r = await gw.app.inject({ method: 'GET', url: '/api/v1/fleet', headers: gw.auth(gw.tokens.viewer) });
  expect(r.statusCode).toBe(200);
  return r.json();
}
const nodeOf = async (id: string) => (await fleetNodes()).nodes.find((n) => n.id === id);

async function metricsText(): Promise<string> {
  const r = await gw.app.inject({ method: 'GET', url: '/metrics', headers: gw.auth(gw.tokens.viewer) });
  expect(r.statusCode).toBe(200);
  return r.body;
}
const malformedCount = (text: string, kind: string, reason: string): number => {
  const m = new RegExp(`^edgetwin_telemetry_malformed_total\\{kind="${kind}",reason="${reason}"\\} (\\d+)$`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
};

describe('telemetry ingest (real Mosquitto)', () => {
  it('heartbeats from 6 agents appear in GET /api/v1/fleet, ready, with their lag', async () => {
    const ids = ['hb-1', 'hb-2', 'hb-3', 'hb-4', 'hb-5', 'hb-6'];
    for (const id of ids) agents.push(await startAgent(broker.url, id, { will: false }));
    const sentAt = Date.now();
    // hb-6's heartbeat was stamped 3 s before it was sent: its lag must show that.
    await Promise.all(agents.filter((a) => ids.includes(a.id)).map((a) => a.heartbeat(a.id === 'hb-6' ? sentAt - 3000 : sentAt)));
    const nodes = await waitFor('six ready nodes', async () => {
      const n = (await fleetNodes()).nodes.filter((x) => ids.includes(x.id) && x.state === 'ready');
      return n.length === ids.length ? n : null;
    });
    for (const n of nodes) {
      expect(n.source).toBe('mqtt');
      expect(n.lastSeenMs).toBeGreaterThanOrEqual(sentAt);
      expect(n.heartbeatLagMs).toBeGreaterThanOrEqual(n.id === 'hb-6' ? 3000 : 0);
    }
    expect(nodes.find((n) => n.id === 'hb-6')!.heartbeatLagMs!).toBeGreaterThanOrEqual(3000);
    const text = await metricsText();
    const count = Number(/^edgetwin_telemetry_lag_seconds_count (\d+)$/m.exec(text)?.[1]);
    expect(count).toBeGreaterThanOrEqual(ids.length);
    // The 3-second-old heartbeat is above the 2.5 s bucket.
    const le25 = Number(/^edgetwin_telemetry_lag_seconds_bucket\{le="2.5"\} (\d+)$/m.exec(text)?.[1]);
    expect(count - le25).toBeGreaterThanOrEqual(1);
  });

  it('an agent killed without DISCONNECT fires its retained last will: offline at once, and a fleet event says so', async () => {
    const events: { nodes: FleetNodeJson[] }[] = [];
    const off = gw.ctx.events.subscribe((topic, data) => { if (topic === 'fleet') events.push(data as { nodes: FleetNodeJson[] }); });
    const a = await startAgent(broker.url, 'will-1', { running: ['detect/infer'] });
    await a.status('ready');
    a.beat(100);
    await waitFor('will-1 ready', async () => (await nodeOf('will-1'))?.state === 'ready');
    a.kill();
    const n = await waitFor('will-1 offline', async () => { const x = await nodeOf('will-1'); return x?.state === 'offline' ? x : null; });
    expect(n.workloads).toEqual(['detect/infer']);
    await waitFor('an offline fleet event', () => events.some((e) => e.nodes.some((x) => x.id === 'will-1' && x.state === 'offline')));
    off();
    // The broker fired the will: the retained status on the topic is now the 'down' frame.
    const probe = await connectAsync(broker.url, { protocolVersion: 5, clientId: `probe-${process.pid}`, reconnectPeriod: 0 });
    const retained = new Promise<string>((resolve) => probe.on('message', (_t, p, packet) => { if (packet.retain) resolve(p.toString()); }));
    await probe.subscribeAsync(topicFor('will-1', 'status'), { qos: 1 });
    expect(JSON.parse(await retained)).toMatchObject({ kind: 'status', from: 'will-1', state: 'down' });
    await probe.endAsync();
  });

  it('an agent that falls silent (clean disconnect, no will) is swept offline; a new heartbeat brings it back', async () => {
    const a = await startAgent(broker.url, 'quiet-1', { will: false });
    await a.heartbeat();
    await waitFor('quiet-1 ready', async () => (await nodeOf('quiet-1'))?.state === 'ready');
    await waitFor('quiet-1 swept offline', async () => (await nodeOf('quiet-1'))?.state === 'offline', 10_000);
    await a.heartbeat();
    await waitFor('quiet-1 back', async () => (await nodeOf('quiet-1'))?.state === 'ready');
    await a.stop();
  });

  it('malformed telemetry is counted by kind and reason, audited once per node and reason, and never stops the ingest', async () => {
    const a = await startAgent(broker.url, 'bad-1', { will: false });
    agents.push(a);
    const before = (await fleetNodes()).malformed;
    const flood = 40;
    for (let i = 0; i < flood; i++) await a.publish(topicFor('bad-1', 'heartbeat'), `not json ${i}`);
    await a.publish(topicFor('bad-1', 'heartbeat'), JSON.stringify({ ...heartbeatFrame('bad-1', Date.now()), v: 2 }));
    await a.publish(topicFor('bad-1', 'heartbeat'), JSON.stringify(heartbeatFrame('someone-else', Date.now())));
    await a.publish(topicFor('bad-1', 'heartbeat'), JSON.stringify(statusFrame('bad-1', Date.now(), 'ready')));
    await a.publish(topicFor('bad-1', 'status'), JSON.stringify({ ...statusFrame('bad-1', Date.now(), 'ready'), state: 'sleepy' }));
    await a.publish(topicFor('bad-1', 'metrics'), JSON.stringify({ v: 1, node: 'bad-1', atMs: Date.now(), intervalMs: 1000, cpuUtilization: 7, memoryBytes: 0, apps: {} }));
    await a.publish(topicFor('bad-1', 'report'), Buffer.from([0xff, 0xfe, 0x00]));
    await a.publish(topicFor('bad-1', 'status'), '');
    const expected: [string, string, number][] = [
      ['heartbeat', 'not-json', flood], ['heartbeat', 'bad-version', 1], ['heartbeat', 'node-mismatch', 1], ['heartbeat', 'wrong-kind', 1],
      ['status', 'bad-field', 1], ['metrics', 'bad-field', 1], ['report', 'not-json', 1], ['status', 'empty', 1],
    ];
    const total = expected.reduce((s, e) => s + e[2], 0);
    const text = await waitFor('every malformed message counted', async () => {
      const t = await metricsText();
      return expected.every(([k, r, n]) => malformedCount(t, k, r) === n) ? t : null;
    });
    expect(text).toContain('edgetwin_telemetry_malformed_total');
    const f = await fleetNodes();
    expect(f.malformed - before).toBe(total);
    expect(f.malformedBy['heartbeat/not-json']).toBe(flood);
    // Audited, but the flood of 40 is one entry (rate limit per node and reason).
    const audit = listAuditEntries(gw.ctx.db, 0, 10_000).filter((e) => e.action === 'telemetry.malformed' && e.target === 'bad-1');
    expect(audit.filter((e) => (e.detail as { reason: string }).reason === 'not-json' && (e.detail as { kind: string }).kind === 'heartbeat')).toHaveLength(1);
    expect(new Set(audit.map((e) => `${(e.detail as { kind: string }).kind}/${(e.detail as { reason: string }).reason}`))).toEqual(new Set(expected.map(([k, r]) => `${k}/${r}`)));
    for (const e of audit) { expect(e.actor).toBe('system'); expect(e.outcome).toBe('refused'); }
    expect(audit.find((e) => (e.detail as { reason: string }).reason === 'node-mismatch')!.reason).toMatch(/someone-else/);
    expect(gw.ctx.audit.verify()).toMatchObject({ ok: true });
    // The one that claimed to be someone-else did not create that node; bad-1 is not in the fleet yet.
    expect(await nodeOf('someone-else')).toBeUndefined();
    // Still working: a good heartbeat from the same agent lands.
    await a.heartbeat();
    await waitFor('bad-1 ready after the garbage', async () => (await nodeOf('bad-1'))?.state === 'ready');
  });

  it('GET /api/v1/fleet/snapshot gives the live placements of ready and draining nodes, as a plan snapshot', async () => {
    const s1 = await startAgent(broker.url, 'snap-1', { running: ['shop/web'] });
    const s2 = await startAgent(broker.url, 'snap-2', { running: ['shop/web', 'shop/db'] });
    const s3 = await startAgent(broker.url, 'snap-3', { running: ['shop/db'] });
    agents.push(s1, s2);
    for (const a of [s1, s2, s3]) { await a.status('ready'); a.beat(100); }
    await s2.status('draining');
    await waitFor('three snap nodes', async () => (await fleetNodes()).nodes.filter((n) => n.id.startsWith('snap-') && n.state !== 'unknown').length === 3);
    s3.kill();
    await waitFor('snap-3 offline', async () => (await nodeOf('snap-3'))?.state === 'offline');
    const r = await gw.app.inject({ method: 'GET', url: '/api/v1/fleet/snapshot', headers: gw.auth(gw.tokens.viewer) });
    expect(r.statusCode).toBe(200);
    const snap = parseSnapshot(r.body, 'snapshot');
    expect(snap.source).toBe('live');
    expect(snap.placements['shop/web']).toEqual(['snap-1', 'snap-2']);
    expect(snap.placements['shop/db']).toEqual(['snap-2']);
    expect(Date.parse(snap.takenAt!)).toBeGreaterThan(0);
    expect((await gw.app.inject({ method: 'GET', url: '/api/v1/fleet/snapshot' })).statusCode).toBe(401);
    expect((await gw.app.inject({ method: 'GET', url: '/api/v1/fleet' })).statusCode).toBe(401);
  });

  it('past its node cap the ingest refuses telemetry for new nodes (counted as fleet-full) and keeps serving the known ones', async () => {
    const small = await liveGateway(broker.url, { clientId: `edgetwin-gateway-small-${process.pid}`, maxNodes: 2 });
    try {
      const a = await startAgent(broker.url, 'cap-1', { will: false });
      for (const id of ['cap-1', 'cap-2', 'cap-3']) await a.publish(topicFor(id, 'heartbeat'), JSON.stringify(heartbeatFrame(id, Date.now())));
      const m = await waitFor('a fleet-full refusal', async () => {
        const r = await small.gw.app.inject({ method: 'GET', url: '/metrics', headers: small.gw.auth(small.gw.tokens.viewer) });
        return malformedCount(r.body, 'heartbeat', 'fleet-full') + malformedCount(r.body, 'status', 'fleet-full') > 0 && small.fleet.size() === 2;
      });
      expect(m).toBe(true);
      const known = small.fleet.nodes()[0]!.id;
      const before = small.ingest.stats().accepted;
      await a.publish(topicFor(known, 'heartbeat'), JSON.stringify(heartbeatFrame(known, Date.now() - 12_345)));
      await waitFor('the known node still heard', () => small.ingest.stats().accepted > before && small.fleet.node(known)!.heartbeatLagMs! >= 12_345);
      expect(small.fleet.size()).toBe(2);
      await a.stop();
    } finally {
      await small.gw.close();
    }
  });

  it('a restarted gateway knows the last fleet and gets the QoS 1 telemetry sent while it was down', async () => {
    const dbPath = gw.dbPath;
    const known = (await fleetNodes()).nodes.map((n) => n.id).sort();
    for (const a of agents) await a.stop().catch(() => undefined);
    agents.length = 0;
    await gw.close();
    const late = await startAgent(broker.url, 'late-1', { will: false });
    await late.heartbeat();
    await late.stop();
    ({ gw, fleet } = await liveGateway(broker.url, { dbPath }));
    // Restored from SQLite before any telemetry arrived (the restarted store restores, then the ingest fills in).
    const ids = await waitFor('late-1 from the persistent session', async () => {
      const n = (await fleetNodes()).nodes;
      return n.some((x) => x.id === 'late-1' && x.state === 'ready') ? n.map((x) => x.id) : null;
    });
    for (const id of known) expect(ids).toContain(id);
  });
});
