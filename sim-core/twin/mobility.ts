/**
 * Mobile nodes (vehicles): every update period the node moves along its path and re-attaches
 * to the nearest tower in range, with hysteresis. The radio link is one topology link whose far
 * end is re-pointed on handover; out of coverage it is down.
 */
import { chooseAttachment, positionAt } from '../fabric/mobility.ts';
import { changeLinkDownCauses } from './fabric-changes.ts';
import { abortTransfers } from './transport.ts';
import { bufferMessage } from './store-forward.ts';
import { resendFromBuffer } from './lifecycle.ts';
import { loseMessage } from './terminal.ts';
import type { MobileTowers, TwinState } from './state.ts';

/** Creates each mobile node's radio link at its start position and schedules its first update. */
export function setupMobility(s: TwinState): void {
  s.model.mobility.forEach((mob, i) => {
    const n = s.fabric.topology.nodeIndex(mob.node);
    const towers = mob.attachTo.map((id) => s.fabric.topology.nodeIndex(id));
    const pos = positionAt(mob.waypoints, mob.speedMps, mob.loop, 0);
    s.fabric.posX[n] = pos.xKm; s.fabric.posY[n] = pos.yKm;
    const choice = chooseAttachment(pos, towers.map((t) => ({ xKm: s.fabric.posX[t]!, yKm: s.fabric.posY[t]! })), -1, mob.rangeKm, mob.handoverMarginKm);
    const far = choice >= 0 ? towers[choice]! : towers[0]!;
    const l = s.fabric.topology.addLink(n, far, { id: `${mob.node}~radio`, latencyMs: mob.link.latencyMs, bandwidthBps: mob.link.bandwidthBps, loss: mob.link.loss });
    growLinkTables(s, l, mob.link.costPerGbUsd);
    s.fabric.mobileLink[i] = l;
    s.fabric.mobileAttach[i] = choice;
    if (choice < 0) changeLinkDownCauses(s, l, 1);
    s.kernel.schedule(mob.updateEveryMs, s.kinds.mobility, i);
  });
}

/** Tower indices and positions of mobile model i: towers do not move, so computed once per twin. */
function towersOf(s: TwinState, i: number): MobileTowers {
  const all = (s.fabric.mobileTowers ??= s.model.mobility.map((mob) => {
    const towers = mob.attachTo.map((id) => s.fabric.topology.nodeIndex(id));
    return { node: s.fabric.topology.nodeIndex(mob.node), towers, positions: towers.map((t) => ({ xKm: s.fabric.posX[t]!, yKm: s.fabric.posY[t]! })) };
  }));
  return all[i]!;
}

/** Mobility event for mobile model i. */
export function onMobility(s: TwinState, i: number): void {
  const mob = s.model.mobility[i]!;
  const { node: n, towers, positions } = towersOf(s, i);
  const pos = positionAt(mob.waypoints, mob.speedMps, mob.loop, s.kernel.nowMs);
  s.fabric.posX[n] = pos.xKm; s.fabric.posY[n] = pos.yKm;
  const current = s.fabric.mobileAttach[i]!;
  const choice = chooseAttachment(pos, positions, current, mob.rangeKm, mob.handoverMarginKm);
  s.kernel.schedule(mob.updateEveryMs, s.kinds.mobility, i);
  if (choice === current) return;
  const l = s.fabric.mobileLink[i]!;
  s.fabric.mobileAttach[i] = choice;
  s.metrics.handovers++;
  s.events.publish({ t: s.kernel.nowMs, type: 'handover', node: mob.node, from: current >= 0 ? mob.attachTo[current]! : null, to: choice >= 0 ? mob.attachTo[choice]! : null });
  if (choice < 0) { changeLinkDownCauses(s, l, 1); return; }
  // Transfers on the old radio link restart over the new one (the sender still holds the data).
  const aborted = current >= 0 ? abortTransfers(s, (route) => route.links.includes(l)) : [];
  s.fabric.topology.setLinkEnds(l, n, towers[choice]!);
  if (current < 0) changeLinkDownCauses(s, l, -1);
  for (const m of aborted) {
    const origin = s.messages.table.node[m]!;
    if (!s.fabric.topology.isNodeUp(origin)) { loseMessage(s, m, 'node-crash'); continue; }
    if (!resendFromBuffer(s, m, origin)) bufferMessage(s, m, origin);
  }
}

/** Extends the per-link tables after a link was added at run time. */
export function growLinkTables(s: TwinState, l: number, costPerGbUsd: number): void {
  if (s.fabric.linkBytes.length <= l) {
    const b = new Float64Array(Math.max(l + 1, s.fabric.linkBytes.length * 2));
    b.set(s.fabric.linkBytes);
    s.fabric.linkBytes = b;
    const c = new Int32Array(b.length);
    c.set(s.fabric.linkDownCauses);
    s.fabric.linkDownCauses = c;
  }
  s.fabric.linkJitter[l] = null;
  s.fabric.linkCostPerGbUsd[l] = costPerGbUsd;
  s.fabric.linkIsWan[l] = 1; // radio access through a carrier network is metered like WAN
  s.fabric.flows.ensureResources?.(2 * (l + 1));
}
