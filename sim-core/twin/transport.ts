/**
 * Moving messages between nodes: a leg is one flow over the route (max-min fair bandwidth
 * sharing in FlowNetwork), then propagation (link latencies plus jitter), then loss draws.
 * No route → store-and-forward buffer at the leg's origin; a link or node failing under a
 * transfer sends it again from its origin, which still holds the data.
 */
import type { Route } from '../fabric/routing.ts';
import { findRoute } from './route-choice.ts';
import { ensureFlowTimer } from './flow-timer.ts';
import { loseMessage } from './terminal.ts';
import type { ReplicaJob, TwinState } from './state.ts';
import { finishControlTransfer, releaseControl } from './control-transport.ts';
import { dataTag, replicaTag, transferIndexOf, transferKindOf } from './transfer.ts';
import { bufferMessage } from './store-forward.ts';
import { abortMigrations, finishMigrationTransfer } from './continuum-migration.ts';
import { abortBulkTransfers, finishBulkTransfer } from './bulk-transfer.ts';
import { traceCopyAbort, traceCopyEnd, traceCopyStart, traceTransferAbort, traceTransferEnd, traceTransferStart } from './message-events.ts';


// Reused by onFlowTimer: its loop never re-enters onFlowTimer, and the twin is single-threaded.
const completedScratch: number[] = [];
// WAN links the last accountAndPropagate counted bytes on (for the trace; read right after the call).
let lastWanHops = 0;

/** Starts leg from → to for message m (m's stage says what arrival means). */
export function sendLeg(s: TwinState, m: number, from: number, to: number): void {
  const msgs = s.messages.table;
  msgs.node[m] = from;
  msgs.dest[m] = to;
  msgs.legStartMs[m] = s.kernel.nowMs;
  if (from === to) {
    msgs.route[m] = null;
    msgs.event[m] = s.kernel.schedule(0, s.kinds.arrive, m);
    return;
  }
  const route = findRoute(s, from, to);
  if (route === null) {
    bufferMessage(s, m, from);
    return;
  }
  msgs.route[m] = route;
  const qos = s.continuum?.streamWeight;
  msgs.flow[m] = s.fabric.flows.start(route.resources, msgs.sizeBytes[m]!, s.kernel.nowMs, dataTag(m), qos ? qos[msgs.stream[m]!]! : 1);
  if (s.messageEvents) traceTransferStart(s, m, from, to, route);
  ensureFlowTimer(s);
}

/** Starts a one-hop leg from → to over directed link resource `resource`, whose route is `route` (from directRoute): no route search. */
export function sendOneHop(s: TwinState, m: number, from: number, to: number, resource: number, route: Route): void {
  const msgs = s.messages.table;
  msgs.node[m] = from;
  msgs.dest[m] = to;
  msgs.legStartMs[m] = s.kernel.nowMs;
  msgs.route[m] = route;
  const qos = s.continuum?.streamWeight;
  msgs.flow[m] = s.fabric.flows.startOnResource(resource, msgs.sizeBytes[m]!, s.kernel.nowMs, dataTag(m), qos ? qos[msgs.stream[m]!]! : 1);
  if (s.messageEvents) traceTransferStart(s, m, from, to, route);
  ensureFlowTimer(s);
}

/** Flow-timer event: finishes transfers, accounts bytes, draws loss, schedules propagation. */
export function onFlowTimer(s: TwinState): void {
  s.fabric.flowTimerId = -1;
  s.fabric.flowTimerAtMs = Infinity;
  const now = s.kernel.nowMs;
  const done = completedScratch;
  const n = s.fabric.flows.takeCompletedInto(now, done);
  for (let i = 0; i < n; i++) {
    const tag = done[i]!;
    const kind = transferKindOf(tag);
    if (kind === 'control') { finishControlTransfer(s, transferIndexOf(tag)); continue; }
    if (kind === 'replica') { finishReplicaTransfer(s, transferIndexOf(tag)); continue; }
    if (kind === 'migration') { finishMigrationTransfer(s, transferIndexOf(tag)); continue; }
    if (kind === 'bulk') { finishBulkTransfer(s, transferIndexOf(tag)); continue; }
    const m = transferIndexOf(tag);
    s.messages.table.flow[m] = -1;
    const route = s.messages.table.route[m]!;
    const delayMs = accountAndPropagate(s, route, s.messages.table.sizeBytes[m]!);
    if (s.messageEvents) traceTransferEnd(s, m, lastWanHops, delayMs);
    if (delayMs < 0) {
      loseMessage(s, m, 'link-loss');
      continue;
    }
    s.messages.table.event[m] = s.kernel.schedule(delayMs, s.kinds.arrive, m);
  }
  ensureFlowTimer(s);
}

