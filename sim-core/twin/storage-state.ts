/**
 * Stored results and their replicas on the way to other nodes (a record of TwinState, state.ts).
 *
 * Owners, the only writers: build.ts creates it; storage-stage.ts stores, purges and replicates
 * results; transport.ts allocates and frees the replica transfer slots; fabric-changes.ts wipes
 * a node's storage when it loses power.
 */
import type { Route } from '../fabric/routing.ts';
import type { StorageTable } from './storage.ts';

/** A replica of a critical result on its way to another node (not a message: no conservation). */
export interface ReplicaJob { node: number; sizeBytes: number; lifespanMs: number; flow: number; route: Route }

/** Stored items per node and replica transfers in flight. */
export interface StorageState {
  /** What each node stores, with its capacity. */
  table: StorageTable;
  /** Nodes that may hold replicas of critical results (regional and cloud tiers, and edge). */
  replicaCandidates: number[];
  /** Replica transfers in flight (slots) and the free list. */
  replicaJobs: (ReplicaJob | null)[];
  replicaFree: number[];
}
