/**
 * The MQTT transport of a push: publishes each node's SignedDesiredState on
 * `edgetwin/v1/<node>/desired` (topics.ts), retained and QoS 1 over MQTT v5 (mqtt.js 5), so an
 * agent that is offline gets the latest state when it reconnects. deliver() resolves on the
 * broker's PUBACK. The client keeps a persistent session and reconnects by itself after a broker
 * restart; a publish not yet acknowledged is sent again on reconnect (mqtt.js keeps it in its
 * outgoing store; one that failed outright is re-published here on the next connect).
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { topicFor } from '../mqtt/topics.ts';
import type { SignedDesiredState } from '../signing/desired-state.ts';
import type { PushTransport } from './transport.ts';

/** Client id of the gateway's push publisher (the telemetry ingest uses another). */
export const PUSH_CLIENT_ID = 'edgetwin-gateway-push';
/** Session expiry the publisher asks the broker for (s). */
export const PUSH_SESSION_EXPIRY_S = 3600;
/** How long alreadyDelivered waits for the broker's retained copy after subscribing (ms). */
export const RETAINED_WAIT_MS = 500;
/** Wait between reconnect attempts (ms). */
export const RECONNECT_PERIOD_MS = 500;

/** What the transport needs. */
export interface MqttTransportInput {
  url: string;
  clientId?: string;
  reconnectPeriodMs?: number;
  /** Extra mqtt.js options (credentials, TLS). */
  mqttOptions?: IClientOptions;
}

/** The MQTT transport, with its client (for tests) and counters. */
export interface MqttTransport extends PushTransport {
  client: MqttClient;
  /** Resolves once the client has connected (the first time). */
  connected(): Promise<void>;
  /** Publishes acknowledged by the broker, and publishes sent again after a failure. */
  stats(): { acked: number; republished: number };
}

interface Pending { topic: string; version: number; payload: string; resolve: () => void; reject: (e: Error) => void }

/** Connects to the broker and returns the transport (deliveries wait for the connection). */
export function createMqttTransport(input: MqttTransportInput): MqttTransport {
  const client = mqtt.connect(input.url, {
    protocolVersion: 5, clean: false, clientId: input.clientId ?? PUSH_CLIENT_ID,
    properties: { sessionExpiryInterval: PUSH_SESSION_EXPIRY_S },
    reconnectPeriod: input.reconnectPeriodMs ?? RECONNECT_PERIOD_MS, connectTimeout: 10_000,
    ...input.mqttOptions,
  });
  let closed = false;
  let acked = 0;
  let republished = 0;
  const waiting = new Set<Pending>(); // failed publishes, re-sent on the next connect
  const live = new Set<Pending>();
  let firstConnect: Promise<void> = new Promise((resolve) => client.once('connect', () => resolve()));
  client.on('error', () => { /* reconnects on its own; errors surface through publish callbacks */ });

  const send = (p: Pending) => {
    live.add(p);
    client.publish(p.topic, p.payload, { qos: 1, retain: true }, (err) => {
      live.delete(p);
      if (closed) { p.reject(new Error('mqtt transport closed')); return; }
      if (!err) { acked++; p.resolve(); return; }
      // Refused by the broker (a v5 reason code) or lost with the connection: try again when connected.
      waiting.add(p);
      if (client.connected) setTimeout(() => flush(), input.reconnectPeriodMs ?? RECONNECT_PERIOD_MS).unref();
    });
  };
  // The desired topic is retained: the last message published wins. A failed publish sent again
  // after a newer version for the same node would put the older one back, so it is dropped.
  const latest = new Map<string, number>();
  const superseded = (p: Pending) => (latest.get(p.topic) ?? 0) > p.version;
  const flush = () => {
    if (closed || !client.connected) return;
    for (const p of [...waiting]) {
      waiting.delete(p);
      if (superseded(p)) { p.reject(new Error(`version ${p.version} superseded by version ${latest.get(p.topic)} before it could be sent again`)); continue; }
      republished++;
      send(p);
    }
  };
  client.on('connect', flush);

  return {
    client,
    connected: () => firstConnect,
    stats: () => ({ acked, republished }),
    deliver(node: string, signed: SignedDesiredState) {
      if (closed) return Promise.reject(new Error('mqtt transport closed'));
      if (signed.payload.node !== node) return Promise.reject(new Error(`desired state for ${signed.payload.node} handed to ${node}`));
      const topic = topicFor(node, 'desired');
      const version = signed.payload.version;
      if ((latest.get(topic) ?? 0) > version) return Promise.reject(new Error(`version ${version} for ${node} is older than version ${latest.get(topic)} already sent`));
      latest.set(topic, version);
      return new Promise<void>((resolve, reject) => send({ topic, version, payload: JSON.stringify(signed), resolve, reject }));
    },
    async alreadyDelivered(node: string, signed: SignedDesiredState) {
      if (closed) return false;
      const topic = topicFor(node, 'desired');
      const want = JSON.stringify(signed);
      // Subscribe briefly: the broker sends its retained copy right after the SUBACK (or nothing).
      return new Promise<boolean>((resolve) => {
        let done = false;
        const finish = (v: boolean) => {
          if (done) return;
          done = true;
          client.off('message', onMessage);
          clearTimeout(timer);
          client.unsubscribe(topic, () => resolve(v));
        };
        const onMessage = (t: string, buf: Buffer, packet: { retain?: boolean }) => {
          if (t === topic && packet.retain) finish(buf.toString('utf8') === want);
        };
        const timer = setTimeout(() => finish(false), RETAINED_WAIT_MS);
        client.on('message', onMessage);
        client.subscribe(topic, { qos: 1, rh: 0 }, (err) => { if (err) finish(false); });
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const p of [...waiting, ...live]) p.reject(new Error('mqtt transport closed'));
      waiting.clear();
      firstConnect = Promise.resolve();
      await client.endAsync(true).catch(() => undefined);
    },
  };
}
