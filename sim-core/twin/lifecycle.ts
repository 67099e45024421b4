/**
 * The data lifecycle of edge data orchestration, per message:
 * ingest & filter (at the first non-sensor node) → prioritize & route (to the chosen replica of
 * the next service) → process (queued on the node's cores) → store (lifespan, replicas of
 * critical results) → act (feedback to the device) → purge (when the lifespan ends).
 */
import { Offer } from './processor.ts';
import { POLICY_DENIED } from './placement.ts';
import { Stage } from './message-table.ts';
import { deliverMessage, dropMessage, expireMessage, filterMessage, loseMessage } from './terminal.ts';
import { sendLeg, sendOneHop, startReplica } from './transport.ts';
import { directRoute, findRoute } from './route-choice.ts';
import { scanAttachmentLink, type AttachmentCache } from './attachment.ts';
import { replicaTargets, storeItem } from './storage-stage.ts';
import { bufferMessage } from './store-forward.ts';
import type { TwinState } from './state.ts';
import { traceFork, traceIngest, traceQueued, traceServiceEnd, traceServiceStart } from './message-events.ts';

/** Emit event: source `src` emits one message and schedules its next emission. */
export function onEmit(s: TwinState, src: number): void {
  const st = s.messages.sources.stream[src]!;
  const node = s.messages.sources.node[src]!;
  const stream = s.model.streams[st]!;
  const gapMs = s.messages.sources.arrival[src]!.nextGapMs(s.rngs.arrivals[st]!, s.kernel.nowMs);
  if (gapMs !== Infinity) s.kernel.schedule(gapMs, s.kinds.emit, src); // Infinity: a curve at 0 for ever
  // Draw size and value even when the node is down so every stream's sequence stays aligned
  // across variants (common random numbers).
  const sizeBytes = s.messages.sizeDraw[st]!(s.rngs.sizes[st]!);
  const value = s.messages.valueDraw[st]!(s.rngs.values[st]!);
  if (!s.fabric.topology.isNodeUp(node)) return; // a crashed sensor emits nothing
  const msgs = s.messages.table;
  const m = msgs.alloc();
  msgs.stream[m] = st;
  msgs.source[m] = node;
  msgs.emitMs[m] = s.kernel.nowMs;
  msgs.sizeBytes[m] = Math.max(0, sizeBytes);
  msgs.value[m] = value;
  msgs.service[m] = s.graph.streamEntry[st]!;
  msgs.priority[m] = s.messages.streamPriority[st]!;
  msgs.node[m] = node;
  msgs.stage[m] = Stage.ToIngest;
  s.messages.counts.emitted++;
  if (s.messageEvents) s.events.publishMessage({ t: s.kernel.nowMs, type: 'emit', msg: m, stream: stream.id, node: s.fabric.topology.nodeId(node), bytes: msgs.sizeBytes[m]! });
  if (s.fabric.isSensor[node] !== 1) {
    msgs.dest[m] = node;
    ingest(s, m, node);
    return;
  }
  const c = attached(s, node);
  if (c.link[node]! < 0) {
    msgs.dest[m] = -1; // attachment re-resolved when the buffer is retried
    bufferMessage(s, m, node);
    return;
  }
  sendOneHop(s, m, node, c.dest[node]!, c.resource[node]!, c.route[node]!);
}

/** The node a sensor hands its data to: the neighbour across its lowest-latency up link; -1 when none. */
export function attachmentOf(s: TwinState, sensor: number): number {
  return attached(s, sensor).dest[sensor]!;
}

/** The sensor's lowest-latency up link to an up neighbour, or -1. */
export function attachmentLinkOf(s: TwinState, sensor: number): number {
  return attached(s, sensor).link[sensor]!;
}

/** The attachment cache with the sensor's entry up to date with the topology. */
function attached(s: TwinState, sensor: number): AttachmentCache {
  const c = s.fabric.attachment, topo = s.fabric.topology, ver = topo.version;
  if (c.isFresh(sensor, ver)) return c;
  const l = scanAttachmentLink(topo, sensor);
  if (l < 0) {
    c.set(sensor, ver, -1, -1, -1, null);
  } else {
    const forward = topo.linkEndsA[l] === sensor;
    c.set(sensor, ver, l, forward ? topo.linkEndsB[l]! : topo.linkEndsA[l]!, forward ? 2 * l : 2 * l + 1, directRoute(s, l, forward));
  }
  return c;
}

/** Arrival event: m reached the destination of its leg. */
export function onArrive(s: TwinState, m: number): void {
  const msgs = s.messages.table;
  msgs.event[m] = -1;
  const node = msgs.dest[m]!;
  msgs.node[m] = node;
  if (!s.fabric.topology.isNodeUp(node)) {
    // Charged to the fault that took the node down.
    s.faults.active = s.faults.nodeDownBy[node]!;
    loseMessage(s, m, 'node-crash');
    s.faults.active = -1;
    return;
  }
  switch (msgs.stage[m]) {
    case Stage.ToIngest: ingest(s, m, node); return;
    case Stage.ToService: enqueue(s, m, node); return;
    case Stage.ToActuator:
      s.messages.counts.actions++;
      deliverMessage(s, m);
      return;
    default:
      throw new Error(`message ${m} arrived in stage ${msgs.stage[m]}`);
  }
}

