/**
 * What the agent tests watch the broker with: a real mqtt.js v5 client subscribed to one node's
 * topics that keeps every message (parsed JSON, retain flag), a publisher for desired states, and
 * polling with a deadline.
 */
import { connectAsync, type MqttClient } from 'mqtt';
import { topicFor, type TopicKind } from '../../../../connectors/mqtt/topics.ts';

/** One message seen. */
export interface Seen { kind: TopicKind; json: unknown; text: string; retain: boolean }

/** A subscriber to `edgetwin/v1/<node>/#`. */
export interface Watcher {
  seen: Seen[];
  of(kind: TopicKind): Seen[];
  close(): Promise<void>;
}

/** Polls `cond` every 20 ms until it returns a truthy value; throws naming `what` after timeoutMs. */
export async function until<T>(cond: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = cond();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Subscribes to every topic of `node` (retained messages included) and resolves once subscribed. */
export async function watch(url: string, node: string): Promise<Watcher> {
  const client = await connectAsync(url, { protocolVersion: 5, clean: true, reconnectPeriod: 200 });
  const seen: Seen[] = [];
  client.on('message', (topic, payload, packet) => {
    const kind = topic.split('/')[3] as TopicKind;
    const text = payload.toString('utf8');
    let json: unknown = null;
    try { json = JSON.parse(text); } catch { /* kept as text */ }
    seen.push({ kind, json, text, retain: packet.retain });
  });
  await client.subscribeAsync(`edgetwin/v1/${node}/#`, { qos: 1 });
  return { seen, of: (kind) => seen.filter((s) => s.kind === kind), close: () => client.endAsync(true) };
}

/** Publishes `body` (an object as JSON, or raw text) on the node's desired topic, QoS 1, retained unless said otherwise. */
export async function publishDesired(url: string, node: string, body: unknown, retain = true): Promise<void> {
  const client: MqttClient = await connectAsync(url, { protocolVersion: 5, clean: true, reconnectPeriod: 0 });
  try {
    await client.publishAsync(topicFor(node, 'desired'), typeof body === 'string' ? body : JSON.stringify(body), { qos: 1, retain });
  } finally {
    await client.endAsync();
  }
}

/** True when a process with this PID exists. */
export function pidAlive(pid: number | null | undefined): boolean {
  if (!pid) return false;
  try { process.kill(pid, 0); return true; } catch { return false; }
}
