/**
 * The README's live-fleet walk-through, run as written (the ```sh block after
 * `<!-- readme-test: live -->`), in a scratch directory with a copy of scenarios/: a key, a real
 * Mosquitto, `edgetwin serve` with the MQTT connector and the key, five real `edgetwin agent`
 * processes, an operator token, a plan made against the live fleet, its approval, a push in waves
 * that must end `done`, and `edgetwin audit verify`. Only the ports are changed (to free loopback
 * ports), and waits for what the block starts in the background are added where a person would
 * wait. Then each agent's state on disk must hold the plan's workloads for its node, signed, at
 * version 1. Every background process is stopped by its PID at the end.
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBlocks } from '../../readme/readme-blocks.ts';
import { ensureDebianPackage, freePort } from '../support/real-servers.ts';

const ROOT = join(import.meta.dirname, '../../..');

/** The walk-through block's lines, and the agents its loop starts. */
function walkthrough(): { lines: string[]; agents: string[] } {
  const block = parseBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8')).find((b) => b.lang === 'sh' && b.marker === 'live');
  if (!block) throw new Error('README.md has no ```sh block marked <!-- readme-test: live -->');
  const lines = block.body.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l && !l.startsWith('#'));
  const loop = lines.find((l) => l.startsWith('for n in '));
  return { lines, agents: loop ? loop.slice('for n in '.length, loop.indexOf(';')).trim().split(/\s+/) : [] };
}

describe('README: the live fleet walk-through', () => {
  it('runs as written: serve, agents, plan against live, approve, push in waves to done, audit verifies', async () => {
    console.log('[live walk-through] runs the README block with a real Mosquitto and real agent processes on loopback');
    ensureDebianPackage('mosquitto', 'mosquitto');
    const { lines, agents } = walkthrough();
    expect(agents.length).toBeGreaterThan(2);
    const work = mkdtempSync(join(tmpdir(), 'edgetwin-live-walkthrough-'));
    cpSync(join(ROOT, 'scenarios'), join(work, 'scenarios'), { recursive: true });
    mkdirSync(join(work, 'tests'));
    symlinkSync(join(ROOT, 'tests', 'fixtures'), join(work, 'tests', 'fixtures'));
    mkdirSync(join(work, 'bin'));
    writeFileSync(join(work, 'bin', 'npx'), `#!/bin/sh\nif [ "$1" = edgetwin ]; then shift; exec node ${JSON.stringify(join(ROOT, 'cli', 'bin.mjs'))} "$@"; fi\necho "only npx edgetwin runs here" >&2; exit 127\n`);
    chmodSync(join(work, 'bin', 'npx'), 0o755);
    // What a person does between the lines: wait until what was started in the background answers.
    writeFileSync(join(work, 'bin', 'wait-for'), `#!/usr/bin/env node
const [what, a, b] = process.argv.slice(2);
const net = require('node:net');
const deadline = Date.now() + 60000;
const ok = async () => {
  if (what === 'port') return new Promise((r) => { const c = net.connect(Number(a), '127.0.0.1'); c.on('connect', () => { c.destroy(); r(true); }); c.on('error', () => r(false)); });
  if (what === 'http') return fetch(a).then((r) => r.ok, () => false);
  const res = await fetch(a + 'api/v1/fleet', { headers: { authorization: 'Bearer ' + process.env.EDGETWIN_TOKEN } }).catch(() => null);
  if (!res || !res.ok) return false;
  return (await res.json()).nodes.filter((n) => n.state === 'ready').length >= Number(b);
};
(async () => { while (!(await ok())) { if (Date.now() > deadline) { console.error('wait-for ' + process.argv.slice(2).join(' ') + ': timed out'); process.exit(1); } await new Promise((r) => setTimeout(r, 100)); } })();
`);
    chmodSync(join(work, 'bin', 'wait-for'), 0o755);
    const mqttPort = await freePort();
    const httpPort = await freePort();
    const gateway = `http://127.0.0.1:${httpPort}/`;
    const script: string[] = ['set -euo pipefail', "trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true' EXIT", 'echo "[live walk-through] background PIDs are stopped on exit"'];
    for (const raw of lines) {
      const line = raw.replaceAll('1883', String(mqttPort)).replaceAll('8080', String(httpPort));
      if (/edgetwin plan .*--against live/.test(line)) script.push(`wait-for fleet ${gateway} ${agents.length}`);
      script.push(`echo "+ ${line.replace(/["$`\\]/g, '\\$&')}"`, line);
      if (/^mosquitto /.test(line)) script.push(`wait-for port ${mqttPort}`);
      if (/edgetwin serve /.test(line)) script.push(`wait-for http ${gateway}healthz`);
    }
    writeFileSync(join(work, 'walkthrough.sh'), `${script.join('\n')}\n`);
    const child = spawn('bash', ['walkthrough.sh'], { cwd: work, env: { ...process.env, PATH: `${join(work, 'bin')}:${process.env.PATH}`, CI: '1', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    writeFileSync(join(work, 'output.log'), out);
    console.log(`[live walk-through] its output: ${join(work, 'output.log')}`);
    expect(code, out.slice(-4000)).toBe(0);
    expect(out).toMatch(/plan [0-9a-f]{64} approved \(by olga\)/);
    expect(out).toMatch(/^wave 0 \(1 node\(s\)\): /m);
    expect(out).toMatch(/^push push-[0-9a-f]{16} done: every wave passed its gate$/m);
    expect(out).toMatch(/^audit log verifies: \d+ entries, chain intact$/m);
    const plan = JSON.parse(readFileSync(join(work, 'plan.json'), 'utf8')) as { hash: string; target: Record<string, string[]> };
    for (const node of agents) {
      const want = Object.entries(plan.target).filter(([, nodes]) => nodes.includes(node)).map(([svc]) => svc).sort();
      const statePath = join(work, 'agents', node, 'state.json');
      if (want.length === 0) { expect(existsSync(statePath), `${node} got a state it has nothing in`).toBe(false); continue; }
      const saved = JSON.parse(readFileSync(statePath, 'utf8')) as { payload: { version: number; planHash: string; workloads: { service: string }[] }; signature: string };
      expect(saved.payload.version, node).toBe(1);
      expect(saved.payload.planHash).toBe(plan.hash);
      expect(saved.payload.workloads.map((w) => w.service).sort(), node).toEqual(want);
      expect(saved.signature.length).toBeGreaterThan(80);
    }
  }, 180_000);
});