/** Ingest & filter at `node`, then route towards the entry service. */
function ingest(s: TwinState, m: number, node: number): void {
  const msgs = s.messages.table;
  const st = msgs.stream[m]!;
  s.messages.counts.ingested++;
  const filter = s.model.streams[st]!.filter;
  // Quality tag first: an implausible reading is suspect; it is dropped when the stream says
  // so, otherwise it bypasses the filters below so a sensor fault is not filtered out of sight.
  const q = filter.quality;
  const v = msgs.value[m]!;
  const suspect = q !== undefined && ((q.min !== undefined && v < q.min) || (q.max !== undefined && v > q.max));
  if (s.messageEvents) traceIngest(s, m, node, suspect);
  if (suspect) {
    s.messages.counts.suspect++;
    if (q!.drop) { filterMessage(s, m); return; }
  }
  // The draw happens for every message, suspect or not, so the stream's sequence stays aligned.
  const keep = filter.keepFraction === undefined || s.rngs.filters[st]!.next() < filter.keepFraction;
  if (!suspect && !keep) { filterMessage(s, m); return; }
  const th = filter.threshold;
  if (!suspect && th && ((th.above !== undefined && !(msgs.value[m]! > th.above)) || (th.below !== undefined && !(msgs.value[m]! < th.below)))) {
    filterMessage(s, m);
    return;
  }
  s.messages.counts.forwarded++;
  routeToService(s, m, node);
}

/** Sends m from `node` to the replica chosen for its current service. */
export function routeToService(s: TwinState, m: number, node: number): void {
  const target = s.placement.seam.chooseReplica(s.messages.table.service[m]!, node, s.messages.table.stream[m]!);
  s.messages.table.stage[m] = Stage.ToService;
  if (target < 0) {
    s.messages.table.node[m] = node;
    if (target === POLICY_DENIED) { dropMessage(s, m, 'policy-denied'); return; }
    // A service that never got a replica is a placement failure; replicas that are down,
    // unreachable or being relocated are waited for in the store-and-forward buffer.
    if (s.placement.seam.replicas[s.messages.table.service[m]!]!.length === 0 && !s.placement.everPlaced[s.messages.table.service[m]!]) dropMessage(s, m, 'no-replica');
    else { s.messages.table.dest[m] = -1; bufferMessage(s, m, node); }
    return;
  }
  sendLeg(s, m, node, target);
}

function isExpired(s: TwinState, m: number): boolean {
  const ttl = s.model.streams[s.messages.table.stream[m]!]!.ttlMs;
  return s.kernel.nowMs - s.messages.table.emitMs[m]! > ttl;
}

/** Offers m to the processor of `node`. */
function enqueue(s: TwinState, m: number, node: number): void {
  if (isExpired(s, m)) { expireMessage(s, m); return; }
  for (const admit of s.hooks.admit) {
    const reason = admit(m, node);
    if (reason) { dropMessage(s, m, reason); return; }
  }
  const proc = s.messages.processors[node]!;
  const offer = proc.offer(m, s.messages.table.priority[m]!, s.kernel.nowMs);
  if (offer === Offer.Full) { dropMessage(s, m, 'queue-full'); return; }
  if (offer === Offer.Queued) { s.messages.table.stage[m] = Stage.Queued; if (s.messageEvents) traceQueued(s, m, node); return; }
  startService(s, m, node);
}

/** Starts serving m on `node` (a core is already reserved for FIFO). */
function startService(s: TwinState, m: number, node: number): void {
  const msgs = s.messages.table;
  msgs.stage[m] = Stage.Processing;
  const svc = msgs.service[m]!;
  const meanMs = s.graph.services[svc]!.model.cpuWorkMs / s.model.nodes[node]!.coreSpeed;
  // Drawn from the source sensor's stream: a message needs the same work wherever it is served.
  const workMs = s.messages.serviceDraw[svc]!(s.rngs.service.get(msgs.source[m]!), meanMs);
  if (s.messageEvents) traceServiceStart(s, m, node, workMs);
  const proc = s.messages.processors[node]!;
  if (proc.discipline === 'ps') {
    proc.psAdd(m, workMs, s.kernel.nowMs);
    rearmPs(s, node);
    return;
  }
  msgs.event[m] = s.kernel.schedule(workMs, s.kinds.serviceDone, m, node);
}

/** Service-completion event (FIFO). */
export function onServiceDone(s: TwinState, m: number, node: number): void {
  s.messages.table.event[m] = -1;
  startNextWaiting(s, node);
  afterService(s, m, node);
}

