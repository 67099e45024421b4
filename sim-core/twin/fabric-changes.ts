/**
 * Changes to the fabric while the twin runs — links and nodes going down and coming back —
 * and what they do to data in motion: transfers under a failed link are sent again from their
 * origin (which still holds the data) or buffered there; work on a crashed node is lost.
 */
import { Stage } from './message-table.ts';
import { loseMessage } from './terminal.ts';
import { abortTransfers } from './transport.ts';
import { ensureFlowTimer } from './flow-timer.ts';
import { bufferMessage, retryBuffers, takeBuffer } from './store-forward.ts';
import { resendFromBuffer } from './lifecycle.ts';
import type { TwinState } from './state.ts';

/** Adds (+1) or removes (-1) one reason for link l to be down; the link changes state on 0 ↔ 1. */
export function changeLinkDownCauses(s: TwinState, l: number, delta: 1 | -1): void {
  const before = s.fabric.linkDownCauses[l]!;
  const after = before + delta;
  if (after < 0) throw new Error(`link ${s.fabric.topology.linkId(l)} has no down cause to remove`);
  s.fabric.linkDownCauses[l] = after;
  if (before === 0 && after === 1) linkDown(s, l);
  else if (before === 1 && after === 0) linkUp(s, l);
}

function linkDown(s: TwinState, l: number): void {
  s.fabric.topology.setLinkUp(l, false);
  refreshCapacity(s, l);
  resendAll(s, abortTransfers(s, (route) => route.links.includes(l)));
  s.events.publish({ t: s.kernel.nowMs, type: 'link-down', link: s.fabric.topology.linkId(l) });
  for (const h of s.hooks.linkDown) h(l);
}

function linkUp(s: TwinState, l: number): void {
  s.fabric.topology.setLinkUp(l, true);
  refreshCapacity(s, l);
  s.events.publish({ t: s.kernel.nowMs, type: 'link-up', link: s.fabric.topology.linkId(l) });
  for (const h of s.hooks.linkUp) h(l);
  healed(s);
}

/**
 * Pushes link l's current capacity (0 when it or an end is down) into the flow network, and
 * moves the flow timer to the new earliest completion: a link restored under a transfer speeds
 * it up (the timer used to stay at the completion time computed at the lower rate).
 */
export function refreshCapacity(s: TwinState, l: number): void {
  const now = s.kernel.nowMs;
  s.fabric.flows.setCapacity(2 * l, s.fabric.topology.resourceCapacityBps(2 * l), now);
  s.fabric.flows.setCapacity(2 * l + 1, s.fabric.topology.resourceCapacityBps(2 * l + 1), now);
  ensureFlowTimer(s);
}

/** Called whenever something came back: buffered data may move again. */
export function healed(s: TwinState): void {
  retryBuffers(s, (m, node) => resendFromBuffer(s, m, node));
}

/** Sends aborted transfers again from their origin (rerouted, or buffered there). */
function resendAll(s: TwinState, aborted: number[]): void {
  for (const m of aborted) {
    const origin = s.messages.table.node[m]!;
    if (!s.fabric.topology.isNodeUp(origin)) { loseMessage(s, m, 'node-crash'); continue; }
    if (!resendFromBuffer(s, m, origin)) bufferMessage(s, m, origin);
  }
}

/** Crashes node n: its queue, work in service and buffer are lost; transfers through it reroute. */
export function nodeDown(s: TwinState, n: number, power: boolean): void {
  if (!s.fabric.topology.isNodeUp(n)) return;
  const now = s.kernel.nowMs;
  s.fabric.topology.setNodeUp(n, false);
  s.faults.nodeDownSince[n] = now;
  s.faults.nodeDownBy[n] = s.faults.active;
  for (const l of s.fabric.topology.linksOf(n)) refreshCapacity(s, l);
  const topo = s.fabric.topology;
  const aborted = abortTransfers(s, (route) => {
    for (let i = 0; i < route.links.length; i++) {
      const l = route.links[i]!;
      if (topo.linkA(l) === n || topo.linkB(l) === n) return true;
    }
    return false;
  });
  const reason = power ? 'power-loss' : 'node-crash';
  const proc = s.messages.processors[n]!;
  for (const m of proc.drainWaiting()) { s.messages.table.node[m] = n; loseMessage(s, m, reason); }
  const msgs = s.messages.table;
  for (let m = 0; m < msgs.capacity; m++) {
    if (msgs.alive[m] && msgs.stage[m] === Stage.Processing && msgs.node[m] === n) {
      if (msgs.event[m]! >= 0) s.kernel.cancel(msgs.event[m]!);
      loseMessage(s, m, reason);
    }
  }
  proc.resetBusy(now);
  if (s.messages.psTimer[n]! >= 0) { s.kernel.cancel(s.messages.psTimer[n]!); s.messages.psTimer[n] = -1; }
  for (const m of takeBuffer(s, n)) loseMessage(s, m, reason);
  if (power && s.model.nodes[n]!.storageVolatile) {
    for (const item of s.storage.table.wipe(n)) {
      const ev = s.storage.table.itemEvent[item]!;
      if (ev >= 0) { s.kernel.cancel(ev); s.storage.table.itemEvent[item] = -1; }
    }
  }
  resendAll(s, aborted);
  s.events.publish({ t: now, type: 'node-down', node: topo.nodeId(n) });
  for (const h of s.hooks.nodeDown) h(n, power);
}

/** Brings node n back (empty queues; persistent storage kept). */
export function nodeUp(s: TwinState, n: number): void {
  if (s.fabric.topology.isNodeUp(n)) return;
  s.fabric.topology.setNodeUp(n, true);
  s.faults.nodeDownMs[n] += s.kernel.nowMs - s.faults.nodeDownSince[n]!;
  s.faults.nodeDownSince[n] = -1;
  s.faults.nodeDownBy[n] = -1;
  for (const l of s.fabric.topology.linksOf(n)) refreshCapacity(s, l);
  s.events.publish({ t: s.kernel.nowMs, type: 'node-up', node: s.fabric.topology.nodeId(n) });
  for (const h of s.hooks.nodeUp) h(n);
  healed(s);
}
