/**
 * `edgetwin approve PLAN.json|HASH --gateway URL`: a plan file is uploaded and approved (exit 0,
 * naming who approved); a blocked plan is refused with the gateway's reason (exit 1); no token, a
 * bad URL or a file that is not a plan are bad input (exit 2); a viewer token is refused (exit 1).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realPlans, ROOT, testGateway, type TestGateway } from '../connectors/gateway/support/gateway.ts';

let gw: TestGateway;
let base = '';
beforeAll(async () => {
  gw = await testGateway();
  await gw.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(gw.app.server.address() as { port: number }).port}`;
});
afterAll(async () => { await gw?.close(); });

// Asynchronous: the gateway answering runs in this process.
function cli(args: string[], token?: string): Promise<{ code: number | null; out: string; err: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.EDGETWIN_TOKEN;
  if (token) env.EDGETWIN_TOKEN = token;
  const p = spawn(process.execPath, ['cli/bin.mjs', 'approve', ...args], { cwd: ROOT, env });
  let out = '', err = '';
  p.stdout.on('data', (d) => { out += d; });
  p.stderr.on('data', (d) => { err += d; });
  return new Promise((resolve) => p.on('exit', (code) => resolve({ code, out, err })));
}

describe('edgetwin approve', () => {
  it('uploads and approves a plan file; refuses a blocked one with the reason', async () => {
    const { approvable, blocked } = realPlans();
    const ok = join(gw.dir, 'ok.json');
    const no = join(gw.dir, 'blocked.json');
    writeFileSync(ok, JSON.stringify(approvable));
    writeFileSync(no, JSON.stringify(blocked));
    const a = await cli([ok, '--gateway', base, '--comment', 'gates passed'], gw.tokens.operator);
    expect(a.code, a.err).toBe(0);
    expect(a.out).toBe(`plan ${approvable.hash} approved (by olga); push it with edgetwin push\n`);
    expect(a.err).toContain(`uploaded plan ${approvable.hash} (approvable)`);
    const b = await cli([no, '--gateway', base], gw.tokens.operator);
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/409.*approval refused: plan is blocked: .*capacity-headroom/);
    const v = await cli([approvable.hash, '--gateway', base], gw.tokens.viewer);
    expect(v.code).toBe(1);
    expect(v.err).toMatch(/403/);
  });

  it('bad input exits 2 naming the flag or file', async () => {
    const none = await cli(['e'.repeat(64), '--gateway', base]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/<--token>.*EDGETWIN_TOKEN/);
    const url = await cli(['e'.repeat(64), '--gateway', 'ftp://x'], gw.tokens.operator);
    expect(url.code).toBe(2);
    expect(url.err).toMatch(/<--gateway>.*http or https/);
    const notPlan = join(gw.dir, 'x.json');
    writeFileSync(notPlan, '{"hello": 1}');
    const np = await cli([notPlan, '--gateway', base], gw.tokens.operator);
    expect(np.code).toBe(2);
    expect(np.err).toMatch(/no 64-hex-digit "hash"/);
  });
});
