/**
 * Faults as they happen and what they hold down (a record of TwinState, state.ts).
 *
 * Owners, the only writers: build.ts creates it from the scenario's faults; faults.ts applies
 * them (the active fault, partitions); stochastic-faults.ts and Simulation.inject() append to the
 * log; fabric-changes.ts keeps the node-down bookkeeping; node-holds.ts the node holds; the
 * control plane fills each record's detection and recovery times; lifecycle.ts marks the fault a
 * loss is charged to while it ends messages on a down node.
 */
import type { FaultModel } from '../scenario/model.ts';

/** One fault as it happened, for the report. */
export interface FaultRecord {
  kind: string;
  target: string;
  atMs: number;
  endMs: number | null;
  detectedAfterMs: number | null;
  recoveredAfterMs: number | null;
  /** Messages lost because of this fault. */
  messagesLost: number;
  /** Set once the fault's end has been applied (an early recovery makes its scheduled end a no-op). */
  cleared?: boolean;
}

/** The fault log, the fault being applied, and who is down because of what. */
export interface FaultState {
  /** Every fault, scripted, stochastic or injected, in the order it was added. */
  log: FaultRecord[];
  /** The fault models behind `log`, same order. */
  models: FaultModel[];
  /** Index in `log` of the fault being applied right now (losses are charged to it), else -1. */
  active: number;
  /** Node down bookkeeping: since when (-1: up) and for how long in all. */
  nodeDownSince: Float64Array;
  nodeDownMs: Float64Array;
  /** Fault (index in `log`) that took each node down, else -1. */
  nodeDownBy: Int32Array;
  /** Node down holds: node → the faults (log indices) holding it down (node-holds.ts). */
  nodeHolds: Map<number, Set<number>>;
  /** Partition faults in effect: fault index → the border links it cut (the same links heal at its end). */
  partitionedLinks: Map<number, number[]>;
}
