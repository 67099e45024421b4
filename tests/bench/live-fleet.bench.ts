/**
 * Live-fleet benchmark at 1,000 agents (200 with --quick): a real Mosquitto on loopback, the
 * gateway (buildGateway + gatewayModules(), --mqtt set: the real telemetry ingest into the fleet
 * store) in this process, and the agents split over two child processes
 * (tests/bench/support/live-agents.ts), each running half of them as real startAgent() instances
 * — real MQTT v5 connections with persistent sessions, 1 Hz heartbeats, metrics every 5 s, real
 * signature checks and state files — over an in-memory runtime (support/live-memory-runtime.ts)
 * that "runs" workloads without processes. Starts are staggered over one heartbeat period.
 * Mosquitto is the tests' (real-servers.ts, unchanged): its max_connections defaults to unlimited,
 * so its open-files limit (inherited `ulimit -n`) is what bounds the agents; the bench checks it first.
 *
 * Heartbeats: after every agent is connected and ready in the fleet, a measurement window (30 s,
 * 10 s quick). Telemetry lag is the gateway fleet store's heartbeatLagMs of every heartbeat the
 * ingest hands it in the window (receive time minus the frame's atMs; both Date.now on one
 * machine), not the coarse histogram buckets. CPU: process.cpuUsage deltas over wall time (the
 * gateway is this process, which otherwise sleeps), children report theirs, Mosquitto's from
 * /proc/<pid>/stat; the gateway's idle CPU before any agent is the baseline. One window per run
 * (a full run takes ~1 min): those figures are that window's, not medians.
 *
 * Push: then, on the same fleet, three pushes one after another (each a new service on every
 * node, so each node gets versions 1, 2, 3) in waves 1,10%,50%,100% over MQTT, each plan stored,
 * approved and pushed through the gateway's routes (support/live-push.ts). Rows are medians over
 * the three: push start to done, and when each wave's gate passed. Each agent counts its own
 * 'applied' per (node, version); the bench throws rather than report if any node lost a version
 * or applied one twice.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { gatewayModules } from '../../connectors/gateway/modules.ts';
import { buildGateway, type Gateway } from '../../connectors/gateway/server.ts';
import { createFleetStore, type FleetStore } from '../../connectors/live/fleet-store.ts';
import type { TelemetryIngest } from '../../connectors/mqtt/ingest.ts';
import type { PushRunner } from '../../connectors/push/runner.ts';
import { generateKeyPair, type KeyPair } from '../../connectors/signing/keys.ts';
import { startMosquitto, type Mosquitto } from '../connectors/support/real-servers.ts';
import { median, type BenchResult, type BenchSuite } from './harness.ts';
import { startAgentProcess, type AgentProcess, type AgentsStats } from './support/live-agent-procs.ts';
import { processCpuMs, processOpenFilesLimit, processRssBytes } from './support/live-proc-stat.ts';
import { fleetWidePlan } from './support/live-plan.ts';
import { pushToAll, type PushFigures } from './support/live-push.ts';

const HEARTBEAT_MS = 1000;
const METRICS_MS = 5000;
const CHILDREN = 2;
/** Time after the last agent is ready before the window opens (the stagger settles). */
const SETTLE_MS = 2000;
const MB = 1024 * 1024;
/** Broker file descriptors beyond one per agent (gateway ingest and push clients, persistence, listener). */
const FILES_MARGIN = 64;

/** The q-quantile (0..1) of samples, nearest rank (pure). */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) throw new Error('quantile of no samples');
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

