/**
 * The running control plane: its state (cp-state.ts) and the twin it runs in, plus the few
 * helpers every part of it uses (events, refusal counts, pair keys).
 */
import type { RefusalReason } from '../../orchestrator/control/actions.ts';
import type { FleetView } from '../../orchestrator/control/observed.ts';
import type { RelocateContext } from '../../orchestrator/control/relocate.ts';
import type { TwinEvent } from '../events.ts';
import type { TwinState } from '../state.ts';
import type { ControlPlaneState } from './cp-state.ts';

/** The control plane of one twin, with the twin and the controller's live view of it (observe.ts). */
export interface ControlPlane extends ControlPlaneState {
  s: TwinState;
  view: FleetView;
  relocation: RelocateContext;
}

/** Key of a (node, service) pair in pending/drift maps. */
export function pairKey(cp: ControlPlane, node: number, service: number): number {
  return node * cp.runningOn.length + service;
}

/** Counts a refused decision by reason. */
export function refuse(cp: ControlPlane, reason: RefusalReason): void {
  cp.metrics.refused[reason] = (cp.metrics.refused[reason] ?? 0) + 1;
}

/** The control-plane members of TwinEvent. */
export type ControlPlaneEvent = Extract<TwinEvent, { type: 'replica-started' | 'replica-stopped' | 'autonomous' | 'declared-failed' | 'declared-alive' | 'drift' | 'relocated' | 'relocation-refused' }>;

/** Publishes a control-plane event (only built when someone listens). */
export function publishCp(cp: ControlPlane, make: () => ControlPlaneEvent): void {
  if (cp.s.events.active) cp.s.events.publish(make());
}
