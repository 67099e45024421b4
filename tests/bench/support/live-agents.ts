/**
 * A child process of the live-fleet benchmark (forked by live-agent-procs.ts with
 * `node --import tsx`): it runs hundreds of real edge agents (startAgent from
 * connectors/agent/agent.ts — real MQTT v5 clients, real signature checks, state saved on disk) in
 * one Node process, each with the in-memory runtime (live-memory-runtime.ts) instead of workload
 * processes. Their starts are staggered over one heartbeat period so they do not all beat in the
 * same millisecond. On request it reports how many are connected, its CPU time and RSS, and every
 * 'applied' each agent logged, per node and version.
 */
import { createPublicKey } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { startAgent, type Agent } from '../../../connectors/agent/agent.ts';
import { keyId } from '../../../connectors/signing/keys.ts';
import type { AgentsStart, AgentsStats, FromAgents, ToAgents } from './live-agent-procs.ts';
import { memoryRuntime, type MemoryRuntime } from './live-memory-runtime.ts';

const MAX_QUOTED_PROBLEMS = 5;
const APPLIED = /^applied version (\d+) /;

const agents: { agent: Agent; runtime: MemoryRuntime }[] = [];
const applied: Record<string, Record<string, number>> = {};
let failed = 0;
let refused = 0;
const problems: string[] = [];
const send = (m: FromAgents) => process.send?.(m);
// How long this process's event loop was held up (all its agents wait while one saves its state, say).
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

/** The log sink of one agent: counts what the benchmark checks, keeps the rest quiet. */
function logFor(node: string) {
  return (line: string) => {
    const a = APPLIED.exec(line);
    if (a) {
      const perVersion = (applied[node] ??= {});
      perVersion[a[1]!] = (perVersion[a[1]!] ?? 0) + 1;
      return;
    }
    const bad = line.startsWith('failed version') ? 'failed' : line.startsWith('refused ') ? 'refused' : null;
    if (bad === 'failed') failed++;
    if (bad === 'refused') refused++;
    if ((bad || line.includes('failed')) && problems.length < MAX_QUOTED_PROBLEMS) problems.push(`${node}: ${line.slice(0, 300)}`);
  };
}

async function start(msg: AgentsStart): Promise<void> {
  const publicKey = createPublicKey(msg.trustedKeyPem);
  const trustedKeys = new Map([[keyId(publicKey), publicKey]]);
  const t0 = performance.now();
  await Promise.all(msg.agents.map(async ({ node, startAtMs }) => {
    const wait = startAtMs - (performance.now() - t0);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const stateDir = join(msg.stateDir, node);
    mkdirSync(stateDir, { recursive: true });
    const runtime = memoryRuntime();
    const agent = await startAgent({ brokerUrl: msg.brokerUrl, node, trustedKeys, stateDir, heartbeatMs: msg.heartbeatMs, metricsMs: msg.metricsMs, runtime, log: logFor(node) });
    agents.push({ agent, runtime });
  }));
  send({ type: 'started', agents: agents.length });
}

function stats(): AgentsStats {
  const cpu = process.cpuUsage();
  return {
    type: 'stats', agents: agents.length, connected: agents.filter((a) => a.agent.connected()).length,
    cpuUserUs: cpu.user, cpuSystemUs: cpu.system, atMs: performance.now(), rssBytes: process.memoryUsage().rss,
    applied, runtimeApplies: Object.fromEntries(agents.map((a) => [a.agent.node, a.runtime.nonEmptyApplies()])),
    failed, refused, problems,
    loopDelayMaxMs: loopDelay.max / 1e6, loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  };
}

process.on('message', (m: ToAgents) => {
  const fail = (e: unknown) => send({ type: 'error', message: (e as Error).stack ?? String(e) });
  if (m.type === 'start') start(m).catch(fail);
  else if (m.type === 'stats') { send(stats()); if (m.resetLoopDelay) loopDelay.reset(); }
  else if (m.type === 'stop') {
    Promise.all(agents.map((a) => a.agent.stop())).then(() => { send({ type: 'stopped' }); process.disconnect?.(); }, fail);
  }
});
// The benchmark died: nothing else would end this process.
process.on('disconnect', () => { setTimeout(() => process.exit(0), 100).unref(); });