/** Polls `check` every everyMs until true, or throws naming `what` after timeoutMs. */
async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`live-fleet bench: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Heartbeats the fleet store received, with their lag, while `recording` is on. */
interface HeartbeatTap { recording: boolean; lagMs: number[]; perNode: Map<string, number> }

/** Wraps the store's heartbeat() so every heartbeat the ingest hands it is seen (the store is unchanged otherwise). */
function tapHeartbeats(fleet: FleetStore): HeartbeatTap {
  const tap: HeartbeatTap = { recording: false, lagMs: [], perNode: new Map() };
  const inner = fleet.heartbeat.bind(fleet);
  fleet.heartbeat = (frame, receivedMs) => {
    const n = inner(frame, receivedMs);
    if (tap.recording) {
      tap.lagMs.push(n.heartbeatLagMs ?? 0);
      tap.perNode.set(n.id, (tap.perNode.get(n.id) ?? 0) + 1);
    }
    return n;
  };
  return tap;
}

/** The running fleet: broker, gateway, agent children. */
interface Bench {
  broker: Mosquitto;
  gw: Gateway;
  fleet: FleetStore;
  tap: HeartbeatTap;
  key: KeyPair;
  children: AgentProcess[];
  nodes: string[];
  /** The gateway process's CPU % of a core with no agents (baseline, same run). */
  idleGatewayCpuPct: number;
  /** The gateway's push runner (set once the app is ready). */
  runner: () => PushRunner;
}

/** CPU % of one core from a cpu-time delta (ms) over a wall-time delta (ms) (pure). */
const cpuPct = (cpuMs: number, wallMs: number) => (100 * cpuMs) / wallMs;
const childCpuMs = (s: AgentsStats) => (s.cpuUserUs + s.cpuSystemUs) / 1000;

async function setUp(agentsN: number, idleMs: number): Promise<Bench> {
  const broker = await startMosquitto();
  // Mosquitto 2's max_connections defaults to unlimited (-1); what bounds it is the open-files limit it inherits.
  const filesLimit = processOpenFilesLimit(broker.pid);
  if (filesLimit < agentsN + FILES_MARGIN) {
    await broker.stop();
    throw new Error(`live-fleet bench: Mosquitto (pid ${broker.pid}) may open ${filesLimit} files, too few for ${agentsN} agents; raise \`ulimit -n\` to at least ${agentsN + FILES_MARGIN} in the shell that runs the bench`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'edgetwin-live-bench-'));
  const fleet = createFleetStore();
  const tap = tapHeartbeats(fleet);
  const key = generateKeyPair();
  let runner: PushRunner | null = null;
  let ingest: TelemetryIngest | null = null;
  const { modules } = gatewayModules({ fleet, live: { onIngest: (i) => { ingest = i; } }, push: { signer: key, onRunner: (r) => { runner = r; } } });
  const gw = await buildGateway({ dbPath: join(dir, 'gateway.db'), options: { mqttUrl: broker.url, prometheusUrl: null, kubeconfig: null, signingKeyPath: null, approvalsRequired: 1 }, modules });
  // Baseline, same run: the gateway's own CPU, connected to the broker, before any agent exists.
  let idleGatewayCpuPct: number;
  try {
    const subscribed = (ingest as TelemetryIngest | null)?.subscribed;
    if (!subscribed) throw new Error('live-fleet bench: the live module started no MQTT ingest');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([subscribed, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('live-fleet bench: the ingest did not subscribe within 10 s')), 10_000); })]);
    clearTimeout(timer);
    // The plans' evidence comes from the real planner (spawnSync: it blocks this process, the
    // gateway, for seconds); made now, before any agent heartbeats, it cannot stall the ingest later.
    fleetWidePlan(['edge-0000'], 0);
    const idleCpu = process.cpuUsage();
    const idleT0 = performance.now();
    await new Promise((r) => setTimeout(r, idleMs));
    const idleUse = process.cpuUsage(idleCpu);
    idleGatewayCpuPct = cpuPct((idleUse.user + idleUse.system) / 1000, performance.now() - idleT0);
  } catch (e) {
    await gw.close();
    await broker.stop();
    throw e;
  }
  const nodes = Array.from({ length: agentsN }, (_, i) => `edge-${String(i).padStart(4, '0')}`);
  const children = Array.from({ length: CHILDREN }, () => startAgentProcess());
  const bench: Bench = {
    broker, gw, fleet, tap, key, children, nodes, idleGatewayCpuPct,
    runner: () => { if (!runner) throw new Error('live-fleet bench: the push runner did not start'); return runner; },
  };
  try {
    const trustedKeyPem = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    // Node i starts at i/N of a heartbeat period; children take every other node, so both spread evenly.
    const started = await Promise.all(children.map((c, k) => c.start({
      brokerUrl: broker.url, heartbeatMs: HEARTBEAT_MS, metricsMs: METRICS_MS, trustedKeyPem, stateDir: join(dir, `agents-${k}`),
      agents: nodes.flatMap((node, i) => (i % CHILDREN === k ? [{ node, startAtMs: (i * HEARTBEAT_MS) / agentsN }] : [])),
    })));
    if (started.reduce((a, b) => a + b, 0) !== agentsN) throw new Error(`live-fleet bench: ${started.join('+')} agents started, expected ${agentsN}`);
    await until(async () => (await Promise.all(children.map((c) => c.stats()))).reduce((a, s) => a + s.connected, 0) === agentsN, `${agentsN} agents connected`, 60_000, 250);
    await until(() => nodes.every((id) => fleet.node(id)?.state === 'ready' && fleet.node(id)?.heartbeatLagMs !== null), `${agentsN} nodes ready in the fleet with a heartbeat`, 60_000, 250);
  } catch (e) {
    await tearDown(bench);
    throw e;
  }
  return bench;
}

async function tearDown(b: Bench): Promise<void> {
  await Promise.all(b.children.map((c) => c.stop().catch(() => c.kill())));
  await b.gw.close();
  await b.broker.stop();
}

