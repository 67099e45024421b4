/**
 * What the telemetry tests share: raw mqtt.js 5 clients playing edge agents (heartbeat and
 * status frames on their own topics, a retained 'down' status as last will, killed without a
 * DISCONNECT so the broker fires the will), a gateway with the live module on a real Mosquitto,
 * and polling with a deadline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connectAsync, type MqttClient } from 'mqtt';
import type { HeartbeatFrame, StatusFrame } from '../../../../sim-core/orchestrator/control/wire.ts';
import { topicFor } from '../../../../connectors/mqtt/topics.ts';
import { createFleetStore, type FleetStore } from '../../../../connectors/live/fleet-store.ts';
import { liveModule } from '../../../../connectors/live/live-module.ts';
import { fleetRoutes } from '../../../../connectors/live/fleet-routes.ts';
import type { TelemetryIngest } from '../../../../connectors/mqtt/ingest.ts';
import { offlineOptions, testGateway, type TestGateway } from '../../gateway/support/gateway.ts';
import { auditRoutes } from '../../../../connectors/gateway/audit-routes.ts';
import { plansRoutes } from '../../../../connectors/gateway/plans-routes.ts';

/** Polls `probe` every intervalMs until it returns a truthy value; throws with `what` after timeoutMs. */
export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 10_000, intervalMs = 40): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try { const v = await probe(); if (v) return v as NonNullable<T>; last = v; } catch (e) { last = e; }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const heartbeatFrame = (from: string, atMs: number): HeartbeatFrame => ({ v: 1, kind: 'heartbeat', from, to: 'gateway', atMs, observed: null, ack: null, needsStart: false });
export const statusFrame = (from: string, atMs: number, state: StatusFrame['state'], running: string[] = []): StatusFrame => ({ v: 1, kind: 'status', from, to: 'gateway', atMs, state, running });

/** A test agent over a raw MQTT v5 connection. */
export interface TestAgent {
  id: string;
  client: MqttClient;
  heartbeat(atMs?: number): Promise<void>;
  status(state: StatusFrame['state'], running?: string[]): Promise<void>;
  /** Raw publish on one of this node's topics (or any topic). */
  publish(topic: string, payload: string | Buffer, retain?: boolean): Promise<void>;
  /** Heartbeats every periodMs until stop() or kill(). */
  beat(periodMs: number): void;
  /** Cuts the TCP connection without DISCONNECT: the broker publishes the last will. */
  kill(): void;
  /** Disconnects cleanly (no will). */
  stop(): Promise<void>;
}

/** Connects an agent for node `id`, with a retained 'down' status as last will unless `will: false`. */
export async function startAgent(url: string, id: string, opts: { will?: boolean; running?: string[] } = {}): Promise<TestAgent> {
  const client = await connectAsync(url, {
    protocolVersion: 5, clientId: `agent-${id}-${process.pid}`, clean: true, reconnectPeriod: 0,
    ...(opts.will === false ? {} : { will: { topic: topicFor(id, 'status'), payload: Buffer.from(JSON.stringify(statusFrame(id, Date.now(), 'down', opts.running ?? []))), qos: 1, retain: true } }),
  });
  let timer: NodeJS.Timeout | null = null;
  const pub = async (topic: string, payload: string | Buffer, retain = false) => { await client.publishAsync(topic, payload, { qos: 1, retain }); };
  const a: TestAgent = {
    id, client,
    heartbeat: (atMs = Date.now()) => pub(topicFor(id, 'heartbeat'), JSON.stringify(heartbeatFrame(id, atMs))),
    status: (state, running = opts.running ?? []) => pub(topicFor(id, 'status'), JSON.stringify(statusFrame(id, Date.now(), state, running)), true),
    publish: pub,
    beat(periodMs) { timer = setInterval(() => { a.heartbeat().catch(() => undefined); }, periodMs); },
    kill() { if (timer) clearInterval(timer); client.stream.destroy(); client.end(true); },
    async stop() { if (timer) clearInterval(timer); await client.endAsync(); },
  };
  return a;
}

/** A gateway with the live module and fleet routes on the broker at mqttUrl, its ingest subscribed. */
export async function liveGateway(mqttUrl: string, over: { heartbeatIntervalMs?: number; dbPath?: string; clientId?: string; maxNodes?: number } = {}): Promise<{ gw: TestGateway; fleet: FleetStore; ingest: TelemetryIngest }> {
  const fleet = createFleetStore({ heartbeatIntervalMs: over.heartbeatIntervalMs ?? 200, silentHeartbeats: 5 });
  let ingest: TelemetryIngest | null = null;
  const gw = await testGateway({
    options: { ...offlineOptions(), mqttUrl },
    // Its own module list (gatewayModules with test intervals would do the same), so the ingest's client id and intervals are the test's.
    modules: [auditRoutes, plansRoutes(), liveModule(fleet, { sweepEveryMs: 50, eventThrottleMs: 100, persistEveryMs: 200, ingest: { clientId: over.clientId ?? `edgetwin-gateway-${process.pid}`, ...(over.maxNodes ? { maxNodes: over.maxNodes } : {}) }, onIngest: (i) => { ingest = i; } }), fleetRoutes(fleet)],
    ...(over.dbPath ? { dbPath: over.dbPath } : {}),
  });
  await waitFor('the gateway to subscribe', () => ingest?.subscribed.then(() => true));
  return { gw, fleet, ingest: ingest! };
}

/** The result of a CLI run. */
export interface CliResult { code: number | null; stdout: string; stderr: string }

/** Starts the edgetwin CLI (with record and replay, see live-cli-main.ts) as a child process. */
export function startCli(args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const shim = new URL('./live-cli.mjs', import.meta.url).pathname;
  const root = new URL('../../../../', import.meta.url).pathname;
  const child = spawn(process.execPath, [shim, ...args], { cwd: root, env: { ...process.env, CI: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => { stdout += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
  const done = new Promise<CliResult>((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

/** Runs the CLI to its end. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return startCli(args, env).done;
}

/** The base URL of a test gateway after making it listen on a free loopback port. */
export async function listen(gw: TestGateway): Promise<string> {
  await gw.app.listen({ port: 0, host: '127.0.0.1' });
  const a = gw.app.server.address();
  if (typeof a !== 'object' || !a) throw new Error('the gateway did not listen');
  return `http://127.0.0.1:${a.port}/`;
}
