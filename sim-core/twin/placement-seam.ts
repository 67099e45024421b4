/** The placement seam's types (placement.ts), apart so the twin's state can name them without importing behaviour. */
import type { PlacementReason } from '../orchestrator/control/actions.ts';

/** Decides placements and replica choice; the twin calls it, never the other way round. */
export interface PlacementSeam {
  /** Node indices of each service's replicas (index = global service index). */
  readonly replicas: Int32Array[];
  /**
   * The replica node that should serve a message of stream `stream` now at `fromNode`: the
   * nearest up one that policies allow; -1 when none is reachable, POLICY_DENIED when replicas
   * are reachable but policies deny every one.
   */
  chooseReplica(service: number, fromNode: number, stream: number): number;
  /** Replaces a service's replicas (used by inject() and, later, by the orchestrator). */
  setReplicas(service: number, nodes: number[]): void;
  /**
   * Where a replacement replica of `service` should start when a replica on `lostNode` is
   * gone: a node for which `allowed` is true (the caller excludes suspected nodes and, for a
   * regional controller, nodes outside its region); -1 when none fits. Does not change replicas.
   */
  relocate(service: number, lostNode: number, allowed: (node: number) => boolean): number;
  /** Why the last relocate() chose what it chose (scores of the chosen node), when the seam can say. */
  lastExplanation?(): PlacementExplanation | null;
  /**
   * Everything the seam keeps between calls, as data its methods read through this object (not
   * closure variables), so a checkpoint of the twin copies it; absent for a seam that keeps nothing.
   */
  readonly data?: object;
}

/** The reason behind one placement: the controller's PlacementReason, where a seam may leave out the policies. */
export type PlacementExplanation = Omit<PlacementReason, 'policies'> & { policies?: string[] };