/** The heartbeat window: lag, rate, CPU and memory of every process, false offlines. */
async function heartbeatWindow(b: Bench, windowMs: number): Promise<BenchResult[]> {
  const n = b.nodes.length;
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const notReady = new Map<string, string>();
  const stopWatching = b.fleet.onChange((node) => { if (node.state !== 'ready') notReady.set(node.id, node.state); });
  const before = { kids: await Promise.all(b.children.map((c) => c.stats({ resetLoopDelay: true }))), cpu: process.cpuUsage(), mosqMs: processCpuMs(b.broker.pid), atMs: performance.now() };
  b.tap.recording = true;
  let gwRssMaxBytes = 0;
  let mosqRssMaxBytes = 0;
  const sampleRss = () => { gwRssMaxBytes = Math.max(gwRssMaxBytes, process.memoryUsage().rss); mosqRssMaxBytes = Math.max(mosqRssMaxBytes, processRssBytes(b.broker.pid)); };
  const rssTimer = setInterval(sampleRss, 1000);
  await new Promise((r) => setTimeout(r, windowMs));
  b.tap.recording = false;
  clearInterval(rssTimer);
  sampleRss();
  const cpu = process.cpuUsage(before.cpu);
  const wallMs = performance.now() - before.atMs;
  const mosqCpuMs = processCpuMs(b.broker.pid) - before.mosqMs;
  const after = await Promise.all(b.children.map((c) => c.stats()));
  stopWatching();

  const lag = b.tap.lagMs;
  if (lag.length === 0) throw new Error('live-fleet bench: no heartbeat reached the fleet store in the window');
  const ratePerS = lag.length / (wallMs / 1000);
  const expectedPerS = n * (1000 / HEARTBEAT_MS);
  const silentNodes = b.nodes.filter((id) => !b.tap.perNode.has(id));
  const stillReady = b.nodes.filter((id) => b.fleet.node(id)?.state === 'ready').length;
  const kidCpuPct = after.map((s, i) => cpuPct(childCpuMs(s) - childCpuMs(before.kids[i]!), s.atMs - before.kids[i]!.atMs));
  const p50 = quantile(lag, 0.5);
  const p99 = quantile(lag, 0.99);
  const size = `${n} agents, ${windowMs / 1000} s window`;
  return [
    { name: `heartbeats ingested, ${size}`, value: ratePerS, unit: 'msg/s', target: `>= 99% of ${expectedPerS}/s`, ok: ratePerS >= 0.99 * expectedPerS, note: `${lag.length} heartbeats; ${(100 * ratePerS / expectedPerS).toFixed(1)}% of expected; ${silentNodes.length} node(s) never heard in the window` },
    { name: `telemetry lag p50, ${size}`, value: p50, unit: 'ms', note: 'fleet store heartbeatLagMs per heartbeat: receive minus frame atMs, same clock (ms resolution)' },
    { name: `telemetry lag p99, ${size}`, value: p99, unit: 'ms', target: `< ${HEARTBEAT_MS} ms (one heartbeat period)`, ok: p99 < HEARTBEAT_MS, note: `max ${quantile(lag, 1)} ms` },
    { name: `gateway CPU, ${size}`, value: cpuPct((cpu.user + cpu.system) / 1000, wallMs), unit: '% of a core', note: `process.cpuUsage delta / wall: ingest, fleet store, sweep, events (this process otherwise sleeps); idle baseline before any agent ${b.idleGatewayCpuPct.toFixed(1)} %` },
    { name: `gateway RSS, ${size}`, value: gwRssMaxBytes / MB, unit: 'MB', note: `peak in the window; heap used ${(process.memoryUsage().heapUsed / MB).toFixed(0)} MB at the end` },
    { name: `agent processes CPU, ${size}`, value: kidCpuPct.reduce((a, x) => a + x, 0), unit: '% of a core', note: `two processes of ${after.map((s) => s.agents).join(' + ')} agents: ${kidCpuPct.map((x) => x.toFixed(0)).join(' + ')} %; event loop delay max ${after.map((s) => s.loopDelayMaxMs.toFixed(0)).join(' / ')} ms` },
    { name: `agent processes RSS, ${size}`, value: after.reduce((a, s) => a + s.rssBytes, 0) / MB, unit: 'MB', note: after.map((s) => `${(s.rssBytes / MB).toFixed(0)} MB`).join(' + ') + ` (${(after.reduce((a, s) => a + s.rssBytes, 0) / n / 1024).toFixed(0)} KB per agent)` },
    { name: `Mosquitto CPU, ${size}`, value: cpuPct(mosqCpuMs, wallMs), unit: '% of a core', note: `from /proc/${b.broker.pid}/stat; peak RSS ${(mosqRssMaxBytes / MB).toFixed(0)} MB` },
    { name: `nodes not 'ready' at any time in the window, ${size}`, value: notReady.size, unit: 'nodes', target: '0 (no false offline)', ok: notReady.size === 0 && stillReady === n, note: notReady.size ? `e.g. ${[...notReady].slice(0, 3).map(([id, s]) => `${id} ${s}`).join(', ')}` : `all ${stillReady} ready at the end` },
  ];
}

