/**
 * `edgetwin agent` as its own process (node cli/bin.mjs agent) against a real Mosquitto, with key
 * files from keygen: it applies a state signed with the private key file; killed with SIGKILL,
 * its last will leaves a retained 'down' status; stopped with SIGTERM, it stops its workloads
 * and exits 0. Bad flags exit 2 with a message naming the flag.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
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

function spawnAgent(node: string, extra: string[] = []): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['cli/bin.mjs', 'agent', '--broker', broker.url, '--node', node, '--trust', keys.publicPath,
    '--state-dir', mkdtempSync(join(tmpdir(), 'edgetwin-agent-cli-')), '--heartbeat-ms', '100', ...extra], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (b: Buffer) => { err += b.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(() => { if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL'); });
  return { child, stderr: () => err, exited };
}

async function watcher(node: string): Promise<Watcher> {
  const w = await watch(broker.url, node);
  cleanups.push(() => w.close());
  return w;
}

describe('edgetwin agent (own process)', () => {
  it('applies a state signed with the keygen key; killed with SIGKILL, its last will marks it down (retained)', async () => {
    const node = 'agent-will';
    const w = await watcher(node);
    const agent = spawnAgent(node);
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

  it('bad flags exit 2 naming the flag (through the real binary)', () => {
    const run = (args: string[]) => spawnSync(process.execPath, ['cli/bin.mjs', 'agent', ...args], { cwd: ROOT, encoding: 'utf8' });
    const rows: [string[], RegExp][] = [
      [['--broker', 'http://127.0.0.1:1', '--node', 'n', '--trust', keys.publicPath], /<--broker>: expected a URL with scheme mqtt/],
      [['--broker', broker.url, '--node', 'n', '--trust', '/nonexistent/k.pub'], /<--trust>: \/nonexistent\/k.pub: no such file/],
    ];
    for (const [args, message] of rows) {
      const r = run(args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
