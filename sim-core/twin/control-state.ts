/**
 * Control traffic: control messages in flight and their counters, and the slot for the control
 * plane that sends them (a record of TwinState, state.ts).
 *
 * Owners, the only writers: control-transport.ts (messages in flight and the traffic counters;
 * transport.ts ends a control flow through it); the control plane's installer sets `plane`.
 */
import type { ControlMessage, ControlTraffic } from './control-message.ts';
import type { ControlPlaneState } from './control/cp-state.ts';

/** Control messages in flight, their counters, and the control plane. */
export interface ControlState {
  /** Counters for the report. */
  traffic: ControlTraffic;
  /** Control messages in flight (slots) and the free list. */
  inFlight: (ControlMessage | null)[];
  free: number[];
  /** The control plane installed on this twin (twin/control/), null without one. */
  plane: ControlPlaneState | null;
}
