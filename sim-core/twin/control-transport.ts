/**
 * Control messages (heartbeats, acks, placement commands, CRDT deltas) cross the same simulated
 * network as data: they share bandwidth (flows), pay link latency and loss, and fail with
 * partitions. They are not data messages: no lifecycle, no conservation; a control message that
 * cannot be routed or is lost is simply gone (protocols retry on their next tick).
 */
import type { Route } from '../fabric/routing.ts';
import type { TwinState } from './state.ts';
import { ensureFlowTimer } from './flow-timer.ts';
import { findRoute } from './route-choice.ts';
import { countControl, type ControlMessage } from './control-message.ts';
import { controlTag } from './transfer.ts';


/** Sends a control message over the network; false (and counted as dropped) when there is no route. */
export function sendControl(s: TwinState, msg: ControlMessage): boolean {
  countControl(s.control.traffic, msg.kind, msg.sizeBytes);
  if (msg.from === msg.to) {
    const k = allocControl(s, msg);
    msg.route = null;
    msg.flow = -1;
    s.kernel.schedule(0, s.kinds.controlArrive, k);
    return true;
  }
  const route = findRoute(s, msg.from, msg.to);
  if (route === null) { s.control.traffic.dropped++; return false; }
  const k = allocControl(s, msg);
  msg.route = route;
  if (msg.sizeBytes <= SINGLE_PACKET_BYTES) {
    // One packet: store-and-forward serialization plus latency per hop, without joining the
    // fluid model (a flow model is meaningless for a single MTU, and heartbeats are many).
    msg.flow = -1;
    const delayMs = controlPropagation(s, k, route, msg.sizeBytes, true);
    if (delayMs >= 0) s.kernel.schedule(delayMs, s.kinds.controlArrive, k);
    return true;
  }
  msg.flow = s.fabric.flows.start(route.resources, msg.sizeBytes, s.kernel.nowMs, controlTag(k));
  ensureFlowTimer(s);
  return true;
}

/** Control messages up to one Ethernet MTU travel as a single packet (no flow). */
export const SINGLE_PACKET_BYTES = 1500;

/**
 * Per-hop accounting and delay of a control message over `route` (serialization per hop when
 * `serialize`, i.e. when it did not travel as a flow); -1, after releasing it, when lost.
 */
function controlPropagation(s: TwinState, k: number, route: Route, sizeBytes: number, serialize: boolean): number {
  const topo = s.fabric.topology;
  let delayMs = 0;
  for (let i = 0; i < route.links.length; i++) {
    const l = route.links[i]!;
    if (s.fabric.linkIsWan[l]) s.control.traffic.wanBytes += sizeBytes;
    delayMs += topo.latencyMs[l]!;
    if (serialize) delayMs += (sizeBytes * 8 * 1000) / topo.bandwidthBps[l]!;
    const jitter = s.fabric.linkJitter[l];
    if (jitter) delayMs += Math.max(0, jitter(s.rngs.controlJitter.get(l)));
    const p = topo.loss[l]!;
    if (p > 0 && s.rngs.controlLoss.get(l).next() < p) { s.control.traffic.dropped++; releaseControl(s, k); return -1; }
  }
  return delayMs;
}

function allocControl(s: TwinState, msg: ControlMessage): number {
  const k = s.control.free.pop() ?? s.control.inFlight.length;
  s.control.inFlight[k] = msg;
  return k;
}

/** Frees a control message slot. */
export function releaseControl(s: TwinState, k: number): void {
  s.control.inFlight[k] = null;
  s.control.free.push(k);
}

/** Flow-timer callback for a control message whose transfer finished. */
export function finishControlTransfer(s: TwinState, k: number): void {
  const msg = s.control.inFlight[k]!;
  msg.flow = -1;
  // Control bytes are counted apart from data bytes (data WAN figures stay comparable).
  const delayMs = controlPropagation(s, k, msg.route!, msg.sizeBytes, false);
  if (delayMs >= 0) s.kernel.schedule(delayMs, s.kinds.controlArrive, k);
}

/** Control-arrival event: delivers the message if its destination is up. */
export function onControlArrive(s: TwinState, k: number): void {
  const msg = s.control.inFlight[k]!;
  releaseControl(s, k);
  if (!s.fabric.topology.isNodeUp(msg.to)) { s.control.traffic.dropped++; return; }
  for (const receive of s.hooks.receiveControl) receive(msg);
}
