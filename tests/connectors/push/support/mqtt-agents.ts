/**
 * Stand-ins for the edge agent in the push tests, as plain mqtt.js 5 clients on a real broker:
 * each subscribes its `desired` topic, verifies the signature with the gateway's public key,
 * applies only a version above the one it runs (as the real agent does), and answers with an
 * ApplyReport, a retained StatusFrame and a MetricsReport. Beside them, a small FleetView fed from
 * the same topics (the gateway's real telemetry ingest is another helper's), and a recorder of
 * every desired message the broker hands out.
 */
import type { KeyObject } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { FleetNode, FleetView } from '../../../../connectors/live/fleet-node.ts';
import type { ApplyReport, MetricsReport } from '../../../../connectors/mqtt/reports.ts';
import { filterFor, parseTopic, topicFor } from '../../../../connectors/mqtt/topics.ts';
import type { SignedDesiredState } from '../../../../connectors/signing/desired-state.ts';
import { signatureValid } from '../../../../connectors/signing/keys.ts';
import { decodeFrame, type StatusFrame } from '../../../../sim-core/orchestrator/control/wire.ts';
import { blankNode } from './fixtures.ts';

/** A fake agent. */
export interface FakeAgent {
  node: string;
  /** Versions it applied, in order. */
  applied: number[];
  /** Desired states it received (duplicates included). */
  received: SignedDesiredState[];
  running(): number;
  /** Connects (again); resolves once subscribed. */
  start(): Promise<void>;
  /** Disconnects without a clean end of session (the broker keeps it and queues QoS 1 for it). */
  stop(): Promise<void>;
}

/** Starts (or, with `connect: false`, only prepares) an agent for `node`. */
export function fakeAgent(url: string, node: string, trust: KeyObject, opts: { connect?: boolean; latencyMsP95?: (version: number) => number; reannounceMs?: number } = {}): FakeAgent & { ready: Promise<void> } {
  let client: MqttClient | null = null;
  let lastReport: string | null = null;
  let reannounce: NodeJS.Timeout | null = null;
  let version = 0;
  let services: string[] = [];
  const a: FakeAgent = {
    node, applied: [], received: [],
    running: () => version,
    async start() {
      const c = mqtt.connect(url, {
        protocolVersion: 5, clean: false, clientId: `fake-agent-${node}`, reconnectPeriod: 200, properties: { sessionExpiryInterval: 600 },
        will: { topic: topicFor(node, 'status'), payload: Buffer.from(JSON.stringify(status('down'))), qos: 1, retain: true },
      });
      client = c;
      c.on('error', () => {});
      c.on('message', (_t, buf) => onDesired(c, buf));
      await new Promise<void>((resolve) => c.once('connect', () => resolve()));
      await c.subscribeAsync(topicFor(node, 'desired'), { qos: 1 });
      await c.publishAsync(topicFor(node, 'status'), JSON.stringify(status('ready')), { qos: 1, retain: true });
      // The gateway learns versions from reports; a restarted gateway missed the old ones, so this stand-in repeats its last.
      if (opts.reannounceMs) reannounce = setInterval(() => { if (lastReport) void c.publishAsync(topicFor(node, 'report'), lastReport, { qos: 1 }).catch(() => {}); }, opts.reannounceMs);
      // As the real agent does: say it is up again after every reconnect (its last will may have fired).
      c.on('connect', () => { void c.publishAsync(topicFor(node, 'status'), JSON.stringify(status('ready')), { qos: 1, retain: true }).catch(() => {}); });
    },
    async stop() {
      const c = client;
      client = null;
      if (reannounce) clearInterval(reannounce);
      // end(true) closes the socket at once; the session stays on the broker (clean: false).
      await c?.endAsync(true);
    },
  };
  const status = (state: StatusFrame['state']): StatusFrame => ({ v: 1, kind: 'status', from: node, to: 'gateway', atMs: Date.now(), state, running: services });
  const onDesired = (c: MqttClient, buf: Buffer) => {
    let signed: SignedDesiredState;
    try { signed = JSON.parse(buf.toString('utf8')) as SignedDesiredState; } catch { return; }
    a.received.push(signed);
    const v = signed.payload.version;
    const report = (outcome: ApplyReport['outcome'], reason: string | null): ApplyReport => ({
      v: 1, node, atMs: Date.now(), version: v, pushId: signed.payload.pushId, planHash: signed.payload.planHash, outcome, reason, runningVersion: version,
      workloads: services.map((service) => ({ service, healthy: true, pid: null })),
    });
    if (!signatureValid(signed, trust) || signed.payload.node !== node) { void c.publishAsync(topicFor(node, 'report'), JSON.stringify(report('refused', 'bad-signature')), { qos: 1 }); return; }
    if (v <= version) { void c.publishAsync(topicFor(node, 'report'), JSON.stringify(report('refused', 'not-newer')), { qos: 1 }); return; }
    version = v;
    services = signed.payload.workloads.map((w) => w.service);
    a.applied.push(v);
    const metrics: MetricsReport = {
      v: 1, node, atMs: Date.now() + 1, intervalMs: 1000, cpuUtilization: 0.1, memoryBytes: 1,
      apps: Object.fromEntries(services.map((s) => [s, { requests: 10, errorRate: 0, latencyMsP50: 1, latencyMsP95: opts.latencyMsP95?.(v) ?? 5 }])),
    };
    lastReport = JSON.stringify(report('applied', null));
    void c.publishAsync(topicFor(node, 'report'), lastReport, { qos: 1 })
      .then(() => c.publishAsync(topicFor(node, 'status'), JSON.stringify(status('ready')), { qos: 1, retain: true }))
      .then(() => c.publishAsync(topicFor(node, 'metrics'), JSON.stringify(metrics), { qos: 1 }))
      .catch(() => {});
  };
  const ready = opts.connect === false ? Promise.resolve() : a.start();
  return { ...a, ready };
}

