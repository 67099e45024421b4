import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditLog } from '../../../connectors/gateway/audit-log.ts';
import { openDb } from '../../../connectors/gateway/db.ts';
import { getPush, nodeVersion, pushIdFor } from '../../../connectors/push/store.ts';
import { generateKeyPair, writeKeyPair } from '../../../connectors/signing/keys.ts';
import { ROOT } from '../gateway/support/gateway.ts';
import { startMosquitto, type Mosquitto } from '../support/real-servers.ts';
import { fleetPlan, nodeIds, planDb, until } from './support/fixtures.ts';
import { desiredRecorder, fakeAgent } from './support/mqtt-agents.ts';

let broker: Mosquitto;
const cleanups: (() => Promise<void> | void)[] = [];
beforeAll(async () => { broker = await startMosquitto(); });
afterAll(async () => {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
  await broker.stop();
});

/** The child gateway: its process, the JSON lines it printed, and its exit. */
function child(env: Record<string, string>) {
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'tests/connectors/push/support/push-child.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  let buf = '';
  proc.stdout!.on('data', (b: Buffer) => {
    buf += b.toString();
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) { lines.push(JSON.parse(buf.slice(0, i)) as Record<string, unknown>); buf = buf.slice(i + 1); }
  });
  proc.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  cleanups.push(() => { if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL'); });
  return { proc, lines, exited, stderr: () => stderr };
}

describe('the gateway SIGKILLed mid-push', () => {
  it('resumes on the same database, completes the push, and applies nothing twice', async () => {
    const key = generateKeyPair();
    const nodes = nodeIds(6).map((n) => `sk-${n}`);
    const plan = fleetPlan(nodes, 'sigkill');
    const { db, dir } = planDb([plan]);
    db.close();
    const { privatePath } = writeKeyPair(key, dir);
    // Like the real agent, each reports a version once: what the killed gateway saw, the resumed one must remember.
    const agents = nodes.map((n) => fakeAgent(broker.url, n, key.publicKey));
    await Promise.all(agents.map((a) => a.ready));
    cleanups.push(async () => { for (const a of agents) await a.stop(); });
    const recorder = await desiredRecorder(broker.url);
    cleanups.push(() => recorder.close());
    const env = {
      PUSH_DB: join(dir, 'gateway.db'), PUSH_KEY: privatePath, PUSH_MQTT: broker.url, PUSH_PLAN: plan.hash, PUSH_WAVES: '1,2,4',
      PUSH_THRESHOLDS: JSON.stringify({ minSoakMs: 400, timeoutMs: 15_000, sloLatencyMsP95: 100, maxErrorRate: 0.05 }),
    };

    // 1. first run: SIGKILL once the second wave's state is on the broker (waves: 1 | 1 | 2 | 2 nodes)
    const first = child(env);
    await until(() => recorder.seen.length >= 2, 'the second wave to be delivered', 15_000).catch((e: Error) => { throw new Error(`${e.message}; child stderr: ${first.stderr()}`); });
    first.proc.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const mid = openDb(env.PUSH_DB);
    const atKill = getPush(mid, pushIdFor(plan.hash))!;
    mid.close();
    expect(['delivering', 'gating']).toContain(atKill.state);
    expect(atKill.rollout.wave).toBeLessThan(3);

    // 2. second run on the same database: resumes and finishes
    const second = child(env);
    const end = await Promise.race([second.exited, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`the resumed child did not finish; stderr: ${second.stderr()}`)), 20_000))]);
    expect(end.code).toBe(0);
    expect(second.lines[0]).toMatchObject({ started: true, resumed: true });

    const after = openDb(env.PUSH_DB);
    cleanups.push(() => { after.close(); });
    const p = getPush(after, pushIdFor(plan.hash))!;
    expect([p.state, p.reason]).toEqual(['done', null]);
    expect(p.nodes.map((n) => n.version)).toEqual([1, 1, 1, 1, 1, 1]);
    for (const n of nodes) expect(nodeVersion(after, n)).toBe(1);
    // the audit chain written by both processes verifies
    expect(openAuditLog(after).verify()).toMatchObject({ ok: true });

    // every agent applied exactly one version, once
    for (const a of agents) expect(a.applied).toEqual([1]);
    // and the broker handed out one version per node: each node's state went out exactly once
    const perNode = new Map<string, string[]>();
    for (const s of recorder.seen) perNode.set(s.node, [...(perNode.get(s.node) ?? []), `v${s.version}`]);
    expect(Object.fromEntries([...perNode].sort())).toEqual(Object.fromEntries(nodes.map((n) => [n, ['v1']])));
  });
});
