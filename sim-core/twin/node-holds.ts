/**
 * Node down causes: the faults (scripted or stochastic, by fault-log index) that currently hold
 * each node down. A node goes down with its first hold and comes back only when no fault holds
 * it any more, so two crash windows that overlap without nesting keep the node down until the
 * later one ends (the earlier one's end used to bring it back while the other was still active).
 * Holding and releasing are idempotent per fault, so an early recovery and the fault's own end
 * cannot release twice.
 */
import { nodeDown, nodeUp } from './fabric-changes.ts';
import type { TwinState } from './state.ts';

/** Fault `fault` holds node n down; the node crashes (power: also loses volatile storage) if it was up. */
export function holdNodeDown(s: TwinState, n: number, fault: number, power: boolean): void {
  const m = s.faults.nodeHolds;
  let set = m.get(n);
  if (!set) m.set(n, (set = new Set()));
  set.add(fault);
  nodeDown(s, n, power); // no-op when another fault already holds it down
}

/** Fault `fault` lets go of node n; the node comes back when nothing else holds it. */
export function releaseNode(s: TwinState, n: number, fault: number): void {
  const set = s.faults.nodeHolds.get(n);
  if (!set || !set.delete(fault)) return;
  if (set.size > 0) return;
  s.faults.nodeHolds.delete(n);
  nodeUp(s, n);
}

/** Releases every node that fault `fault` holds (a zone or region failure holds several). */
export function releaseFault(s: TwinState, fault: number): void {
  const held = [...s.faults.nodeHolds].filter(([, set]) => set.has(fault)).map(([n]) => n);
  for (const n of held.sort((a, b) => a - b)) releaseNode(s, n, fault);
}
