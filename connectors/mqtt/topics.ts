/**
 * The MQTT topics of the live fleet (MQTT v5, QoS 1). Everything is under `edgetwin/v1/<node>/`:
 *
 *   heartbeat  agent → gateway  a control wire HeartbeatFrame (orchestrator/control/wire.ts), 1 Hz by default
 *   status     agent → gateway  a wire StatusFrame, retained; the agent's last will is a retained
 *                               StatusFrame with state 'down', so a vanished agent reads as offline
 *   metrics    agent → gateway  a MetricsReport (connectors/mqtt/metrics-report.ts)
 *   desired    gateway → agent  a SignedDesiredState (connectors/signing/desired-state.ts), retained,
 *                               so an agent that was offline gets the latest on reconnect
 *   report     agent → gateway  an ApplyReport: what the agent did with a desired state (applied or refused, why)
 *
 * Node ids in topics must not contain MQTT's special characters.
 */

/** Topic root and protocol version. */
export const TOPIC_ROOT = 'edgetwin/v1';

/** The per-node topic kinds. */
export type TopicKind = 'heartbeat' | 'status' | 'metrics' | 'desired' | 'report';
export const TOPIC_KINDS: readonly TopicKind[] = ['heartbeat', 'status', 'metrics', 'desired', 'report'];

/** True when a node id can appear in a topic level (no '/', '+', '#', NUL, not empty, at most 256 chars). */
export function validTopicNode(node: string): boolean {
  return node.length > 0 && node.length <= 256 && !/[/+#\u0000]/.test(node);
}

/** `edgetwin/v1/<node>/<kind>`; throws on a node id that cannot be a topic level (a programmer error: validate first). */
export function topicFor(node: string, kind: TopicKind): string {
  if (!validTopicNode(node)) throw new Error(`topicFor: node id ${JSON.stringify(node)} cannot be an MQTT topic level`);
  return `${TOPIC_ROOT}/${node}/${kind}`;
}

/** The subscription filter for one kind from every node: `edgetwin/v1/+/<kind>`. */
export function filterFor(kind: TopicKind): string {
  return `${TOPIC_ROOT}/+/${kind}`;
}

/** Splits a topic into node and kind; null when it is not one of ours. */
export function parseTopic(topic: string): { node: string; kind: TopicKind } | null {
  const parts = topic.split('/');
  if (parts.length !== 4 || `${parts[0]}/${parts[1]}` !== TOPIC_ROOT) return null;
  const kind = parts[3] as TopicKind;
  if (!TOPIC_KINDS.includes(kind) || !validTopicNode(parts[2]!)) return null;
  return { node: parts[2]!, kind };
}
