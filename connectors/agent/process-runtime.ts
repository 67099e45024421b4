/**
 * The reference runtime: each declared workload is a local child process. A workload with a
 * `command` runs that argv (no shell) with the agent's environment, its `env`, and
 * EDGETWIN_SERVICE=<service>; one without runs a built-in idle Node process. Workloads no longer
 * declared are stopped by their own PID (SIGTERM, then SIGKILL after the grace period). Health is
 * "the process is alive"; nothing is restarted implicitly. A start that fails (no such program,
 * or the process exits within the start grace period) is reported with its error.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Workload } from '../signing/desired-state.ts';
import { processStartTicks, reapLeftovers, writePidFile, type PidRecord } from './pid-file.ts';
import { workloadChanges, type AppliedWorkload, type Runtime, type WorkloadHealth } from './runtime.ts';

/** The built-in workload: a Node process that idles until stopped. */
export const IDLE_SCRIPT = 'setInterval(()=>{},1e9)';
/** Longest stderr tail kept per process for error messages. */
const STDERR_TAIL_CHARS = 2000;

/** Options of the process runtime. */
export interface ProcessRuntimeOptions {
  /** How long a stopped process gets between SIGTERM and SIGKILL, ms. */
  stopGraceMs?: number;
  /** How long a new process must stay alive to count as started, ms. */
  startGraceMs?: number;
  /** Working directory of the processes (default: the agent's). */
  cwd?: string;
  /** Log line sink (process starts, exits, stops). */
  log?: (line: string) => void;
  /** Where the PIDs of running workloads are recorded (pid-file.ts); the first apply stops those a dead predecessor left running. */
  pidFile?: string;
}

interface Proc {
  workload: Workload;
  child: ChildProcess | null;
  pid: number | null;
  alive: boolean;
  error: string | null;
  stderr: string;
  exited: Promise<void>;
}

/** The argv a workload runs. */
export function argvOf(w: Workload): string[] {
  return w.command ? [...w.command] : [process.execPath, '-e', IDLE_SCRIPT];
}

/** A runtime running workloads as child processes of this one. */
export function processRuntime(opts: ProcessRuntimeOptions = {}): Runtime {
  const stopGraceMs = opts.stopGraceMs ?? 2000;
  const startGraceMs = opts.startGraceMs ?? 150;
  const log = opts.log ?? (() => {});
  const procs = new Map<string, Proc>();
  let queue: Promise<unknown> = Promise.resolve();
  // One apply or stopAll at a time: they change the same table.
  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const next = queue.then(f, f);
    queue = next.catch(() => {});
    return next;
  };

  function start(w: Workload): Promise<Proc> {
    const [file, ...args] = argvOf(w);
    const env: NodeJS.ProcessEnv = { ...process.env, ...(w.env ?? {}), EDGETWIN_SERVICE: w.service };
    if (!w.command) delete env.NODE_OPTIONS; // the idle process needs no loader the agent runs under
    let child: ChildProcess;
    try {
      child = spawn(file!, args, { cwd: opts.cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      return Promise.resolve({ workload: w, child: null, pid: null, alive: false, error: `cannot start ${file}: ${(e as Error).message}`, stderr: '', exited: Promise.resolve() });
    }
    const p: Proc = { workload: w, child, pid: child.pid ?? null, alive: child.pid !== undefined, error: null, stderr: '', exited: Promise.resolve() };
    child.stderr!.on('data', (b: Buffer) => { p.stderr = (p.stderr + b.toString()).slice(-STDERR_TAIL_CHARS); });
    p.exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        p.alive = false;
        log(`workload ${w.service} (pid ${p.pid}) exited ${signal ?? `with code ${code}`}`);
        resolve();
      });
      child.once('error', (e) => {
        p.alive = false;
        p.error = `cannot start ${file}: ${(e as NodeJS.ErrnoException).code ?? e.message}`;
        if (p.pid === null) resolve();
      });
    });
    return new Promise<Proc>((resolve) => {
      const failed = () => resolve(p);
      child.once('error', failed);
      child.once('spawn', () => {
        // 'close' comes after 'exit' once stderr is drained, so the message carries what the process
        // printed before dying ('exit' alone can arrive before the last stderr chunk).
        let exitedAs: string | null = null;
        const earlyExit = () => `exited ${exitedAs} within ${startGraceMs} ms of starting`;
        const t = setTimeout(() => {
          child.off('exit', onExit);
          child.off('close', onClose);
          if (exitedAs !== null) p.error = earlyExit(); // exited, but a grandchild still holds stderr open
          resolve(p);
        }, startGraceMs);
        const onExit = (code: number | null, signal: NodeJS.Signals | null) => { exitedAs = signal ?? `with code ${code}`; };
        const onClose = (code: number | null, signal: NodeJS.Signals | null) => {
          clearTimeout(t);
          exitedAs ??= signal ?? `with code ${code}`;
          const tail = p.stderr.trim() ? `: ${p.stderr.trim().slice(-300)}` : '';
          p.error = `${earlyExit()}${tail}`;
          resolve(p);
        };
        child.once('exit', onExit);
        child.once('close', onClose);
        log(`workload ${w.service} started (pid ${child.pid}): ${[file, ...args].join(' ')}`);
      });
    });
  }

  async function stop(service: string): Promise<void> {
    const p = procs.get(service);
    procs.delete(service);
    if (!p || !p.alive || p.pid === null) return;
    try { process.kill(p.pid, 'SIGTERM'); } catch { return; /* already gone */ }
    const t = setTimeout(() => { try { process.kill(p.pid!, 'SIGKILL'); } catch { /* gone */ } }, stopGraceMs);
    await p.exited;
    clearTimeout(t);
    log(`workload ${service} (pid ${p.pid}) stopped`);
  }

  const healthOf = (w: Workload): WorkloadHealth => {
    const p = procs.get(w.service);
    return { service: w.service, healthy: !!p && p.alive, pid: p?.pid ?? null };
  };
  let declared: readonly Workload[] = [];

  let reaped = false;
  const recordPids = () => {
    if (!opts.pidFile) return;
    const records: PidRecord[] = [];
    for (const [service, p] of procs) {
      const startTicks = p.alive && p.pid !== null ? processStartTicks(p.pid) : null;
      if (startTicks !== null) records.push({ service, pid: p.pid!, startTicks });
    }
    try { writePidFile(opts.pidFile, records); } catch (e) { log(`cannot record workload PIDs in ${opts.pidFile}: ${(e as Error).message}`); }
  };

  return {
    apply: (workloads) => serial(async (): Promise<AppliedWorkload[]> => {
      if (!reaped && opts.pidFile) await reapLeftovers(opts.pidFile, stopGraceMs, log);
      reaped = true;
      const current = new Map([...procs].map(([s, p]) => [s, { workload: p.workload, alive: p.alive }]));
      const changes = workloadChanges(current, workloads);
      await Promise.all(changes.stop.map(stop));
      const started = await Promise.all(changes.start.map(start));
      for (const p of started) procs.set(p.workload.service, p);
      declared = [...workloads];
      recordPids();
      return workloads.map((w) => {
        const p = procs.get(w.service)!;
        return { ...healthOf(w), error: started.includes(p) ? p.error : null };
      });
    }),
    health: () => declared.map(healthOf),
    stopAll: () => serial(async () => {
      await Promise.all([...procs.keys()].map(stop));
      declared = [];
      recordPids();
    }),
  };
}