/** A FleetView fed from status, report and metrics topics on the broker. */
export interface MqttFleet extends FleetView { ready: Promise<void>; close(): Promise<void> }

/**
 * Follows the fleet's telemetry on `url`. With `persistent` it keeps its session on the broker
 * (clean: false), as the gateway's ingest does: QoS 1 reports sent while it was gone, or not yet
 * acknowledged when it died, come to it again.
 */
export function mqttFleet(url: string, clientId = `test-fleet-${process.pid}-${Math.floor(performance.now())}`, opts: { persistent?: boolean } = {}): MqttFleet {
  const nodes = new Map<string, FleetNode>();
  const listeners = new Set<(n: FleetNode) => void>();
  const c = mqtt.connect(url, { protocolVersion: 5, clean: !opts.persistent, clientId, reconnectPeriod: 200, ...(opts.persistent ? { properties: { sessionExpiryInterval: 600 } } : {}) });
  c.on('error', () => {});
  const ready = new Promise<void>((resolve) => c.once('connect', () => {
    void c.subscribeAsync([filterFor('status'), filterFor('report'), filterFor('metrics')], { qos: 1 }).then(() => resolve());
  }));
  c.on('message', (topic, buf) => {
    const t = parseTopic(topic);
    if (!t) return;
    const n: FleetNode = { ...(nodes.get(t.node) ?? blankNode(t.node)), lastSeenMs: Date.now() };
    try {
      if (t.kind === 'status') {
        const d = decodeFrame(buf.toString('utf8'));
        if (!d.ok || d.frame.kind !== 'status') return;
        n.state = d.frame.state === 'down' ? 'offline' : d.frame.state;
        n.running = d.frame.running;
      } else if (t.kind === 'report') {
        const r = JSON.parse(buf.toString('utf8')) as ApplyReport;
        n.lastReport = r;
        n.runningVersion = r.runningVersion;
      } else if (t.kind === 'metrics') {
        n.metrics = JSON.parse(buf.toString('utf8')) as MetricsReport;
      } else return;
    } catch { return; }
    nodes.set(t.node, n);
    for (const l of listeners) l(n);
  });
  return {
    ready,
    node: (id) => nodes.get(id),
    nodes: () => [...nodes.values()],
    onChange(l) { listeners.add(l); return () => listeners.delete(l); },
    async close() { await c.endAsync(true); },
  };
}

/** Records every desired message published after it subscribed (not the retained ones it finds). */
export async function desiredRecorder(url: string): Promise<{ seen: { node: string; version: number; text: string }[]; close(): Promise<void> }> {
  const seen: { node: string; version: number; text: string }[] = [];
  const c = mqtt.connect(url, { protocolVersion: 5, clean: true, clientId: `test-recorder-${process.pid}-${Math.floor(performance.now())}`, reconnectPeriod: 200 });
  c.on('error', () => {});
  c.on('message', (topic, buf, packet) => {
    if (packet.retain) return; // a retained copy replayed on (re)subscribe is not a new delivery
    const t = parseTopic(topic);
    if (!t) return;
    const text = buf.toString('utf8');
    seen.push({ node: t.node, version: (JSON.parse(text) as SignedDesiredState).payload.version, text });
  });
  await new Promise<void>((resolve) => c.once('connect', () => resolve()));
  await c.subscribeAsync(filterFor('desired'), { qos: 1, rap: false });
  return { seen, close: async () => { await c.endAsync(true); } };
}
