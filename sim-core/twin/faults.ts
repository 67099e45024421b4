/**
 * Scripted faults (scenario `faults:` and `--fault`): node crash, power loss, link cut or
 * degradation, region/zone partition, control-plane outage. Each start and end is a kernel
 * event; the fault log records when it happened and what it cost. Overlapping faults compose:
 * a node stays down while any fault holds it (node-holds.ts), a link while any cause holds it
 * down (fabric-changes.ts), and degradations combine on the link's base values
 * (link-degradation.ts).
 */
import type { FaultModel } from '../scenario/model.ts';
import { changeLinkDownCauses } from './fabric-changes.ts';
import { endDegradation, startDegradation } from './link-degradation.ts';
import { holdNodeDown, releaseFault } from './node-holds.ts';
import type { TwinState } from './state.ts';

/** Registers what a control-plane fault does (the control plane installs it); without one the fault changes nothing. */
export function onControlPlaneFault(s: TwinState, handler: (fault: number, start: boolean) => void): void {
  s.hooks.controlPlaneFault = handler;
}

/** Checks a fault's target against the fabric; returns a message when it names nothing. */
export function checkFaultTarget(s: Pick<TwinState, 'fabric' | 'model'>, f: FaultModel): string | undefined {
  switch (f.kind) {
    case 'node': case 'power':
      return s.fabric.topology.nodeIndex(f.target) < 0 ? `no node '${f.target}'` : undefined;
    case 'link':
      return s.fabric.topology.linkIndex(f.target) < 0 ? `no link '${f.target}' (write it as <a>~<b> with node ids, or a link id)` : undefined;
    case 'partition': {
      const known = s.model.regions.some((r) => r.id === f.target || r.zones.includes(f.target));
      return known ? undefined : `no region or zone '${f.target}'; known: ${s.model.regions.flatMap((r) => [r.id, ...r.zones]).join(', ')}`;
    }
    case 'control-plane':
      return undefined;
  }
}

/** Schedules the start and end events of every fault in the log. */
export function scheduleFaults(s: TwinState): void {
  s.faults.log.forEach((rec, i) => {
    s.kernel.scheduleAt(rec.atMs, s.kinds.fault, i, 1);
    if (rec.endMs !== null) s.kernel.scheduleAt(rec.endMs, s.kinds.fault, i, 0);
  });
}

/** Fault event: start (b = 1) or end (b = 0) of fault i. */
export function onFault(s: TwinState, i: number, start: number): void {
  const f = s.faults.models[i]!;
  const rec = s.faults.log[i]!;
  if (!start) {
    if (rec.cleared) return; // recovered early: the scheduled end finds nothing to undo
    rec.cleared = true;
  }
  s.faults.active = i;
  try {
    if (start) applyFault(s, f, i); else clearFault(s, f, i);
  } finally {
    s.faults.active = -1;
  }
  s.events.publish({ t: s.kernel.nowMs, type: start ? 'fault-start' : 'fault-end', fault: f.spec, kind: f.kind, target: f.target });
}

function applyFault(s: TwinState, f: FaultModel, i: number): void {
  const partitioned = s.faults.partitionedLinks;
  switch (f.kind) {
    case 'node': holdNodeDown(s, s.fabric.topology.nodeIndex(f.target), i, false); return;
    case 'power': holdNodeDown(s, s.fabric.topology.nodeIndex(f.target), i, true); return;
    case 'link': {
      const l = s.fabric.topology.linkIndex(f.target);
      if (!f.degrade) { changeLinkDownCauses(s, l, 1); return; }
      startDegradation(s, l, i, f.degrade);
      return;
    }
    case 'partition': {
      const links = borderLinks(s, f.target);
      partitioned.set(i, links); // the same links heal at the end, whatever moved meanwhile
      for (const l of links) changeLinkDownCauses(s, l, 1);
      return;
    }
    case 'control-plane': s.hooks.controlPlaneFault?.(i, true); return;
  }
}

function clearFault(s: TwinState, f: FaultModel, i: number): void {
  const partitioned = s.faults.partitionedLinks;
  switch (f.kind) {
    // Every node the fault holds: one for a scripted crash, all of a zone or region for a stochastic domain failure.
    case 'node': case 'power': releaseFault(s, i); return;
    case 'link': {
      const l = s.fabric.topology.linkIndex(f.target);
      if (!f.degrade) { changeLinkDownCauses(s, l, -1); return; }
      endDegradation(s, l, i);
      return;
    }
    case 'partition': {
      for (const l of partitioned.get(i) ?? []) changeLinkDownCauses(s, l, -1);
      partitioned.delete(i);
      return;
    }
    case 'control-plane': s.hooks.controlPlaneFault?.(i, false); return;
  }
}

/**
 * Indices (in the fault log) of the faults active at `nowMs` that `target` names: a node id, a
 * link (`a~b` or its id), a region or zone, or '' / 'control-plane' for the control plane.
 */
export function activeFaultsOn(s: TwinState, target: string, nowMs: number): number[] {
  const link = s.fabric.topology.linkIndex(target);
  const out: number[] = [];
  s.faults.log.forEach((rec, i) => {
    if (rec.cleared || rec.atMs > nowMs) return;
    const f = s.faults.models[i]!;
    const hit = f.kind === 'control-plane' ? target === '' || target === 'control-plane'
      : f.kind === 'link' ? link >= 0 && s.fabric.topology.linkIndex(f.target) === link
        : f.target === target;
    if (hit) out.push(i);
  });
  return out;
}

/** Links with exactly one end inside the region or zone named `area`. */
export function borderLinks(s: TwinState, area: string): number[] {
  const inside = (n: number) => {
    const node = s.model.nodes[n];
    return node !== undefined && (node.region === area || node.zone === area);
  };
  const out: number[] = [];
  for (let l = 0; l < s.fabric.topology.linkCount; l++) {
    if (inside(s.fabric.topology.linkA(l)) !== inside(s.fabric.topology.linkB(l))) out.push(l);
  }
  return out;
}

