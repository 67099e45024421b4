/**
 * Builders of the message-level TwinEvents that the data path publishes (ingest, forks, legs
 * of transfers, buffering, queueing, service, storage, copies of critical results), so each
 * emission point in the lifecycle is one guarded line: `if (s.messageEvents) traceX(s, …)`.
 * Publishing never touches the kernel or a random stream: the trace hash is the same with or
 * without a subscriber.
 */
import type { Route } from '../fabric/routing.ts';
import type { TwinState } from './state.ts';

function linkIds(s: TwinState, route: Route): string[] {
  const out: string[] = new Array(route.links.length);
  for (let i = 0; i < route.links.length; i++) out[i] = s.fabric.topology.linkId(route.links[i]!);
  return out;
}

const serviceKey = (s: TwinState, svc: number): string => s.graph.services[svc]!.key;

/** m arrived at its ingest node; `suspect` when the quality rule tagged it. */
export function traceIngest(s: TwinState, m: number, node: number, suspect: boolean): void {
  s.events.publishMessage(suspect
    ? { t: s.kernel.nowMs, type: 'ingest', msg: m, node: s.fabric.topology.nodeId(node), suspect: true }
    : { t: s.kernel.nowMs, type: 'ingest', msg: m, node: s.fabric.topology.nodeId(node) });
}

/** Fan-out: f is a copy of m. */
export function traceFork(s: TwinState, f: number, m: number): void {
  s.events.publishMessage({ t: s.kernel.nowMs, type: 'fork', msg: f, of: m });
}

/** m's leg from → to started as one flow over `route`. */
export function traceTransferStart(s: TwinState, m: number, from: number, to: number, route: Route): void {
  s.events.publishMessage({
    t: s.kernel.nowMs, type: 'transfer-start', msg: m, from: s.fabric.topology.nodeId(from), to: s.fabric.topology.nodeId(to),
    bytes: s.messages.table.sizeBytes[m]!, links: linkIds(s, route),
  });
}

/** m's flow finished; delayMs < 0 means lost on a link. */
export function traceTransferEnd(s: TwinState, m: number, wanHops: number, delayMs: number): void {
  s.events.publishMessage({ t: s.kernel.nowMs, type: 'transfer-end', msg: m, bytes: s.messages.table.sizeBytes[m]!, wanHops, delayMs: delayMs < 0 ? null : delayMs });
}

/** m's flow was aborted by a failure under it. */
export function traceTransferAbort(s: TwinState, m: number): void {
  s.events.publishMessage({ t: s.kernel.nowMs, type: 'transfer-abort', msg: m });
}

/** m is held in node's store-and-forward buffer. */
export function traceBuffer(s: TwinState, m: number, node: number): void {
  s.events.publishMessage({ t: s.kernel.nowMs, type: 'buffer', msg: m, node: s.fabric.topology.nodeId(node), bytes: s.messages.table.sizeBytes[m]! });
}

/** m waits for a core on node. */
export function traceQueued(s: TwinState, m: number, node: number): void {
  s.events.publishMessage({ t: s.kernel.nowMs, type: 'queued', msg: m, node: s.fabric.topology.nodeId(node), service: serviceKey(s, s.messages.table.service[m]!) });
}

/** m's service started on node with workMs of work. */
export function traceServiceStart(s: TwinState, m: number, node: number, workMs: number): void {
  s.events.publishMessage({ t: s.kernel.nowMs, type: 'service-start', msg: m, node: s.fabric.topology.nodeId(node), service: serviceKey(s, s.messages.table.service[m]!), workMs });
}

/** m's service finished on node (before it moves to the next service). */
export function traceServiceEnd(s: TwinState, m: number, node: number): void {
  s.events.publishMessage({ t: s.kernel.nowMs, type: 'service-end', msg: m, node: s.fabric.topology.nodeId(node), service: serviceKey(s, s.messages.table.service[m]!) });
}

/** A stored item (a result, or a copy of a critical one). */
export function traceStore(s: TwinState, item: number, node: number, bytes: number, evicted: number, copy: boolean): void {
  const base = { t: s.kernel.nowMs, type: 'store' as const, item, node: s.fabric.topology.nodeId(node), bytes, evicted };
  s.events.publishMessage(copy ? { ...base, copy: true } : base);
}

/** A stored item reached the end of its lifespan. */
export function tracePurge(s: TwinState, item: number): void {
  s.events.publishMessage({ t: s.kernel.nowMs, type: 'purge', item });
}

/** Copy job j of a critical result started from → to over route. */
export function traceCopyStart(s: TwinState, j: number, from: number, to: number, bytes: number, route: Route): void {
  s.events.publishMessage({ t: s.kernel.nowMs, type: 'copy-start', copy: j, from: s.fabric.topology.nodeId(from), to: s.fabric.topology.nodeId(to), bytes, links: linkIds(s, route) });
}

/** Copy job j's flow finished; delayMs < 0 means lost on a link. */
export function traceCopyEnd(s: TwinState, j: number, bytes: number, wanHops: number, delayMs: number): void {
  s.events.publishMessage({ t: s.kernel.nowMs, type: 'copy-end', copy: j, bytes, wanHops, delayMs: delayMs < 0 ? null : delayMs });
}

/** Copy job j was aborted by a failure under it. */
export function traceCopyAbort(s: TwinState, j: number): void {
  s.events.publishMessage({ t: s.kernel.nowMs, type: 'copy-abort', copy: j });
}
