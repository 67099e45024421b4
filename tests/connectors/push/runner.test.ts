import { afterEach, describe, expect, it } from 'vitest';
import { createPushRunner, type PushRunner } from '../../../connectors/push/runner.ts';
import { getPush, nodeVersion } from '../../../connectors/push/store.ts';
import { memoryTransport, type MemoryDelivery } from '../../../connectors/push/transport.ts';
import { generateKeyPair, signatureValid } from '../../../connectors/signing/keys.ts';
import { appMetrics, fakeFleet, fleetPlan, nodeIds, planDb, until, type FakeFleet } from './support/fixtures.ts';

const key = generateKeyPair();
let runners: PushRunner[] = [];
afterEach(async () => { for (const r of runners) await r.close(); runners = []; });

/** A fake agent per node: applies a newer version, reports it, and is ready; `health(node, version)` gives the metrics it then reports. */
function agents(fleet: FakeFleet, health: (node: string, version: number) => { latency: number; errors: number } = () => ({ latency: 10, errors: 0 })) {
  return (d: MemoryDelivery) => {
    const n = fleet.node(d.node);
    if (n && n.runningVersion >= d.version) return; // an agent ignores versions at or below its own
    setTimeout(() => {
      const h = health(d.node, d.version);
      fleet.set(d.node, {
        state: 'ready', lastSeenMs: Date.now(), runningVersion: d.version, running: d.signed.payload.workloads.map((w) => w.service),
        lastReport: { v: 1, node: d.node, atMs: Date.now(), version: d.version, pushId: d.signed.payload.pushId, planHash: d.signed.payload.planHash, outcome: 'applied', reason: null, runningVersion: d.version, workloads: [] },
        metrics: { v: 1, node: d.node, atMs: Date.now() + 1, intervalMs: 1000, cpuUtilization: 0.2, memoryBytes: 1, apps: { 'shop/api': appMetrics(h.latency, h.errors) } },
      });
    }, 5);
  };
}

function setup(nodes: number, opts: { health?: Parameters<typeof agents>[1]; timeoutMs?: number } = {}) {
  const plan = fleetPlan(nodeIds(nodes));
  const { db, audit } = planDb([plan]);
  const fleet = fakeFleet();
  const transport = memoryTransport();
  transport.onDeliver = agents(fleet, opts.health);
  const runner = createPushRunner({
    db, audit, fleet, transports: { mqtt: transport }, signer: key, approvalsRequired: 1, tickMs: 20, retryMs: 10,
    thresholds: { sloLatencyMsP95: 100, maxErrorRate: 0.05, timeoutMs: opts.timeoutMs ?? 5000 }, log: () => {},
  });
  runners.push(runner);
  runner.start();
  return { plan, db, audit, fleet, transport, runner };
}

const finished = (r: PushRunner, id: string) => () => { const p = r.get(id); return p && (p.state === 'done' || p.state === 'rolled-back') ? p : null; };

