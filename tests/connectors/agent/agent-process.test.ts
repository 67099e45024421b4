/**
 * `edgetwin agent` as its own process (node cli/bin.mjs agent) against a real Mosquitto, with key
 * files from keygen: it applies a state signed with the private key file; killed with SIGKILL,
 * its last will leaves a retained 'down' status, and started again it stops the workload the
 * dead one left behind; stopped with SIGTERM, it stops its workloads
 * and exits 0. Bad flags exit 2 with a message naming the flag.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keygen } from '../../../cli/commands/keygen.ts';
import type { ApplyReport } from '../../../connectors/mqtt/reports.ts';
import { readPrivateKey, readPublicKey, signDesiredState } from '../../../connectors/signing/keys.ts';
import type { StatusFrame } from '../../../sim-core/orchestrator/control/wire.ts';
import { startMosquitto, type Mosquitto } from '../support/real-servers.ts';
import { payload } from './support/states.ts';
import { pidAlive, publishDesired, until, watch, type Watcher } from './support/watch.ts';

const ROOT = join(import.meta.dirname, '../../..');
let broker: Mosquitto;
let keys: { privatePath: string; publicPath: string; keyId: string };
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  broker = await startMosquitto();
  keys = keygen({ out: mkdtempSync(join(tmpdir(), 'edgetwin-agent-keys-')) });
});
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await Promise.resolve(c()).catch(() => {}); });
afterAll(async () => { await broker?.stop(); });

const pair = () => ({ privateKey: readPrivateKey(keys.privatePath), publicKey: readPublicKey(keys.publicPath) });
const reports = (w: Watcher) => w.of('report').map((s) => s.json as ApplyReport);
const statuses = (w: Watcher) => w.of('status').map((s) => s.json as StatusFrame);

function spawnAgent(node: string, stateDir = mkdtempSync(join(tmpdir(), 'edgetwin-agent-cli-'))): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['cli/bin.mjs', 'agent', '--broker', broker.url, '--node', node, '--trust', keys.publicPath,
    '--state-dir', stateDir, '--heartbeat-ms', '100'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (b: Buffer) => { err += b.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // SIGTERM so the agent stops its workloads; SIGKILL only if it does not exit.
  cleanups.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(child.pid!, 'SIGTERM');
    const t = setTimeout(() => { try { process.kill(child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5000);
    await exited;
    clearTimeout(t);
  });
  return { child, stderr: () => err, exited };
}

async function watcher(node: string): Promise<Watcher> {
  const w = await watch(broker.url, node);
  cleanups.push(() => w.close());
  return w;
}

describe('edgetwin agent (own process)', () => {
  it('applies a state signed with the keygen key; killed with SIGKILL, its last will marks it down (retained); started again, it stops the orphaned workload and runs its own', async () => {
    const node = 'agent-will';
    const w = await watcher(node);
    const dir = mkdtempSync(join(tmpdir(), 'edgetwin-agent-cli-'));
    const agent = spawnAgent(node, dir);
    await until(() => statuses(w).find((s) => s.state === 'ready'), 'the agent process says ready', 20_000);
    await publishDesired(broker.url, node, signDesiredState(payload(node, 1, [{ service: 'shop/api' }]), pair()));
    const applied = await until(() => reports(w).find((r) => r.outcome === 'applied'), 'applied by the agent process');
    const workloadPid = applied.workloads[0]!.pid!;
    cleanups.push(() => { if (pidAlive(workloadPid)) process.kill(workloadPid, 'SIGKILL'); }); // orphaned by the SIGKILL below
    expect(agent.stderr()).toContain(`trusting key(s) ${keys.keyId}`);
    const before = w.of('status').length;

    process.kill(agent.child.pid!, 'SIGKILL');
    await agent.exited;
    const will = await until(() => w.of('status').slice(before).find((s) => (s.json as StatusFrame).state === 'down'), 'the last will');
    expect(will.json).toMatchObject({ kind: 'status', from: node, state: 'down' });
    const fresh = await watcher(node);
    const retained = await until(() => fresh.of('status').find((s) => s.retain), 'the retained status');
    expect(retained.json).toMatchObject({ state: 'down' });
    expect(pidAlive(workloadPid)).toBe(true); // the SIGKILL left it running

    const again = spawnAgent(node, dir);
    const ready = await until(() => fresh.of('status').find((s) => (s.json as StatusFrame).state === 'ready'), 'the restarted agent is ready', 20_000);
    expect(ready.json).toMatchObject({ running: ['shop/api'] });
    await until(() => !pidAlive(workloadPid), 'the orphaned workload stopped');
    expect(again.stderr()).toContain(`stopping workload shop/api (pid ${workloadPid}) left running by a previous agent`);
    expect(again.stderr()).toMatch(/resumed version 1 /);
  });

  it('stops cleanly on SIGTERM: workloads stopped, status down, exit 0', async () => {
    const node = 'agent-sigterm';
    const w = await watcher(node);
    const agent = spawnAgent(node);
    await until(() => statuses(w).find((s) => s.state === 'ready'), 'ready', 20_000);
    await publishDesired(broker.url, node, signDesiredState(payload(node, 1, [{ service: 'shop/api' }, { service: 'shop/job', command: ['sleep', '30'] }]), pair()));
    const applied = await until(() => reports(w).find((r) => r.outcome === 'applied'), 'applied');
    process.kill(agent.child.pid!, 'SIGTERM');
    expect(await agent.exited).toBe(0);
    for (const x of applied.workloads) expect(pidAlive(x.pid)).toBe(false);
    expect(statuses(w).at(-1)).toMatchObject({ state: 'down', running: [] });
    expect(agent.stderr()).toMatch(/stopped at version 1/);
  });

  it('bad flags exit 2 naming the flag (through the real binary)', async () => {
    const run = (args: string[]) => new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const c = spawn(process.execPath, ['cli/bin.mjs', 'agent', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      c.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
      c.once('exit', (status) => resolve({ status, stderr }));
    });
    const rows: [string[], RegExp][] = [
      [['--broker', 'http://127.0.0.1:1', '--node', 'n', '--trust', keys.publicPath], /<--broker>: expected a URL with scheme mqtt/],
      [['--broker', broker.url, '--node', 'n', '--trust', '/nonexistent/k.pub'], /<--trust>: \/nonexistent\/k.pub: no such file/],
    ];
    const results = await Promise.all(rows.map(([args]) => run(args)));
    for (const [i, [args, message]] of rows.entries()) {
      expect(results[i]!.status, `${args.join(' ')}: ${results[i]!.stderr}`).toBe(2);
      expect(results[i]!.stderr).toMatch(message);
    }
  });
});
