import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Command, CommanderError } from 'commander';
import { EXIT_BAD_INPUT } from '../../../cli/main.ts';
import { register } from '../../../cli/commands/push.ts';
import { InputError } from '../../../sim-core/text/input-error.ts';
import { pushRoutes } from '../../../connectors/push/routes.ts';
import { memoryTransport } from '../../../connectors/push/transport.ts';
import { generateKeyPair } from '../../../connectors/signing/keys.ts';
import { ROOT, testGateway, type TestGateway } from '../gateway/support/gateway.ts';
import { fakeFleet, fleetPlan } from './support/fixtures.ts';

const key = generateKeyPair();
const fleet = fakeFleet();
const transport = memoryTransport();
// A fake agent: applies every version, except on node 'sick-1' where it refuses it.
transport.onDeliver = (d) => setTimeout(() => {
  const refuse = d.node === 'sick-1';
  fleet.set(d.node, {
    state: 'ready', lastSeenMs: Date.now(), runningVersion: refuse ? 0 : d.version,
    lastReport: { v: 1, node: d.node, atMs: Date.now(), version: d.version, pushId: null, planHash: null, outcome: refuse ? 'refused' : 'applied', reason: refuse ? 'bad-signature' : null, runningVersion: refuse ? 0 : d.version, workloads: [] },
  });
}, 5);

let gw: TestGateway;
let url = '';
beforeAll(async () => {
  gw = await testGateway({ modulesInput: { push: false }, extraModules: [pushRoutes({ fleet, transports: { mqtt: transport }, signer: key, tickMs: 20 })] });
  await gw.app.listen({ port: 0, host: '127.0.0.1' });
  const a = gw.app.server.address();
  url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(async () => { await gw?.close(); });

/** Runs `edgetwin push` in this process (exit code as cli/main.ts gives it), capturing what it writes. */
async function cliHere(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => { stdout += String(s); return true; });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => { stderr += String(s); return true; });
  const saved = process.env.EDGETWIN_TOKEN;
  process.env.EDGETWIN_TOKEN = env.EDGETWIN_TOKEN ?? '';
  try {
    // main() loads every command by dynamic import, which vite cannot resolve here; register this one as main does.
    let code = 0;
    const program = new Command('edgetwin').exitOverride().configureOutput({ writeErr: (t) => process.stderr.write(t) });
    register(program, (c) => { code = c; });
    try { await program.parseAsync(args, { from: 'user' }); } catch (e) {
      if (e instanceof InputError) { process.stderr.write(`${e.message}\n`); code = EXIT_BAD_INPUT; } else if (e instanceof CommanderError) code = EXIT_BAD_INPUT; else throw e;
    }
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    if (saved === undefined) delete process.env.EDGETWIN_TOKEN; else process.env.EDGETWIN_TOKEN = saved;
  }
}

/** Runs the CLI as its own process (async: the gateway answers from this process meanwhile). */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['cli/bin.mjs', ...args], { cwd: ROOT, env: { ...process.env, CI: '1', EDGETWIN_TOKEN: '', ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    p.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    p.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const planFile = (name: string, nodes: string[]) => {
  const plan = fleetPlan(nodes, name);
  const path = join(gw.dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(plan));
  return { plan, path };
};
const approve = async (hash: string) => {
  const r = await gw.app.inject({ method: 'POST', url: `/api/v1/plans/${hash}/approve`, headers: gw.auth(gw.tokens.operator), payload: {} });
  expect(r.json().approved).toBe(true);
};

describe('edgetwin push', () => {
  it('bad input exits 2 naming the flag or file', async () => {
    const { path } = planFile('bad-input', ['n-1']);
    const r1 = await cliHere(['push', path, '--gateway', url, '--waves', '50%,10%', '--token', gw.tokens.operator]);
    expect([r1.code, r1.stderr]).toEqual([2, expect.stringMatching(/--waves.*percentages must increase/)]);
    const r2 = await cliHere(['push', path, '--gateway', url, '--via', 'pigeon', '--token', gw.tokens.operator]);
    expect([r2.code, r2.stderr]).toEqual([2, expect.stringMatching(/--via.*expected one of mqtt, kubernetes/)]);
    const r3 = await cliHere(['push', path, '--gateway', url]);
    expect([r3.code, r3.stderr]).toEqual([2, expect.stringMatching(/no token/)]);
    const r4 = await cliHere(['push', join(gw.dir, 'missing.json'), '--gateway', url, '--token', gw.tokens.operator]);
    expect([r4.code, r4.stderr]).toEqual([2, expect.stringMatching(/missing\.json.*no such file/)]);
  });

  it('uploads a plan the gateway lacks; refused (exit 1) until approved; then --wait follows it to done (exit 0)', async () => {
    const { plan, path } = planFile('cli-ok', ['cli-1', 'cli-2', 'cli-3']);
    const refused = await cliHere(['push', path, '--gateway', url, '--waves', '1,100%', '--wait'], { EDGETWIN_TOKEN: gw.tokens.operator });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(`uploaded plan ${plan.hash}`);
    expect(refused.stderr).toMatch(/409 not pushed: .* has 0 of the 1 distinct approvals/);
    await approve(plan.hash);
    const dry = await cliHere(['push', path, '--gateway', url, '--waves', '1,100%', '--dry-run', '--token', gw.tokens.operator]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/wave 0: 1 node\(s\) \(1 in all\): cli-1\nwave 1: 2 node\(s\) \(3 in all\): cli-2, cli-3/);
    expect(dry.stdout).toMatch(/cli-2 \(wave 1, version 1\): \+shop\/api -shop\/old/);
    const ok = await cliHere(['push', path, '--gateway', url, '--waves', '1,100%', '--wait', '--token', gw.tokens.operator]);
    expect([ok.code, ok.stderr]).toEqual([0, expect.any(String)]);
    expect(ok.stdout).toMatch(/started: plan .* in 2 wave\(s\)/);
    expect(ok.stdout).toMatch(/wave 0 \(1 node\(s\)\): passed[\s\S]*wave 1 \(2 node\(s\)\): passed[\s\S]*done: every wave passed its gate/);
    // pushing the same plan again: the existing push, nothing sent
    const before = transport.deliveries.length;
    const again = await cliHere(['push', path, '--gateway', url, '--token', gw.tokens.operator]);
    expect([again.code, again.stdout]).toEqual([0, expect.stringMatching(/already exists \(done\)/)]);
    expect(transport.deliveries.length).toBe(before);
  });

  it('a push whose gate fails is rolled back: the edgetwin process exits 1 with the reason', async () => {
    const { plan, path } = planFile('cli-sick', ['sick-1']);
    const up = await gw.app.inject({ method: 'POST', url: '/api/v1/plans', headers: gw.auth(gw.tokens.planner), payload: plan });
    expect(up.statusCode).toBe(201);
    await approve(plan.hash);
    const r = await cli(['push', path, '--gateway', url, '--wait', '--token', gw.tokens.operator]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/rolled back: wave 0 gate failed: sick-1: refused version 1: bad-signature/);
  });

  it('a planner token is refused (403, exit 1)', async () => {
    const { path } = planFile('cli-planner', ['p-1']);
    const r = await cliHere(['push', path, '--gateway', url, '--token', gw.tokens.planner]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/403/);
  });
});
