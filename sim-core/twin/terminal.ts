/**
 * Terminal states of a message: every path that ends a message goes through one of these, so
 * the lifecycle counters (and the conservation check) cannot miss one.
 */
import type { DropReason, LossReason } from './lifecycle-counts.ts';
import type { TwinState } from './state.ts';
import { Stage } from './message-table.ts';

function nodeName(s: TwinState, m: number): string {
  return s.topology.nodeId(s.msgs.node[m]!);
}

/** Ends m as delivered and records its end-to-end latency against its app's SLO. */
export function deliverMessage(s: TwinState, m: number): void {
  const app = s.graph.streamApp[s.msgs.stream[m]!]!;
  const latencyMs = s.kernel.nowMs - s.msgs.emitMs[m]!;
  s.latency[app]!.record(latencyMs);
  if (latencyMs > s.graph.apps[app]!.slo.latencyMs) s.sloViolations[app]++;
  s.counts.delivered++;
  if (s.messageEvents) {
    const e = { t: s.kernel.nowMs, type: 'deliver' as const, msg: m, app: s.graph.apps[app]!.id, latencyMs };
    s.events.publishMessage(s.msgs.stage[m] === Stage.ToActuator ? { ...e, action: true } : e);
  }
  s.msgs.release(m);
}

/** Ends m as filtered out at ingest. */
export function filterMessage(s: TwinState, m: number): void {
  s.counts.filtered++;
  if (s.messageEvents) s.events.publishMessage({ t: s.kernel.nowMs, type: 'filter', msg: m, node: nodeName(s, m) });
  s.msgs.release(m);
}

/** Ends m as dropped for a reason. */
export function dropMessage(s: TwinState, m: number, reason: DropReason): void {
  s.counts.drop(reason);
  s.appDropped[s.graph.streamApp[s.msgs.stream[m]!]!]++;
  if (s.messageEvents) s.events.publishMessage({ t: s.kernel.nowMs, type: 'drop', msg: m, node: nodeName(s, m), reason });
  s.msgs.release(m);
}

/** Ends m as lost to a failure. */
export function loseMessage(s: TwinState, m: number, reason: LossReason): void {
  s.counts.lose(reason);
  s.appLost[s.graph.streamApp[s.msgs.stream[m]!]!]++;
  if (s.activeFault >= 0) s.faultLog[s.activeFault]!.messagesLost++;
  if (s.messageEvents) s.events.publishMessage({ t: s.kernel.nowMs, type: 'lost', msg: m, node: nodeName(s, m), reason });
  s.msgs.release(m);
}

/** Ends m as expired (older than its stream's TTL). */
export function expireMessage(s: TwinState, m: number): void {
  s.counts.expired++;
  if (s.messageEvents) s.events.publishMessage({ t: s.kernel.nowMs, type: 'expire', msg: m, node: nodeName(s, m) });
  s.msgs.release(m);
}
