/**
 * Telemetry ingest: the gateway's one MQTT v5 client (mqtt.js 5, clientId `edgetwin-gateway`,
 * persistent session — clean: false with a session expiry, so QoS 1 telemetry published while
 * the gateway restarts is queued by the broker) subscribed to every node's heartbeat, status,
 * metrics and report topics (topics.ts). Each message is decoded — control frames with
 * decodeFrame (wire.ts), reports with decode-reports.ts — and a document whose `from`/`node`
 * disagrees with the topic's node is malformed too (an agent may only speak for itself). Good
 * telemetry updates the fleet store; malformed telemetry is counted in
 * `edgetwin_telemetry_malformed_total{kind,reason}`, audited as 'telemetry.malformed' (rate-limited per
 * node, kind and reason, see malformed-throttle.ts) and dropped — never fatal. Heartbeat lag goes to
 * `edgetwin_telemetry_lag_seconds`.
 */
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { decodeFrame, MAX_FRAME_BYTES } from '../../sim-core/orchestrator/control/wire.ts';
import type { GatewayContext } from '../gateway/context.ts';
import type { FleetStore } from '../live/fleet-store.ts';
import { MalformedAuditThrottle } from '../live/malformed-throttle.ts';
import { decodeApplyReport, decodeMetricsReport } from './decode-reports.ts';
import { filterFor, parseTopic, type TopicKind } from './topics.ts';

/** The gateway's MQTT client id (one gateway per broker). */
export const GATEWAY_CLIENT_ID = 'edgetwin-gateway';
/** How long the broker keeps the gateway's session (and queues its QoS 1 telemetry) while it is away. */
export const SESSION_EXPIRY_S = 3600;
/** Topic kinds the gateway subscribes to. */
export const INGEST_KINDS: readonly TopicKind[] = ['heartbeat', 'status', 'metrics', 'report'];
/** Most nodes the ingest creates: telemetry for a new node past this is refused ('fleet-full'), so whoever can publish cannot grow the gateway's memory without bound. */
export const MAX_FLEET_NODES = 100_000;
/** Longest topic or message text quoted in an audit entry. */
const MAX_QUOTED = 200;

/** The ingest's metrics, registered once per registry. */
export interface TelemetryMetrics {
  malformed: Counter<'kind' | 'reason'>;
  lag: Histogram;
  connected: Gauge;
}

/** Gets (or registers) the telemetry metrics on a registry. */
export function telemetryMetrics(registry: Registry): TelemetryMetrics {
  const existing = registry.getSingleMetric('edgetwin_telemetry_malformed_total');
  if (existing) {
    return {
      malformed: existing as Counter<'kind' | 'reason'>,
      lag: registry.getSingleMetric('edgetwin_telemetry_lag_seconds') as Histogram,
      connected: registry.getSingleMetric('edgetwin_telemetry_connected') as Gauge,
    };
  }
  return {
    malformed: new Counter({ name: 'edgetwin_telemetry_malformed_total', help: 'Telemetry messages refused as malformed, by topic kind and reason', labelNames: ['kind', 'reason'] as const, registers: [registry] }),
    lag: new Histogram({ name: 'edgetwin_telemetry_lag_seconds', help: 'Heartbeat receive time minus the time the agent stamped on it', buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry] }),
    connected: new Gauge({ name: 'edgetwin_telemetry_connected', help: '1 while the gateway is connected to the MQTT broker', registers: [registry] }),
  };
}

/** The total of edgetwin_telemetry_malformed_total and its split by "kind/reason". */
export async function malformedCounts(registry: Registry): Promise<{ total: number; by: Record<string, number> }> {
  const m = registry.getSingleMetric('edgetwin_telemetry_malformed_total');
  if (!m) return { total: 0, by: {} };
  const by: Record<string, number> = {};
  let total = 0;
  for (const v of (await m.get()).values) {
    by[`${v.labels.kind}/${v.labels.reason}`] = v.value;
    total += v.value;
  }
  return { total, by };
}

/** What startTelemetryIngest needs. */
export interface TelemetryIngestInput {
  mqttUrl: string;
  fleet: FleetStore;
  ctx: GatewayContext;
  clientId?: string;
  sessionExpiryS?: number;
  /** Extra mqtt.js options (tests: reconnectPeriod). */
  mqttOptions?: Partial<IClientOptions>;
  /** Default MAX_FLEET_NODES. */
  maxNodes?: number;
}

/** A running ingest. */
export interface TelemetryIngest {
  client: MqttClient;
  /** Resolves once the first subscription was granted (messages published after that reach the fleet). */
  subscribed: Promise<void>;
  /** Messages handled and refused since start. */
  stats(): { accepted: number; malformed: number };
  /** Disconnects cleanly (the session stays on the broker for SESSION_EXPIRY_S). */
  stop(): Promise<void>;
}

/** The broker URL without user name and password (for the audit log). */
export function redactedUrl(url: string): string {
  try { const u = new URL(url); u.username = ''; u.password = ''; return u.href; } catch { return '(unparsable broker URL)'; }
}

/** Why a message was refused: a label-safe reason and the message for the audit log. */
interface Refusal { reason: string; message: string }

