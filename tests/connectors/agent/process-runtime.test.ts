/**
 * The reference process runtime with real child processes: declared workloads run (checked by
 * their PIDs and /proc environment), undeclared ones are stopped, changed ones restarted, failed
 * starts reported, a crash is not restarted implicitly, a process ignoring SIGTERM is killed, and
 * workloads a dead predecessor left running (recorded in the PID file) are stopped.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processStartTicks, readPidFile } from '../../../connectors/agent/pid-file.ts';
import { processRuntime } from '../../../connectors/agent/process-runtime.ts';
import { workloadChanges } from '../../../connectors/agent/runtime.ts';
import type { Runtime } from '../../../connectors/agent/runtime.ts';

const alive = (pid: number | null) => { if (pid === null) return false; try { process.kill(pid, 0); return true; } catch { return false; } };
const environOf = (pid: number) => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');

async function until(cond: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let rt: Runtime | null = null;
afterEach(async () => { await rt?.stopAll(); rt = null; });

describe('workloadChanges (pure)', () => {
  it('starts new, stops undeclared, restarts changed or dead, keeps the same running spec', () => {
    const current = new Map([
      ['a/keep', { workload: { service: 'a/keep', command: ['x'] }, alive: true }],
      ['a/gone', { workload: { service: 'a/gone' }, alive: true }],
      ['a/changed', { workload: { service: 'a/changed', env: { A: '1' } }, alive: true }],
      ['a/dead', { workload: { service: 'a/dead' }, alive: false }],
    ]);
    const c = workloadChanges(current, [
      { service: 'a/keep', command: ['x'] }, { service: 'a/changed', env: { A: '2' } }, { service: 'a/dead' }, { service: 'a/new' },
    ]);
    expect(c.keep).toEqual(['a/keep']);
    expect(c.stop.sort()).toEqual(['a/changed', 'a/dead', 'a/gone']);
    expect(c.start.map((w) => w.service)).toEqual(['a/changed', 'a/dead', 'a/new']);
  });
});

describe('processRuntime', () => {
  it('runs declared workloads as processes with EDGETWIN_SERVICE and their env; the built-in one idles', async () => {
    rt = processRuntime();
    const out = await rt.apply([{ service: 'shop/idle' }, { service: 'shop/api', command: ['sleep', '30'], env: { PORT: '8080' } }]);
    expect(out.map((w) => [w.service, w.healthy, w.error])).toEqual([['shop/idle', true, null], ['shop/api', true, null]]);
    for (const w of out) expect(alive(w.pid)).toBe(true);
    expect(environOf(out[0]!.pid!)).toContain('EDGETWIN_SERVICE=shop/idle');
    expect(environOf(out[1]!.pid!)).toEqual(expect.arrayContaining(['EDGETWIN_SERVICE=shop/api', 'PORT=8080']));
    expect(readFileSync(`/proc/${out[1]!.pid}/cmdline`, 'utf8').split('\0')).toEqual(['sleep', '30', '']);
    expect(rt.health()).toEqual(out.map(({ service, healthy, pid }) => ({ service, healthy, pid })));
  });

  it('stops workloads no longer declared, keeps unchanged ones, restarts changed ones', async () => {
    rt = processRuntime();
    const first = await rt.apply([{ service: 'a/keep' }, { service: 'a/drop' }, { service: 'a/change', env: { V: '1' } }]);
    const pid = (s: string, list = first) => list.find((w) => w.service === s)!.pid;
    const second = await rt.apply([{ service: 'a/keep' }, { service: 'a/change', env: { V: '2' } }]);
    expect(alive(pid('a/drop'))).toBe(false);
    expect(pid('a/keep', second)).toBe(pid('a/keep'));
    expect(alive(pid('a/keep', second))).toBe(true);
    expect(pid('a/change', second)).not.toBe(pid('a/change'));
    expect(alive(pid('a/change'))).toBe(false);
    expect(environOf(pid('a/change', second)!)).toContain('V=2');
    expect(rt.health().map((w) => w.service)).toEqual(['a/keep', 'a/change']);
  });

  it('reports a program that does not exist as a failed start, without throwing', async () => {
    rt = processRuntime();
    const [w] = await rt.apply([{ service: 'a/missing', command: ['/nonexistent/edgetwin-no-such-program'] }]);
    expect(w).toMatchObject({ service: 'a/missing', healthy: false, pid: null });
    expect(w!.error).toMatch(/cannot start .*ENOENT/);
  });

  it('reports a process that exits at once as a failed start, with its exit code and stderr', async () => {
    rt = processRuntime({ startGraceMs: 1000 });
    const [w] = await rt.apply([{ service: 'a/crash', command: ['sh', '-c', 'echo boom >&2; exit 3'] }]);
    expect(w!.healthy).toBe(false);
    expect(w!.error).toMatch(/exited with code 3 .*boom/);
  });

  it('does not restart a workload that died; the next apply declaring it starts it again', async () => {
    rt = processRuntime();
    const [w] = await rt.apply([{ service: 'a/victim' }]);
    process.kill(w!.pid!, 'SIGKILL');
    await until(() => rt!.health()[0]!.healthy === false, 'the runtime sees the death');
    expect(rt.health()[0]).toEqual({ service: 'a/victim', healthy: false, pid: w!.pid });
    const [again] = await rt.apply([{ service: 'a/victim' }]);
    expect(again!.healthy).toBe(true);
    expect(again!.pid).not.toBe(w!.pid);
  });

  it('kills a process that ignores SIGTERM after the grace period', async () => {
    rt = processRuntime({ stopGraceMs: 300 });
    const [w] = await rt.apply([{ service: 'a/stubborn', command: [process.execPath, '-e', 'process.on("SIGTERM",()=>{});setInterval(()=>{},1e9)'] }]);
    expect(alive(w!.pid)).toBe(true);
    await rt.apply([]);
    expect(alive(w!.pid)).toBe(false);
  });

  it('stopAll stops every process', async () => {
    rt = processRuntime();
    const out = await rt.apply([{ service: 'a/one' }, { service: 'a/two', command: ['sleep', '30'] }]);
    await rt.stopAll();
    for (const w of out) expect(alive(w.pid)).toBe(false);
    expect(rt.health()).toEqual([]);
  });
});

describe('processRuntime with a PID file', () => {
  it('records its workloads; a new runtime on the same file stops those a dead predecessor left running, then starts its own', async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), 'edgetwin-agent-pids-')), 'workloads.json');
    const dead = processRuntime({ pidFile }); // stands for an agent killed without stopping its workloads
    const old = await dead.apply([{ service: 'a/left' }, { service: 'a/also', command: ['sleep', '30'] }]);
    expect(readPidFile(pidFile).map((r) => [r.service, r.pid])).toEqual(old.map((w) => [w.service, w.pid]));
    rt = processRuntime({ pidFile });
    const fresh = await rt.apply([{ service: 'a/left' }]);
    for (const w of old) expect(alive(w.pid)).toBe(false);
    expect(alive(fresh[0]!.pid)).toBe(true);
    expect(fresh[0]!.pid).not.toBe(old[0]!.pid);
    expect(readPidFile(pidFile).map((r) => r.pid)).toEqual([fresh[0]!.pid]);
  });

  it('leaves alone a recorded PID that now belongs to another process (different start time), and survives a damaged file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgetwin-agent-pids-'));
    const pidFile = join(dir, 'workloads.json');
    const bystander = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await until(() => processStartTicks(bystander.pid!) !== null, 'the bystander runs');
      writeFileSync(pidFile, JSON.stringify([{ service: 'a/x', pid: bystander.pid, startTicks: '1' }]));
      rt = processRuntime({ pidFile });
      await rt.apply([]);
      expect(alive(bystander.pid!)).toBe(true);
      writeFileSync(pidFile, '[{"service": "a/x", "pid": "1"}, 42');
      const rt2 = processRuntime({ pidFile });
      expect(await rt2.apply([])).toEqual([]);
      expect(readPidFile(pidFile)).toEqual([]);
    } finally {
      bystander.kill('SIGKILL');
    }
  });
});