/** Counts bytes and cost on each link of a finished transfer; returns the propagation delay, or -1 if lost. */
function accountAndPropagate(s: TwinState, route: Route, sizeBytes: number): number {
  const topo = s.fabric.topology;
  let delayMs = 0;
  let lost = false;
  let wanHops = 0;
  for (let i = 0; i < route.links.length; i++) {
    const l = route.links[i]!;
    s.fabric.linkBytes[l] += sizeBytes;
    if (s.fabric.linkIsWan[l]) { s.metrics.wanBytes += sizeBytes; wanHops++; }
    s.metrics.transferCostUsd += (sizeBytes / 1e9) * s.fabric.linkCostPerGbUsd[l]!;
    delayMs += topo.latencyMs[l]!;
    const jitter = s.fabric.linkJitter[l];
    if (jitter) delayMs += Math.max(0, jitter(s.rngs.jitter.get(l)));
    const p = topo.loss[l]!;
    if (p > 0 && s.rngs.loss.get(l).next() < p) { lost = true; break; }
  }
  lastWanHops = wanHops;
  return lost ? -1 : delayMs;
}

/** Aborts the transfers whose route uses a link for which `hit` is true; returns their messages. */
export function abortTransfers(s: TwinState, hit: (route: Route) => boolean): number[] {
  const msgs = s.messages.table;
  const out: number[] = [];
  for (let m = 0; m < msgs.capacity; m++) {
    if (!msgs.alive[m] || msgs.flow[m]! < 0) continue;
    const route = msgs.route[m];
    if (route && hit(route)) {
      s.fabric.flows.abort(msgs.flow[m]!, s.kernel.nowMs);
      msgs.flow[m] = -1;
      if (s.messageEvents) traceTransferAbort(s, m);
      out.push(m);
    }
  }
  for (let j = 0; j < s.storage.replicaJobs.length; j++) {
    const job = s.storage.replicaJobs[j];
    if (job && job.flow >= 0 && hit(job.route)) {
      s.fabric.flows.abort(job.flow, s.kernel.nowMs);
      if (s.messageEvents) traceCopyAbort(s, j);
      releaseReplica(s, j); // a replica in transit is simply not written; the original stays
    }
  }
  for (let k = 0; k < s.control.inFlight.length; k++) {
    const msg = s.control.inFlight[k];
    if (msg && msg.flow !== undefined && msg.flow >= 0 && msg.route && hit(msg.route)) {
      s.fabric.flows.abort(msg.flow, s.kernel.nowMs);
      s.control.traffic.dropped++;
      releaseControl(s, k);
    }
  }
  if (s.continuum) abortMigrations(s, hit);
  abortBulkTransfers(s, hit);
  // Completions may now be earlier: re-arm the timer from scratch.
  if (s.fabric.flowTimerId >= 0) { s.kernel.cancel(s.fabric.flowTimerId); s.fabric.flowTimerId = -1; }
  s.fabric.flowTimerAtMs = Infinity;
  ensureFlowTimer(s);
  return out;
}

/** Starts copying a critical result of sizeBytes from `from` to `to` (replicas are not messages). */
export function startReplica(s: TwinState, from: number, to: number, sizeBytes: number, lifespanMs: number): void {
  const route = findRoute(s, from, to);
  if (route === null) return;
  const j = s.storage.replicaFree.pop() ?? s.storage.replicaJobs.length;
  const job: ReplicaJob = { node: to, sizeBytes, lifespanMs, flow: -1, route };
  s.storage.replicaJobs[j] = job;
  job.flow = s.fabric.flows.start(route.resources, sizeBytes, s.kernel.nowMs, replicaTag(j));
  if (s.messageEvents) traceCopyStart(s, j, from, to, sizeBytes, route);
  ensureFlowTimer(s);
}

function finishReplicaTransfer(s: TwinState, j: number): void {
  const job = s.storage.replicaJobs[j];
  if (!job) return;
  job.flow = -1;
  const delayMs = accountAndPropagate(s, job.route, job.sizeBytes);
  if (s.messageEvents) traceCopyEnd(s, j, job.sizeBytes, lastWanHops, delayMs);
  if (delayMs < 0) { releaseReplica(s, j); return; }
  s.kernel.schedule(delayMs, s.kinds.replicaArrive, j);
}

/** Frees a replica job slot. */
export function releaseReplica(s: TwinState, j: number): void {
  s.storage.replicaJobs[j] = null;
  s.storage.replicaFree.push(j);
}