/** Connects and subscribes; never throws on what arrives. */
export function startTelemetryIngest(input: TelemetryIngestInput): TelemetryIngest {
  const { fleet, ctx } = input;
  const metrics = telemetryMetrics(ctx.metrics);
  const throttle = new MalformedAuditThrottle();
  const maxNodes = input.maxNodes ?? MAX_FLEET_NODES;
  let accepted = 0;
  let refused = 0;
  const client = connect(input.mqttUrl, {
    protocolVersion: 5, clientId: input.clientId ?? GATEWAY_CLIENT_ID, clean: false,
    properties: { sessionExpiryInterval: input.sessionExpiryS ?? SESSION_EXPIRY_S },
    reconnectPeriod: 1000, connectTimeout: 10_000, ...input.mqttOptions,
  });
  const filters = Object.fromEntries(INGEST_KINDS.map((k) => [filterFor(k), { qos: 1 as const }]));
  let markSubscribed!: () => void;
  const subscribed = new Promise<void>((resolve) => { markSubscribed = resolve; });
  client.on('connect', () => {
    metrics.connected.set(1);
    // Subscribing again on a resumed session is harmless and covers a session the broker dropped.
    client.subscribe(filters, (err, granted) => {
      if (err || !granted || granted.some((g) => g.qos >= 0x80)) {
        try {
          ctx.audit.append({ actor: 'system', action: 'telemetry.subscribe', target: redactedUrl(input.mqttUrl), outcome: 'failed', reason: err ? err.message : `broker refused a subscription: ${JSON.stringify(granted)}` });
        } catch { /* the gateway is closing */ }
        return;
      }
      markSubscribed();
    });
  });
  client.on('close', () => metrics.connected.set(0));
  // mqtt.js reconnects by itself; an error event without a listener would crash the gateway.
  client.on('error', () => { /* connection errors are retried; the gauge says whether we are connected */ });

  const malformed = (kind: string, node: string, topic: string, r: Refusal) => {
    refused++;
    metrics.malformed.inc({ kind, reason: r.reason });
    const now = ctx.nowMs();
    const d = throttle.admit(node, `${kind}/${r.reason}`, now);
    if (!d.audit) return;
    try {
      ctx.audit.append({
        actor: 'system', action: 'telemetry.malformed', target: node.slice(0, MAX_QUOTED), outcome: 'refused', reason: r.message.slice(0, MAX_QUOTED * 2),
        detail: { kind, reason: r.reason, topic: topic.slice(0, MAX_QUOTED), suppressedSinceLastEntry: d.suppressed },
      });
    } catch { /* an audit failure (disk full) must not stop telemetry; the counter still moved */ }
  };

  client.on('message', (topic, payload, packet) => {
    try {
      handle(topic, payload, packet.retain === true);
    } catch (e) {
      // A bug in our handling of one message must not stop the ingest.
      malformed('unknown', parseTopic(topic)?.node ?? '?', topic, { reason: 'internal', message: `ingest failed on this message: ${(e as Error).message}` });
    }
  });

  function handle(topic: string, payload: Buffer, retained: boolean): void {
    const t = parseTopic(topic);
    if (!t || !INGEST_KINDS.includes(t.kind)) return malformed('unknown', '?', topic, { reason: 'bad-topic', message: `topic ${JSON.stringify(topic.slice(0, MAX_QUOTED))} is not edgetwin/v1/<node>/<kind>` });
    const { node, kind } = t;
    if (payload.length === 0) return malformed(kind, node, topic, { reason: 'empty', message: `${kind}: empty payload` });
    if (payload.length > MAX_FRAME_BYTES) return malformed(kind, node, topic, { reason: 'too-large', message: `${kind}: ${payload.length} bytes, over the limit of ${MAX_FRAME_BYTES}` });
    if (fleet.size() >= maxNodes && !fleet.node(node)) return malformed(kind, node, topic, { reason: 'fleet-full', message: `${kind}: the fleet already has ${maxNodes} nodes; telemetry for a new node is refused` });
    const text = payload.toString('utf8');
    const receivedMs = ctx.nowMs();
    const mismatch = (said: string): Refusal => ({ reason: 'node-mismatch', message: `${kind}: the document speaks for ${JSON.stringify(said.slice(0, 80))} but came on node ${JSON.stringify(node.slice(0, 80))}'s topic` });
    if (kind === 'heartbeat' || kind === 'status') {
      const d = decodeFrame(text);
      if (!d.ok) return malformed(kind, node, topic, d.error);
      const f = d.frame;
      if (f.kind !== kind) return malformed(kind, node, topic, { reason: 'wrong-kind', message: `${kind}: expected a ${kind} frame, got a ${f.kind} frame` });
      if (f.from !== node) return malformed(kind, node, topic, mismatch(f.from));
      accepted++;
      if (f.kind === 'heartbeat') {
        fleet.heartbeat(f, receivedMs);
        metrics.lag.observe(Math.max(0, receivedMs - f.atMs) / 1000);
      } else if (f.kind === 'status') {
        fleet.status(f, receivedMs, retained);
      }
      return;
    }
    if (kind === 'metrics') {
      const d = decodeMetricsReport(text);
      if (!d.ok) return malformed(kind, node, topic, d.error);
      if (d.value.node !== node) return malformed(kind, node, topic, mismatch(d.value.node));
      accepted++;
      fleet.metrics(d.value, receivedMs);
      return;
    }
    const d = decodeApplyReport(text);
    if (!d.ok) return malformed(kind, node, topic, d.error);
    if (d.value.node !== node) return malformed(kind, node, topic, mismatch(d.value.node));
    accepted++;
    fleet.report(d.value, receivedMs);
  }

  return {
    client, subscribed,
    stats: () => ({ accepted, malformed: refused }),
    async stop() {
      metrics.connected.set(0);
      await client.endAsync();
    },
  };
}
