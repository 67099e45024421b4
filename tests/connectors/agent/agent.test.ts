/**
 * The edge agent against a real Mosquitto (MQTT v5, persistence on): a retained signed state is
 * applied (processes run, 'applied' report, retained status, heartbeats, metrics, state on disk)
 * and not applied twice; refused states are reported with their reason and change nothing; a
 * restarted agent runs its saved workloads before the broker is reachable; an agent offline
 * during a publish gets it from its persistent session; a broker restart is survived.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type Agent, type AgentOptions } from '../../../connectors/agent/agent.ts';
import { loadState, saveState } from '../../../connectors/agent/state-store.ts';
import type { ApplyReport, MetricsReport } from '../../../connectors/mqtt/reports.ts';
import { decodeFrame, type StatusFrame } from '../../../sim-core/orchestrator/control/wire.ts';
import { freePort, startMosquitto, type Mosquitto } from '../support/real-servers.ts';
import { payload, signed, testKey } from './support/states.ts';
import { pidAlive, publishDesired, until, watch, type Watcher } from './support/watch.ts';

const gw = testKey();
let broker: Mosquitto;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => { broker = await startMosquitto(); });
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c().catch(() => {}); });
afterAll(async () => { await broker?.stop(); });

const stateDir = () => mkdtempSync(join(tmpdir(), 'edgetwin-agent-'));
const reports = (w: Watcher) => w.of('report').map((s) => s.json as ApplyReport);
const statuses = (w: Watcher) => w.of('status').map((s) => s.json as StatusFrame);

async function agentFor(over: Partial<AgentOptions> & { node: string; stateDir: string }): Promise<{ agent: Agent; logs: string[] }> {
  const logs: string[] = [];
  const agent = await startAgent({ brokerUrl: broker.url, trustedKeys: gw.trust, heartbeatMs: 100, metricsMs: 150, reconnectMs: 200, log: (l) => logs.push(l), ...over });
  cleanups.push(() => agent.stop());
  return { agent, logs };
}

async function watcher(url: string, node: string): Promise<Watcher> {
  const w = await watch(url, node);
  cleanups.push(() => w.close());
  return w;
}

describe('edge agent over real Mosquitto', () => {
  it('applies a retained signed state published before it started: processes run, applied report, status, heartbeats, metrics, state saved; a redelivery is not applied again', async () => {
    const node = 'agent-apply';
    const w = await watcher(broker.url, node);
    const s1 = signed(gw, payload(node, 1, [{ service: 'shop/api' }, { service: 'shop/worker', command: ['sleep', '30'] }]));
    await publishDesired(broker.url, node, s1);
    const dir = stateDir();
    const { agent, logs } = await agentFor({ node, stateDir: dir });

    const applied = await until(() => reports(w).find((r) => r.outcome === 'applied'), 'an applied report');
    expect(applied).toMatchObject({ v: 1, node, version: 1, pushId: 'push-1', planHash: 'plan-1', reason: null, runningVersion: 1 });
    expect(applied.workloads.map((x) => [x.service, x.healthy])).toEqual([['shop/api', true], ['shop/worker', true]]);
    for (const x of applied.workloads) expect(pidAlive(x.pid)).toBe(true);
    expect(agent.runningVersion()).toBe(1);
    expect(loadState(dir, { node, trustedKeys: gw.trust })).toMatchObject({ ok: true, state: s1 });

    const ready = await until(() => statuses(w).find((s) => s.state === 'ready' && s.running.length === 2), 'a ready status with both services');
    expect(decodeFrame(ready)).toMatchObject({ ok: true, frame: { kind: 'status', from: node, running: ['shop/api', 'shop/worker'] } });
    const hb = await until(() => w.of('heartbeat')[0], 'a heartbeat');
    expect(decodeFrame(hb.text)).toMatchObject({ ok: true, frame: { kind: 'heartbeat', from: node, to: 'gateway' } });
    const m = (await until(() => w.of('metrics').find((s) => Object.keys((s.json as MetricsReport).apps).length === 2), 'a metrics report')).json as MetricsReport;
    expect(m).toMatchObject({ v: 1, node, apps: { 'shop/api': { requests: 0, errorRate: 0 }, 'shop/worker': { requests: 0 } } });
    expect(m.cpuUtilization).toBeGreaterThanOrEqual(0);
    expect(m.cpuUtilization).toBeLessThanOrEqual(1);
    expect(m.memoryBytes).toBeGreaterThan(0);

    // The same state again (a retained redelivery), then a sentinel the agent must refuse: once the
    // sentinel's report is in, the redelivery was handled (one desired state at a time, in order).
    await publishDesired(broker.url, node, s1);
    await publishDesired(broker.url, node, signed(gw, payload('someone-else', 2, [])));
    await until(() => reports(w).find((r) => r.reason === 'wrong-node'), 'the sentinel refusal');
    expect(reports(w).filter((r) => r.outcome === 'applied')).toHaveLength(1);
    expect(agent.health().map((x) => x.pid)).toEqual(applied.workloads.map((x) => x.pid));
    expect(logs.filter((l) => l.startsWith('applied'))).toHaveLength(1);

    await agent.stop();
    for (const x of applied.workloads) expect(pidAlive(x.pid)).toBe(false);
    const after = await watcher(broker.url, node);
    const retained = await until(() => after.of('status').find((s) => s.retain), 'the retained status');
    expect(retained.json).toMatchObject({ state: 'down', running: [] });
  });

  it('refuses bad states with their reason, logs and reports each, and changes nothing', async () => {
    const node = 'agent-refuse';
    const w = await watcher(broker.url, node);
    const { agent, logs } = await agentFor({ node, stateDir: stateDir() });
    await publishDesired(broker.url, node, signed(gw, payload(node, 2, [{ service: 'shop/api' }])));
    const applied = await until(() => reports(w).find((r) => r.outcome === 'applied'), 'v2 applied');
    const pid = applied.workloads[0]!.pid;

    const other = testKey();
    const tampered = signed(gw, payload(node, 3, [{ service: 'shop/api' }]));
    tampered.payload.workloads.push({ service: 'evil/miner', command: ['sh', '-c', 'yes'] });
    const hourMs = 3_600_000;
    const cases: [unknown, string][] = [
      [tampered, 'bad-signature'],
      [signed(other, payload(node, 3, [])), 'unknown-key'],
      [{ ...signed(other, payload(node, 3, [])), keyId: gw.id }, 'bad-signature'],
      [signed(gw, payload(node, 3, [], Date.now() - 3 * hourMs)), 'expired'],
      [signed(gw, payload(node, 3, [], Date.now() + 3 * hourMs)), 'not-yet-valid'],
      [signed(gw, payload(node, 2, [{ service: 'shop/other' }])), 'not-newer'],
      [signed(gw, payload(node, 1, [])), 'not-newer'],
      [signed(gw, payload('agent-elsewhere', 3, [])), 'wrong-node'],
      ['{"payload": not json', 'malformed'],
      [{ payload: { kind: 'x' }, keyId: gw.id, signature: '' }, 'malformed'],
    ];
    for (const [i, [body, reason]] of cases.entries()) {
      await publishDesired(broker.url, node, body);
      const r = await until(() => reports(w).filter((x) => x.outcome === 'refused')[i], `refusal #${i} (${reason})`);
      expect(r).toMatchObject({ outcome: 'refused', reason, runningVersion: 2 });
      expect(r.workloads).toEqual([{ service: 'shop/api', healthy: true, pid }]);
      expect(logs.filter((l) => l.startsWith(`refused ${reason}: `)).length).toBeGreaterThan(0);
    }
    expect(reports(w).filter((r) => r.outcome === 'refused').map((r) => r.reason)).toEqual(cases.map(([, reason]) => reason));
    expect(agent.runningVersion()).toBe(2);
    expect(agent.health()).toEqual([{ service: 'shop/api', healthy: true, pid }]);
    expect(pidAlive(pid)).toBe(true);
    expect(reports(w).filter((r) => r.outcome === 'applied')).toHaveLength(1);
  });

  it('decides validity windows and stamps its messages with the injected clock', async () => {
    const node = 'agent-clock';
    const w = await watcher(broker.url, node);
    const in2030 = Date.parse('2030-01-01T00:00:00Z');
    await agentFor({ node, stateDir: stateDir(), nowMs: () => in2030 });
    await publishDesired(broker.url, node, signed(gw, payload(node, 1, [])));
    const r = await until(() => reports(w)[0], 'a report');
    expect(r).toMatchObject({ outcome: 'refused', reason: 'expired', atMs: in2030, runningVersion: 0 });
    const hb = await until(() => w.of('heartbeat')[0], 'a heartbeat');
    expect(hb.json).toMatchObject({ atMs: in2030 });
    await publishDesired(broker.url, node, signed(gw, payload(node, 1, [], in2030)));
    expect(await until(() => reports(w)[1], 'second report')).toMatchObject({ outcome: 'applied', version: 1 });
  });

  it('a workload that will not start gives a failed report naming it; the rest runs', async () => {
    const node = 'agent-failed';
    const w = await watcher(broker.url, node);
    await agentFor({ node, stateDir: stateDir() });
    await publishDesired(broker.url, node, signed(gw, payload(node, 1, [{ service: 'a/ok' }, { service: 'a/broken', command: ['/nonexistent/edgetwin-nope'] }])));
    const r = await until(() => reports(w)[0], 'a report');
    expect(r).toMatchObject({ outcome: 'failed', version: 1, runningVersion: 1 });
    expect(r.reason).toMatch(/a\/broken: cannot start .*ENOENT/);
    expect(r.workloads).toEqual([{ service: 'a/ok', healthy: true, pid: expect.any(Number) }, { service: 'a/broken', healthy: false, pid: null }]);
  });

  it('a workload that dies is not restarted; the agent publishes a new status without it', async () => {
    const node = 'agent-health';
    const w = await watcher(broker.url, node);
    const { agent } = await agentFor({ node, stateDir: stateDir() });
    await publishDesired(broker.url, node, signed(gw, payload(node, 1, [{ service: 'a/one' }, { service: 'a/two' }])));
    const applied = await until(() => reports(w).find((r) => r.outcome === 'applied'), 'applied');
    await until(() => statuses(w).find((s) => s.running.length === 2), 'status with both');
    const victim = applied.workloads.find((x) => x.service === 'a/two')!.pid!;
    process.kill(victim, 'SIGKILL');
    const after = await until(() => statuses(w).find((s) => s.state === 'ready' && s.running.length === 1), 'status without the dead one');
    expect(after.running).toEqual(['a/one']);
    expect(agent.health()).toEqual([
      { service: 'a/one', healthy: true, pid: applied.workloads[0]!.pid },
      { service: 'a/two', healthy: false, pid: victim },
    ]);
    expect(agent.runningVersion()).toBe(1);
  });

  it('stop({leaveWorkloads: true}) leaves the processes running', async () => {
    const node = 'agent-leave';
    const w = await watcher(broker.url, node);
    const { agent } = await agentFor({ node, stateDir: stateDir() });
    await publishDesired(broker.url, node, signed(gw, payload(node, 1, [{ service: 'a/one' }])));
    const pid = (await until(() => reports(w).find((r) => r.outcome === 'applied'), 'applied')).workloads[0]!.pid!;
    cleanups.push(async () => { if (pidAlive(pid)) process.kill(pid, 'SIGKILL'); });
    await agent.stop({ leaveWorkloads: true });
    expect(pidAlive(pid)).toBe(true);
    expect(agent.connected()).toBe(false);
  });

  it('restarted with the same state dir, it runs the saved workloads before the broker is reachable, then connects when it is', async () => {
    const node = 'agent-autonomy';
    const dir = stateDir();
    const w = await watcher(broker.url, node);
    const first = await agentFor({ node, stateDir: dir });
    await publishDesired(broker.url, node, signed(gw, payload(node, 4, [{ service: 'shop/api' }, { service: 'shop/cache', command: ['sleep', '30'] }])));
    const applied = await until(() => reports(w).find((r) => r.outcome === 'applied'), 'v4 applied');
    await first.agent.stop();
    for (const x of applied.workloads) expect(pidAlive(x.pid)).toBe(false);

    const port = await freePort(); // nothing listens here yet
    const { agent, logs } = await agentFor({ node, stateDir: dir, brokerUrl: `mqtt://127.0.0.1:${port}` });
    expect(agent.connected()).toBe(false);
    expect(agent.runningVersion()).toBe(4);
    const health = agent.health();
    expect(health.map((x) => [x.service, x.healthy])).toEqual([['shop/api', true], ['shop/cache', true]]);
    for (const x of health) expect(pidAlive(x.pid)).toBe(true);
    expect(logs.some((l) => l.startsWith('resumed version 4'))).toBe(true);

    const later = await startMosquitto({ port });
    cleanups.push(() => later.stop());
    const w2 = await watcher(later.url, node);
    const ready = await until(() => statuses(w2).find((s) => s.state === 'ready'), 'ready status on the late broker');
    expect(ready.running).toEqual(['shop/api', 'shop/cache']);
    expect(agent.connected()).toBe(true);
  });

  it('a tampered state file is refused at start (logged and reported); the retained state on the broker then brings the node back', async () => {
    const node = 'agent-tampered';
    const dir = stateDir();
    const good = signed(gw, payload(node, 3, [{ service: 'shop/api' }]));
    const evil = structuredClone(good);
    evil.payload.workloads[0]!.command = ['sh', '-c', 'echo pwned'];
    saveState(dir, evil);
    await publishDesired(broker.url, node, good);
    const w = await watcher(broker.url, node);
    const { agent, logs } = await agentFor({ node, stateDir: dir });
    expect(logs.some((l) => l.startsWith('refused saved state bad-signature: '))).toBe(true);
    const refused = await until(() => reports(w).find((r) => r.outcome === 'refused'), 'the refusal report');
    expect(refused).toMatchObject({ reason: 'bad-signature', version: null, runningVersion: 0 });
    const applied = await until(() => reports(w).find((r) => r.outcome === 'applied'), 'the retained state applied');
    expect(applied).toMatchObject({ version: 3, runningVersion: 3 });
    expect(agent.health()).toEqual([{ service: 'shop/api', healthy: true, pid: expect.any(Number) }]);
    expect(loadState(dir, { node, trustedKeys: gw.trust })).toMatchObject({ ok: true, state: good });
  });

  it('an agent offline while a state is published gets it from its persistent session when it comes back', async () => {
    const node = 'agent-offline';
    const dir = stateDir();
    const w = await watcher(broker.url, node);
    const first = await agentFor({ node, stateDir: dir });
    await publishDesired(broker.url, node, signed(gw, payload(node, 1, [{ service: 'shop/api' }])));
    await until(() => reports(w).find((r) => r.version === 1 && r.outcome === 'applied'), 'v1 applied');
    await first.agent.stop();

    // Not retained: only the broker's queue for the agent's persistent session can deliver it.
    await publishDesired(broker.url, node, signed(gw, payload(node, 2, [{ service: 'shop/api' }, { service: 'shop/new' }])), false);
    const { agent } = await agentFor({ node, stateDir: dir });
    const r = await until(() => reports(w).find((x) => x.version === 2), 'v2 report after reconnect');
    expect(r).toMatchObject({ outcome: 'applied', runningVersion: 2 });
    expect(agent.health().map((x) => [x.service, x.healthy])).toEqual([['shop/api', true], ['shop/new', true]]);
    expect(loadState(dir, { node, trustedKeys: gw.trust })).toMatchObject({ ok: true, state: { payload: { version: 2 } } });
  });

  it('survives a broker restart: reconnects and applies the next state', async () => {
    const node = 'agent-broker-restart';
    const own = await startMosquitto();
    let current = own;
    cleanups.push(() => current.stop());
    const w = await watch(own.url, node);
    const { agent, logs } = await agentFor({ node, stateDir: stateDir(), brokerUrl: own.url });
    await publishDesired(own.url, node, signed(gw, payload(node, 1, [{ service: 'shop/api' }])));
    await until(() => reports(w).find((r) => r.outcome === 'applied'), 'v1 applied');
    await w.close();

    current = await own.restart();
    await until(() => logs.filter((l) => l.startsWith('connected')).length >= 2, 'the agent reconnected');
    const w2 = await watcher(current.url, node);
    await publishDesired(current.url, node, signed(gw, payload(node, 2, [{ service: 'shop/api' }, { service: 'shop/b' }])));
    const r = await until(() => reports(w2).find((x) => x.version === 2), 'v2 report after the broker restart');
    expect(r).toMatchObject({ outcome: 'applied', runningVersion: 2 });
    expect(agent.runningVersion()).toBe(2);
    expect(logs.some((l) => l.startsWith('broker') && l.includes('unreachable'))).toBe(true);
  });
});
