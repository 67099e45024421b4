/**
 * The parent side of the live-fleet benchmark's agent processes: the IPC messages between the
 * benchmark and a child running live-agents.ts (hundreds of real startAgent() instances on a real
 * broker), and startAgentProcess(), which forks one child (`node --import tsx live-agents.ts`)
 * and asks it for its figures: agents connected, its own CPU time and RSS, and every 'applied'
 * the agents made, per node and version, so the benchmark can prove nothing was lost or applied twice.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** What a child is asked to run. */
export interface AgentsStart {
  type: 'start';
  brokerUrl: string;
  /** Node ids this child runs, and for each its start offset (ms after the start message). */
  agents: { node: string; startAtMs: number }[];
  heartbeatMs: number;
  metricsMs: number;
  /** The gateway signing key's public half (SPKI PEM) the agents trust. */
  trustedKeyPem: string;
  /** Where each agent keeps its state (one subdirectory per node). */
  stateDir: string;
}

/** A child's figures at one moment. */
export interface AgentsStats {
  type: 'stats';
  agents: number;
  connected: number;
  /** process.cpuUsage() of the child, µs, and the monotonic time it was read at, ms. */
  cpuUserUs: number;
  cpuSystemUs: number;
  atMs: number;
  rssBytes: number;
  /** node → version → how many times the agent logged 'applied version V'. */
  applied: Record<string, Record<string, number>>;
  /** node → runtime.apply calls with workloads (the memory runtime's own count). */
  runtimeApplies: Record<string, number>;
  /** 'failed version …' and 'refused …' lines, counted, and the first few quoted. */
  failed: number;
  refused: number;
  problems: string[];
  /** The child's event-loop delay since the last stats request that reset it (or its start): max and p99, ms (perf_hooks, 10 ms resolution). */
  loopDelayMaxMs: number;
  loopDelayP99Ms: number;
}

/** Messages parent → child. */
export type ToAgents = AgentsStart | { type: 'stats'; resetLoopDelay?: boolean } | { type: 'stop' };
/** Messages child → parent. */
export type FromAgents = { type: 'started'; agents: number } | AgentsStats | { type: 'stopped' } | { type: 'error'; message: string };

/** A forked agents process. */
export interface AgentProcess {
  pid: number;
  /** Resolves once every agent of the child has started (startAgent resolved). */
  start(msg: Omit<AgentsStart, 'type'>): Promise<number>;
  /** The child's figures; with resetLoopDelay its loop-delay histogram starts again after answering. */
  stats(opts?: { resetLoopDelay?: boolean }): Promise<AgentsStats>;
  /** Stops every agent (a clean 'down' each) and waits for the child to exit. */
  stop(): Promise<void>;
  /** Kills the child (clean-up after a failure). */
  kill(): void;
}

const SCRIPT = join(import.meta.dirname, 'live-agents.ts');

/** Forks one agents child; its stderr and stdout are the bench's. */
export function startAgentProcess(): AgentProcess {
  const child: ChildProcess = fork(SCRIPT, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting: { type: FromAgents['type']; resolve: (m: FromAgents) => void; reject: (e: Error) => void }[] = [];
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', (code, sig) => {
    exited = true;
    for (const w of waiting.splice(0)) w.reject(new Error(`agents process ${child.pid} exited (${code ?? sig}) before answering '${w.type}'`));
    resolve();
  }));
  child.on('message', (m: FromAgents) => {
    if (m.type === 'error') { for (const w of waiting.splice(0)) w.reject(new Error(`agents process ${child.pid}: ${m.message}`)); return; }
    const i = waiting.findIndex((w) => w.type === m.type);
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(m);
  });
  const ask = <T extends FromAgents>(msg: ToAgents, reply: T['type']): Promise<T> => new Promise<T>((resolve, reject) => {
    if (exited) { reject(new Error(`agents process ${child.pid} already exited`)); return; }
    waiting.push({ type: reply, resolve: resolve as (m: FromAgents) => void, reject });
    child.send(msg);
  });
  return {
    pid: child.pid!,
    start: async (msg) => (await ask<{ type: 'started'; agents: number }>({ type: 'start', ...msg }, 'started')).agents,
    stats: (opts = {}) => ask<AgentsStats>({ type: 'stats', ...opts }, 'stats'),
    async stop() {
      if (exited) return;
      await ask({ type: 'stop' }, 'stopped').catch(() => undefined);
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(t);
    },
    kill() { if (!exited) child.kill('SIGKILL'); },
  };
}