const WAVES = '1,10%,50%,100%';

/** Pushes, one after another, each a new service to every node (all three count in the medians). */
const PUSH_REPS = 3;

/** The push rows: medians over the pushes of time to converge and of each wave, and the exactly-once check that pushToAll enforced. */
function pushRows(fs: PushFigures[]): BenchResult[] {
  const f = fs[fs.length - 1]!;
  const size = `${f.nodes} agents, waves ${WAVES}, MQTT`;
  const spread = (xs: number[]) => `${fs.length} pushes: ${xs.map((x) => x.toFixed(0)).join(', ')} ms`;
  return [
    { name: `push to all, start to done, ${size}`, value: median(fs.map((x) => x.convergedMs)), unit: 'ms', note: `${spread(fs.map((x) => x.convergedMs))}; last apply report in the fleet at ${median(fs.map((x) => x.lastAppliedMs)).toFixed(0)} ms (median); times from the push events (coalesced, ≤ 50 ms late); default gates (no soak)` },
    ...f.waves.map((w, i) => {
      const passed = fs.map((x) => x.waves[i]!.passedMs);
      return { name: `push wave ${w.index + 1} (${w.nodes} node${w.nodes === 1 ? '' : 's'}) passed, ${size}`, value: median(passed), unit: 'ms after start', note: `${spread(passed)}; its last node's apply report reached the fleet at ${median(fs.map((x) => x.waves[i]!.allAppliedMs)).toFixed(0)} ms (median)` };
    }),
    { name: `push applies, ${size}`, value: f.applies, unit: 'applies', target: `= ${fs.length} × ${f.nodes}, each node each version once`, ok: f.applies === fs.length * f.nodes, note: "counted by each agent's own log ('applied version V') and its runtime; the bench throws instead of reporting when any node lost or repeated one" },
  ];
}

const suite: BenchSuite = {
  name: 'live-fleet',
  async run({ quick }) {
    const agentsN = quick ? 200 : 1000;
    const windowMs = quick ? 10_000 : 30_000;
    const b = await setUp(agentsN, quick ? 2000 : 5000);
    try {
      const rows = await heartbeatWindow(b, windowMs);
      const pushed: Record<string, number[]> = {};
      const figures: PushFigures[] = [];
      // Heartbeats keep flowing while the pushes run: their lag then says whether the gateway keeps up under a push.
      b.tap.lagMs = [];
      b.tap.recording = true;
      const notReady = new Map<string, string>();
      const stopWatching = b.fleet.onChange((node) => { if (node.state !== 'ready') notReady.set(node.id, node.state); });
      await Promise.all(b.children.map((c) => c.stats({ resetLoopDelay: true })));
      const gatewayLoop = monitorEventLoopDelay({ resolution: 10 });
      gatewayLoop.enable();
      try {
        for (let rep = 1; rep <= PUSH_REPS; rep++) {
          figures.push(await pushToAll({ gw: b.gw, fleet: b.fleet, runner: b.runner, children: b.children, nodes: b.nodes, waves: WAVES, timeoutMs: 120_000, rep, pushed }));
        }
      } finally {
        b.tap.recording = false;
        stopWatching();
        gatewayLoop.disable();
      }
      const lag = b.tap.lagMs;
      const kids = await Promise.all(b.children.map((c) => c.stats()));
      const during: BenchResult = {
        name: `telemetry lag p99 during the pushes, ${agentsN} agents`, value: quantile(lag, 0.99), unit: 'ms', target: `< ${HEARTBEAT_MS} ms`, ok: quantile(lag, 0.99) < HEARTBEAT_MS && notReady.size === 0,
        note: `${lag.length} heartbeats over the ${PUSH_REPS} pushes; p50 ${quantile(lag, 0.5)} ms, max ${quantile(lag, 1)} ms; ${notReady.size} node(s) not 'ready' at some point${notReady.size ? ` (${[...new Set(notReady.values())].join(', ')})` : ''}; event loop held up to ${(gatewayLoop.max / 1e6).toFixed(0)} ms in the gateway, ${kids.map((k) => k.loopDelayMaxMs.toFixed(0)).join(' and ')} ms in the agent processes (${agentsN / CHILDREN} agents share each loop; every apply verifies ed25519 and saves state with synchronous fsyncs)`,
      };
      return [...rows, ...pushRows(figures), during];
    } finally {
      await tearDown(b);
    }
  },
};

export default suite;
