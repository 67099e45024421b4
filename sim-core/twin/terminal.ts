/**
 * Terminal states of a message: every path that ends a message goes through one of these, so
 * the lifecycle counters (and the conservation check) cannot miss one.
 */
import type { DropReason, LossReason } from './lifecycle-counts.ts';
import type { TwinState } from './state.ts';
import { Stage } from './message-table.ts';

function nodeName(s: TwinState, m: number): string {
  return s.fabric.topology.nodeId(s.messages.table.node[m]!);
}

/** Ends m as delivered and records its end-to-end latency against its app's SLO. */
export function deliverMessage(s: TwinState, m: number): void {
  const app = s.graph.streamApp[s.messages.table.stream[m]!]!;
  const latencyMs = s.kernel.nowMs - s.messages.table.emitMs[m]!;
  s.metrics.latency[app]!.record(latencyMs);
  if (latencyMs > s.graph.apps[app]!.slo.latencyMs) s.metrics.sloViolations[app]++;
  s.messages.counts.delivered++;
  if (s.hooks.delivered) s.hooks.delivered(m, latencyMs);
  if (s.messageEvents) {
    const e = { t: s.kernel.nowMs, type: 'deliver' as const, msg: m, app: s.graph.apps[app]!.id, latencyMs };
    s.events.publishMessage(s.messages.table.stage[m] === Stage.ToActuator ? { ...e, action: true } : e);
  }
  s.messages.table.release(m);
}

/** Ends m as filtered out at ingest. */
export function filterMessage(s: TwinState, m: number): void {
  s.messages.counts.filtered++;
  if (s.messageEvents) s.events.publishMessage({ t: s.kernel.nowMs, type: 'filter', msg: m, node: nodeName(s, m) });
  s.messages.table.release(m);
}

/** Ends m as dropped for a reason. */
export function dropMessage(s: TwinState, m: number, reason: DropReason): void {
  s.messages.counts.drop(reason);
  s.metrics.appDropped[s.graph.streamApp[s.messages.table.stream[m]!]!]++;
  if (s.messageEvents) s.events.publishMessage({ t: s.kernel.nowMs, type: 'drop', msg: m, node: nodeName(s, m), reason });
  s.messages.table.release(m);
}

/** Ends m as lost to a failure. */
export function loseMessage(s: TwinState, m: number, reason: LossReason): void {
  s.messages.counts.lose(reason);
  s.metrics.appLost[s.graph.streamApp[s.messages.table.stream[m]!]!]++;
  if (s.faults.active >= 0) s.faults.log[s.faults.active]!.messagesLost++;
  if (s.messageEvents) s.events.publishMessage({ t: s.kernel.nowMs, type: 'lost', msg: m, node: nodeName(s, m), reason });
  s.messages.table.release(m);
}

/** Ends m as expired (older than its stream's TTL). */
export function expireMessage(s: TwinState, m: number): void {
  s.messages.counts.expired++;
  if (s.messageEvents) s.events.publishMessage({ t: s.kernel.nowMs, type: 'expire', msg: m, node: nodeName(s, m) });
  s.messages.table.release(m);
}