describe('push runner (memory transport, fake fleet)', () => {
  it('waves in order: the canary first, each wave only after the gate of the one before passed', async () => {
    const { runner, transport, plan, audit } = setup(10);
    const r = runner.create({ planHash: plan.hash, via: 'mqtt', waves: '1,30%,100%', by: 'olga' });
    expect(r.ok && r.created).toBe(true);
    const id = r.ok ? r.push.id : '';
    const p = await until(finished(runner, id), 'the push to finish');
    expect(p.state).toBe('done');
    // 1, ceil(10*30%)=3, 10 → waves of 1, 2 and 7 nodes
    expect(p.waves.map((w) => w.nodes.length)).toEqual([1, 2, 7]);
    const order = transport.deliveries.map((d) => d.node);
    expect(order[0]).toBe('node-00');
    expect(new Set(order.slice(1, 3))).toEqual(new Set(['node-01', 'node-02']));
    expect(order).toHaveLength(10);
    // each delivery is signed, for its node, at version 1, carrying the plan's target
    for (const d of transport.deliveries) {
      expect(signatureValid(d.signed, key.publicKey)).toBe(true);
      expect(d.signed.payload).toMatchObject({ node: d.node, version: 1, planHash: plan.hash, pushId: id, workloads: [{ service: 'shop/api' }] });
    }
    const actions = audit.list(0, 1000).filter((e) => e.target === id).map((e) => `${e.action} ${e.reason.split(':')[0]}`);
    // gate of wave 0 passes before wave 1 starts delivering
    expect(actions.indexOf('push.gate wave 0 gate pass')).toBeLessThan(actions.indexOf('push.wave wave 1 delivering'));
    expect(actions.at(-1)).toBe('push.done every wave passed its gate; plan ' + plan.hash + ' is live');
    expect(audit.verify()).toEqual({ ok: true, entries: audit.list(0, 10000).length });
  });

  it('a failed health gate rolls back every wave already pushed, each node at a higher version with its previous workloads', async () => {
    // the third wave's nodes (node-03..) answer with p95 latency over the SLO
    const { runner, transport, plan, db } = setup(10, { health: (node) => ({ latency: node >= 'node-03' ? 500 : 10, errors: 0 }) });
    const r = runner.create({ planHash: plan.hash, via: 'mqtt', waves: '1,3,5', by: 'olga' });
    const id = r.ok ? r.push.id : '';
    const p = await until(finished(runner, id), 'the push to finish');
    expect(p.state).toBe('rolled-back');
    expect(p.reason).toMatch(/^wave 2 gate failed: node-03: shop\/api p95 latency 500 ms is over the SLO of 100 ms/);
    expect(p.waves.map((w) => w.state)).toEqual(['rolled-back', 'rolled-back', 'rolled-back', 'skipped']);
    const pushed = ['node-00', 'node-01', 'node-02', 'node-03', 'node-04'];
    for (const n of pushed) {
      const mine = transport.deliveries.filter((d) => d.node === n);
      expect(mine.map((d) => d.version)).toEqual([1, 2]);
      expect(mine[1]!.signed.payload.workloads).toEqual([{ service: 'shop/old' }]);
      expect(p.nodes[n]).toEqual({ state: 'rolled-back', wave: p.nodes[n]!.wave, version: 1, rollbackVersion: 2 });
      expect(nodeVersion(db, n)).toBe(2);
    }
    // nodes of the wave never started were never sent anything
    expect(transport.deliveries.filter((d) => !pushed.includes(d.node))).toEqual([]);
  });

  it('a refused version fails the gate at once (no waiting for the timeout)', async () => {
    const { runner, transport, plan, fleet } = setup(3, { timeoutMs: 60_000 });
    transport.onDeliver = (d) => setTimeout(() => fleet.set(d.node, {
      state: 'ready', lastSeenMs: Date.now(), runningVersion: 0,
      lastReport: { v: 1, node: d.node, atMs: Date.now(), version: d.version, pushId: null, planHash: null, outcome: 'refused', reason: 'bad-signature', runningVersion: 0, workloads: [] },
    }), 5);
    const r = runner.create({ planHash: plan.hash, via: 'mqtt', waves: '1', by: 'olga' });
    const p = await until(finished(runner, r.ok ? r.push.id : ''), 'the push to finish');
    expect(p.reason).toBe('wave 0 gate failed: node-00: refused version 1: bad-signature');
  });

  it('a silent node times the gate out and rolls back', async () => {
    const { runner, transport, plan } = setup(2, { timeoutMs: 200 });
    transport.onDeliver = null; // nobody answers
    const r = runner.create({ planHash: plan.hash, via: 'mqtt', waves: '1', by: 'olga' });
    const p = await until(finished(runner, r.ok ? r.push.id : ''), 'the push to finish');
    expect(p.state).toBe('rolled-back');
    expect(p.reason).toMatch(/^wave 0 gate failed: gate timed out after \d+ ms \(limit 200 ms\); node-00: no telemetry yet$/);
  });

  it('pushing the same plan twice gives one push and applies once', async () => {
    const { runner, transport, plan, db } = setup(4);
    const a = runner.create({ planHash: plan.hash, via: 'mqtt', waves: '1,100%', by: 'olga' });
    const b = runner.create({ planHash: plan.hash, via: 'mqtt', waves: '50%', by: 'omar' });
    expect(a.ok && a.created).toBe(true);
    expect(b.ok && !b.created && b.push.id).toBe(a.ok && a.push.id);
    await until(finished(runner, a.ok ? a.push.id : ''), 'the push to finish');
    const c = runner.create({ planHash: plan.hash, via: 'mqtt', waves: '1', by: 'olga' });
    expect(c.ok && !c.created && c.push.state).toBe('done');
    await runner.idle();
    expect(transport.deliveries.map((d) => `${d.node}@${d.version}`).sort()).toEqual(['node-00@1', 'node-01@1', 'node-02@1', 'node-03@1']);
    expect((db.prepare('SELECT COUNT(*) AS n FROM pushes').get() as { n: number }).n).toBe(1);
  });

  it('a failed delivery is retried; the version stays the same', async () => {
    const { runner, transport, plan } = setup(1);
    transport.failNext('node-00', 3);
    const r = runner.create({ planHash: plan.hash, via: 'mqtt', waves: '1', by: 'olga' });
    const p = await until(finished(runner, r.ok ? r.push.id : ''), 'the push to finish');
    expect(p.state).toBe('done');
    expect(transport.deliveries.map((d) => d.version)).toEqual([1]);
  });

  it('an apply that cannot be delivered within the gate timeout rolls the push back', async () => {
    const { runner, transport, plan } = setup(3, { timeoutMs: 300 });
    transport.failNext('node-01', 1_000_000);
    const r = runner.create({ planHash: plan.hash, via: 'mqtt', waves: '1,100%', by: 'olga' });
    const id = r.ok ? r.push.id : '';
    const p = await until(() => { const v = runner.get(id); return v?.state === 'rolling-back' && v.nodes['node-02']!.state === 'rolled-back' ? v : null; }, 'the rollback');
    expect(p.reason).toMatch(/^delivery of version 1 to node-01 over mqtt failed: (memory transport: delivery to node-01 failed \(as asked\)|no acknowledgement within 300 ms) \(for \d+ ms, over the gate timeout of 300 ms\)$/);
    // node-00 (canary) and node-02 (same wave, delivered) get rollbacks; node-01 is given a rollback too (its apply may have landed)
    expect(transport.deliveries.filter((d) => d.version === 2).map((d) => d.node).sort()).toEqual(['node-00', 'node-02']);
    // node-01's rollback is retried for as long as it takes: once deliveries to it work, the push is rolled back
    expect(p.nodes['node-01']!.state).toBe('rolling-back');
    transport.heal('node-01');
    const end = await until(finished(runner, id), 'the push to finish');
    expect(end.state).toBe('rolled-back');
    expect(transport.deliveries.filter((d) => d.node === 'node-01').map((d) => d.version)).toEqual([2]);
  });

  it('an operator rollback of a done push rolls every node back; a second push waits for none', async () => {
    const { runner, plan, transport, db } = setup(3);
    const r = runner.create({ planHash: plan.hash, via: 'mqtt', waves: '100%', by: 'olga' });
    const id = r.ok ? r.push.id : '';
    await until(finished(runner, id), 'done');
    const rb = runner.rollback(id, 'omar');
    expect(rb.ok).toBe(true);
    const p = await until(() => (runner.get(id)?.state === 'rolled-back' ? runner.get(id) : null), 'rolled back');
    expect(p.reason).toBe('rolled back by omar');
    expect(transport.deliveries.filter((d) => d.version === 2).map((d) => d.node).sort()).toEqual(['node-00', 'node-01', 'node-02']);
    expect(runner.rollback(id, 'omar')).toEqual({ ok: false, status: 409, reason: `push ${id} is already rolled-back` });
    expect(getPush(db, id)!.nodes.every((n) => n.rollbackDesired?.payload.workloads[0]?.service === 'shop/old')).toBe(true);
  });

  it('refuses: unapproved plan, unknown plan, bad waves, missing transport, a second plan while one runs', () => {
    const plan = fleetPlan(nodeIds(2));
    const other = fleetPlan(nodeIds(2), 'b');
    const { db, audit } = planDb([plan, other]);
    const { db: db2, audit: audit2 } = planDb([plan], false);
    const fleet = fakeFleet();
    const mk = (d = db, a = audit, transports = { mqtt: memoryTransport() }) => {
      const r = createPushRunner({ db: d, audit: a, fleet, transports, signer: key, approvalsRequired: 1, log: () => {} });
      runners.push(r);
      return r;
    };
    expect(mk(db2, audit2).create({ planHash: plan.hash, via: 'mqtt', waves: '1', by: 'olga' })).toEqual({ ok: false, status: 409, reason: `not pushed: plan ${plan.hash} has 0 of the 1 distinct approvals it needs` });
    const r = mk();
    expect(r.create({ planHash: 'f'.repeat(64), via: 'mqtt', waves: '1', by: 'olga' })).toMatchObject({ ok: false, status: 404 });
    expect(r.create({ planHash: plan.hash, via: 'mqtt', waves: '1,x', by: 'olga' })).toMatchObject({ ok: false, status: 400, reason: expect.stringMatching(/waves\[1\] "x"/) });
    expect(r.create({ planHash: plan.hash, via: 'kubernetes', waves: '1', by: 'olga' })).toMatchObject({ ok: false, status: 409, reason: expect.stringMatching(/no kubernetes transport/) });
    expect(r.create({ planHash: plan.hash, via: 'mqtt', waves: '1', by: 'olga' }).ok).toBe(true);
    expect(r.create({ planHash: other.hash, via: 'mqtt', waves: '1', by: 'olga' })).toMatchObject({ ok: false, status: 409, reason: expect.stringMatching(/is still delivering/) });
    expect(audit.list(0, 100).filter((e) => e.outcome === 'refused').map((e) => e.action)).toEqual(['push.start', 'push.start', 'push.start', 'push.start']);
  });

  it('dry run: waves and per-node changes, nothing stored or sent', () => {
    const { runner, plan, transport, db } = setup(5);
    const r = runner.dryRun({ planHash: plan.hash, via: 'mqtt', waves: '1,50%' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.dryRun.waves).toEqual([{ index: 0, nodes: ['node-00'], cumulative: 1 }, { index: 1, nodes: ['node-01', 'node-02'], cumulative: 3 }, { index: 2, nodes: ['node-03', 'node-04'], cumulative: 5 }]);
    expect(r.dryRun.nodes['node-03']).toEqual({ from: ['shop/old'], to: ['shop/api'], added: ['shop/api'], removed: ['shop/old'], wave: 2, nextVersion: 1 });
    expect(r.dryRun.approved).toBe(true);
    expect(transport.deliveries).toEqual([]);
    expect((db.prepare('SELECT COUNT(*) AS n FROM pushes').get() as { n: number }).n).toBe(0);
  });
});