/** Frees the core m held and starts the next waiting job that has not expired. */
export function startNextWaiting(s: TwinState, node: number): void {
  const proc = s.messages.processors[node]!;
  for (let next = proc.release(s.kernel.nowMs); next >= 0; next = proc.release(s.kernel.nowMs)) {
    if (!isExpired(s, next)) { startService(s, next, node); return; }
    expireMessage(s, next);
  }
}

/** PS timer event: the first job to finish on `node` finishes. */
export function onPsTimer(s: TwinState, node: number): void {
  s.messages.psTimer[node] = -1;
  const proc = s.messages.processors[node]!;
  const next = proc.psNext(s.kernel.nowMs);
  if (next) {
    proc.psRemove(next.m, s.kernel.nowMs);
    afterService(s, next.m, node);
  }
  rearmPs(s, node);
}

/** Re-arms a PS node's single completion timer. */
export function rearmPs(s: TwinState, node: number): void {
  if (s.messages.psTimer[node]! >= 0) s.kernel.cancel(s.messages.psTimer[node]!);
  const next = s.messages.processors[node]!.psNext(s.kernel.nowMs);
  s.messages.psTimer[node] = next ? s.kernel.scheduleAt(next.atMs, s.kinds.psTimer, node) : -1;
}

/** After service: forward along the dataflow (forking on fan-out) or finish at a sink. */
function afterService(s: TwinState, m: number, node: number): void {
  const msgs = s.messages.table;
  s.messages.counts.processed++;
  if (s.messageEvents) traceServiceEnd(s, m, node);
  const svc = s.graph.services[msgs.service[m]!]!;
  msgs.sizeBytes[m] = msgs.sizeBytes[m]! * svc.model.outputRatio;
  if (svc.next.length === 0) { sink(s, m, node); return; }
  for (let i = 1; i < svc.next.length; i++) {
    const f = fork(s, m);
    msgs.service[f] = svc.next[i]!;
    routeToService(s, f, node);
  }
  msgs.service[m] = svc.next[0]!;
  routeToService(s, m, node);
}

/** Copies m into a new message (fan-out); the copy keeps the emit time for end-to-end latency. */
function fork(s: TwinState, m: number): number {
  const msgs = s.messages.table;
  const f = msgs.alloc();
  msgs.stream[f] = msgs.stream[m]!;
  msgs.source[f] = msgs.source[m]!;
  msgs.emitMs[f] = msgs.emitMs[m]!;
  msgs.sizeBytes[f] = msgs.sizeBytes[m]!;
  msgs.value[f] = msgs.value[m]!;
  msgs.priority[f] = msgs.priority[m]!;
  msgs.node[f] = msgs.node[m]!;
  s.messages.counts.forked++;
  if (s.messageEvents) traceFork(s, f, m);
  return f;
}

/** Sink: store the result (replicating critical ones), then act or deliver. */
function sink(s: TwinState, m: number, node: number): void {
  const msgs = s.messages.table;
  const stream = s.model.streams[msgs.stream[m]!]!;
  // Retention policies cap how long results may be kept on this node.
  const lifespanMs = s.placement.policyGate ? Math.min(stream.store.lifespanMs, s.placement.policyGate.retentionCapMs(msgs.stream[m]!, node)) : stream.store.lifespanMs;
  storeItem(s, node, msgs.sizeBytes[m]!, lifespanMs);
  const critical = stream.store.criticalAbove !== undefined && msgs.value[m]! > stream.store.criticalAbove;
  if (critical && stream.store.replicas > 0) {
    for (const target of replicaTargets(s, node, stream.store.replicas)) startReplica(s, node, target, msgs.sizeBytes[m]!, stream.store.lifespanMs);
  }
  if (stream.actuationBytes !== undefined) {
    msgs.stage[m] = Stage.ToActuator;
    msgs.sizeBytes[m] = stream.actuationBytes;
    sendLeg(s, m, node, msgs.source[m]!);
    return;
  }
  deliverMessage(s, m);
}

/**
 * Tries to send a buffered message on again from `node`; false when there is still no way
 * (it stays buffered). Expired messages leave the buffer as expired.
 */
export function resendFromBuffer(s: TwinState, m: number, node: number): boolean {
  const msgs = s.messages.table;
  if (isExpired(s, m)) { msgs.node[m] = node; expireMessage(s, m); return true; }
  let target: number;
  switch (msgs.stage[m]) {
    case Stage.ToIngest: target = attachmentOf(s, node); break;
    case Stage.ToService: target = s.placement.seam.chooseReplica(msgs.service[m]!, node, msgs.stream[m]!); break;
    default: target = msgs.source[m]!;
  }
  if (target === POLICY_DENIED) { msgs.node[m] = node; dropMessage(s, m, 'policy-denied'); return true; }
  if (target < 0 || findRoute(s, node, target) === null) return false;
  sendLeg(s, m, node, target);
  return true;
}
