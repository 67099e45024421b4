/**
 * The reference edge agent (`edgetwin agent`): one node's side of the live fleet over MQTT v5.
 * On start it loads its last good state from disk, re-verifies it and runs it before it even
 * tries the broker (local autonomy), then keeps a persistent session (clean: false, session
 * expiry, QoS 1, reconnects) with a retained last will marking it down. It subscribes its
 * `desired` topic; every desired state is decided by acceptDesiredState, applied through the
 * runtime, saved atomically and reported on `report` — or refused, logged with its reason and
 * reported. The same state received again (a retained redelivery) is ignored. It heartbeats,
 * publishes a retained status on connect and whenever the running set changes, and a metrics
 * report with its own CPU and memory.
 */
import type { KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { connect, type MqttClient } from 'mqtt';
import { MAX_FRAME_BYTES, encodeFrame, type StatusFrame } from '../../sim-core/orchestrator/control/wire.ts';
import { canonicalJson } from '../../sim-core/whatif/plan/canonical-json.ts';
import type { ApplyReport } from '../mqtt/reports.ts';
import { topicFor, validTopicNode } from '../mqtt/topics.ts';
import type { SignedDesiredState } from '../signing/desired-state.ts';
import { acceptDesiredState, MAX_ID_CHARS, type ReceivedIds, type RefusalReason } from './accept.ts';
import { applyReport, cpuFraction, heartbeatFrame, metricsReport, runningServices, statusFrame } from './messages.ts';
import { processRuntime } from './process-runtime.ts';
import type { Runtime, WorkloadHealth } from './runtime.ts';
import { loadState, saveState } from './state-store.ts';

/** How the agent is started. */
export interface AgentOptions {
  /** mqtt://host:port (or mqtts, ws, wss). */
  brokerUrl: string;
  /** This node's id (a topic level: no '/', '+', '#'). */
  node: string;
  /** keyId → public key of every gateway key trusted. */
  trustedKeys: ReadonlyMap<string, KeyObject>;
  /** Where the last good state is kept. */
  stateDir: string;
  /** Heartbeat period, ms (default 1000). */
  heartbeatMs?: number;
  /** Metrics report period, ms (default 5000). */
  metricsMs?: number;
  /** Wait between reconnect attempts, ms (default 1000). */
  reconnectMs?: number;
  /** How long the broker keeps the session while the agent is away, s (default 1 day). */
  sessionExpiryS?: number;
  /** The runtime workloads are applied through (default: the process runtime). */
  runtime?: Runtime;
  /** Log line sink (default: stderr). */
  log?: (line: string) => void;
  /** Wall clock, ms since the epoch (default Date.now). */
  nowMs?: () => number;
}

/** A running agent. */
export interface Agent {
  node: string;
  /** The desired-state version running (0 before any). */
  runningVersion(): number;
  /** The signed state running, or null. */
  runningState(): SignedDesiredState | null;
  /** Health of the declared workloads now. */
  health(): WorkloadHealth[];
  /** True while connected to the broker. */
  connected(): boolean;
  /** Publishes a retained 'down' status when connected, disconnects, and stops the workloads unless leaveWorkloads. */
  stop(opts?: { leaveWorkloads?: boolean }): Promise<void>;
}

/** The MQTT client id of a node's agent (stable, so the broker keeps its session). */
export function agentClientId(node: string): string {
  return `edgetwin-agent-${node}`;
}

/** A desired-state message read from bytes: parsed JSON, or why not (pure). */
export function parseDesiredBytes(bytes: Buffer): { ok: true; raw: unknown } | { ok: false; message: string } {
  if (bytes.length > MAX_FRAME_BYTES) return { ok: false, message: `desired state: ${bytes.length} bytes, over the limit of ${MAX_FRAME_BYTES}` };
  try {
    return { ok: true, raw: JSON.parse(bytes.toString('utf8')) };
  } catch (e) {
    return { ok: false, message: `desired state: not JSON (${(e as Error).message})` };
  }
}

/** The file in the state directory where the default runtime records its workload PIDs. */
export const WORKLOADS_FILE = 'workloads.json';
/** Longest stop() waits for the broker to take the final 'down' status, ms. */
const STOP_PUBLISH_TIMEOUT_MS = 2000;
const NO_IDS: ReceivedIds = { version: null, pushId: null, planHash: null };
const sameJson = (a: unknown, b: unknown): boolean => { try { return canonicalJson(a) === canonicalJson(b); } catch { return false; } };

/** Starts the agent: runs the saved state (if it verifies), then connects; resolves once the saved state runs. */
export async function startAgent(opts: AgentOptions): Promise<Agent> {
  const { node, trustedKeys, stateDir } = opts;
  if (!validTopicNode(node) || node.length > MAX_ID_CHARS) throw new Error(`startAgent: node id ${JSON.stringify(node)} cannot be an MQTT topic level`);
  const heartbeatMs = opts.heartbeatMs ?? 1000;
  const metricsMs = opts.metricsMs ?? 5000;
  const nowMs = opts.nowMs ?? Date.now;
  const log = opts.log ?? ((line: string) => process.stderr.write(`${new Date().toISOString()} agent ${node}: ${line}\n`));
  const runtime = opts.runtime ?? processRuntime({ log, pidFile: join(stateDir, WORKLOADS_FILE) });
  const topic = { heartbeat: topicFor(node, 'heartbeat'), status: topicFor(node, 'status'), metrics: topicFor(node, 'metrics'), desired: topicFor(node, 'desired'), report: topicFor(node, 'report') };

  let running: SignedDesiredState | null = null;
  let stopped = false;
  const pendingReports: ApplyReport[] = [];

  // Local autonomy: the last good state runs before the broker is even tried.
  const loaded = loadState(stateDir, { node, trustedKeys });
  if (loaded.ok) {
    const applied = await runtime.apply(loaded.state.payload.workloads);
    running = loaded.state;
    const failed = applied.filter((w) => w.error !== null);
    log(`resumed version ${loaded.state.payload.version} from ${loaded.path}: ${applied.length} workload(s)${failed.length ? `, ${failed.length} failed to start (${failed.map((w) => `${w.service}: ${w.error}`).join('; ')})` : ''}`);
  } else {
    if (loaded.reason !== 'absent') {
      log(`refused saved state ${loaded.reason}: ${loaded.message}; starting at version 0 with nothing running`);
      pendingReports.push(applyReport(node, nowMs(), { received: NO_IDS, outcome: 'refused', reason: loaded.reason, runningVersion: 0, workloads: [] }));
    }
    await runtime.apply([]); // nothing runs: also stops what a dead predecessor left running
  }
  const runningVersion = () => running?.payload.version ?? 0;

  const downFrame = () => encodeFrame(statusFrame(node, 'down', [], nowMs()));
  const client: MqttClient = connect(opts.brokerUrl, {
    protocolVersion: 5,
    clientId: agentClientId(node),
    clean: false,
    properties: { sessionExpiryInterval: opts.sessionExpiryS ?? 86_400 },
    reconnectPeriod: opts.reconnectMs ?? 1000,
    connectTimeout: 10_000,
    resubscribe: false, // subscribed on every connect below
    will: { topic: topic.status, payload: Buffer.from(downFrame()), qos: 1, retain: true },
  });

  const publish = (t: string, body: string, retain = false) => {
    client.publish(t, body, { qos: 1, retain }, (err) => { if (err && !stopped) log(`publish on ${t} failed: ${err.message}`); });
  };
  let lastStatus = '';
  const publishStatus = (state: StatusFrame['state'] = 'ready') => {
    const health = runtime.health();
    lastStatus = `${state} ${runningServices(health).join(',')}`;
    publish(topic.status, encodeFrame(statusFrame(node, state, health, nowMs())), true);
  };
  const report = (r: ApplyReport) => publish(topic.report, JSON.stringify(r));

  let lastError = '';
  client.on('connect', (connack) => {
    lastError = '';
    // mqtt.js leaves Nagle on: a report written just after another packet waited ~40 ms for a delayed ACK.
    (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    log(`connected to ${opts.brokerUrl} (session ${connack.sessionPresent ? 'resumed' : 'new'}); running version ${runningVersion()}`);
    publishStatus('ready');
    for (const r of pendingReports.splice(0)) report(r);
    client.subscribe(topic.desired, { qos: 1 }, (err) => { if (err && !stopped) log(`subscribe ${topic.desired} failed: ${err.message}`); });
  });
  client.on('close', () => {
    if (client.options.will) client.options.will.payload = Buffer.from(downFrame());
  });
  client.on('offline', () => { if (!stopped) log(`broker ${opts.brokerUrl} unreachable; running version ${runningVersion()} on, reconnecting`); });
  client.on('error', (e) => {
    if (e.message !== lastError && !stopped) log(`mqtt: ${e.message}`);
    lastError = e.message;
  });

  // One desired state at a time, in arrival order.
  let chain: Promise<void> = Promise.resolve();
  client.on('message', (t, bytes) => {
    if (t !== topic.desired) return;
    chain = chain.then(() => onDesired(bytes)).catch((e) => log(`desired state handling failed: ${(e as Error).stack ?? e}`));
  });

  const refuse = (reason: RefusalReason, message: string, received: ReceivedIds) => {
    log(`refused ${reason}: ${message}`);
    report(applyReport(node, nowMs(), { received, outcome: 'refused', reason, runningVersion: runningVersion(), workloads: runtime.health() }));
  };

  async function onDesired(bytes: Buffer): Promise<void> {
    if (stopped) return;
    if (bytes.length === 0) { log('desired: the retained state was cleared; keeping version ' + runningVersion()); return; }
    const parsed = parseDesiredBytes(bytes);
    if (!parsed.ok) return refuse('malformed', parsed.message, NO_IDS);
    if (running && sameJson(parsed.raw, running)) return; // redelivery of the state running: nothing to do
    const d = acceptDesiredState(parsed.raw, { node, trustedKeys, runningVersion: runningVersion(), nowMs: nowMs() });
    if (!d.ok) return refuse(d.reason, d.message, d.received);
    const p = d.state.payload;
    const problems: string[] = [];
    try {
      const applied = await runtime.apply(p.workloads);
      for (const w of applied) if (w.error !== null) problems.push(`${w.service}: ${w.error}`);
    } catch (e) {
      problems.push(`runtime: ${(e as Error).message}`);
    }
    running = d.state;
    try {
      saveState(stateDir, d.state);
    } catch (e) {
      problems.push(`state not saved in ${stateDir}: ${(e as Error).message}`);
    }
    const outcome = problems.length ? 'failed' : 'applied';
    log(`${outcome} version ${p.version} (push ${p.pushId}, plan ${p.planHash}): ${p.workloads.length} workload(s)${problems.length ? `; ${problems.join('; ')}` : ''}`);
    report(applyReport(node, nowMs(), { received: { version: p.version, pushId: p.pushId, planHash: p.planHash }, outcome, reason: problems.length ? problems.join('; ') : null, runningVersion: p.version, workloads: runtime.health() }));
    publishStatus('ready');
  }

  const heartbeat = setInterval(() => {
    if (!client.connected) return; // a heartbeat queued while offline would be stale on arrival
    publish(topic.heartbeat, encodeFrame(heartbeatFrame(node, nowMs())));
    const health = runtime.health();
    if (`ready ${runningServices(health).join(',')}` !== lastStatus) publishStatus('ready'); // a workload died
  }, heartbeatMs);
  let cpuBefore = process.cpuUsage();
  let atBefore = process.hrtime.bigint();
  const metrics = setInterval(() => {
    const cpu = process.cpuUsage(cpuBefore);
    const at = process.hrtime.bigint();
    const intervalMs = Number(at - atBefore) / 1e6;
    cpuBefore = process.cpuUsage();
    atBefore = at;
    if (!client.connected) return;
    const services = (running?.payload.workloads ?? []).map((w) => w.service);
    const r = metricsReport(node, nowMs(), Math.max(1, Math.round(intervalMs)), cpuFraction(cpu.user + cpu.system, intervalMs, availableParallelism()), process.memoryUsage().rss, services);
    publish(topic.metrics, JSON.stringify(r));
  }, metricsMs);

  return {
    node,
    runningVersion,
    runningState: () => running,
    health: () => runtime.health(),
    connected: () => client.connected,
    async stop(stopOpts = {}) {
      if (stopped) return;
      stopped = true;
      clearInterval(heartbeat);
      clearInterval(metrics);
      await chain;
      if (!stopOpts.leaveWorkloads) await runtime.stopAll();
      if (client.connected) {
        const down = encodeFrame(statusFrame(node, 'down', stopOpts.leaveWorkloads ? runtime.health() : [], nowMs()));
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          client.publishAsync(topic.status, down, { qos: 1, retain: true }).catch(() => undefined),
          new Promise((r) => { timer = setTimeout(r, STOP_PUBLISH_TIMEOUT_MS); }),
        ]);
        clearTimeout(timer);
      }
      await client.endAsync(!client.connected);
      log(`stopped at version ${runningVersion()}${stopOpts.leaveWorkloads ? ', workloads left running' : ''}`);
    },
  };
}
