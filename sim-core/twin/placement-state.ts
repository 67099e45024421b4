/**
 * Where services run, as a running twin keeps it (a record of TwinState, state.ts): the placement
 * seam that decides, the policy gate it consults, why each replica is where it is, and what
 * changed when.
 *
 * Owner: this class. Replicas change only through `setReplicas`, which also bumps `version`,
 * marks the service as placed and tells the twin (new replicas may unblock buffered data), so no
 * caller can forget one of them. build.ts creates it and installs the seam and the gate; the
 * seams add their decisions to `decisionLog`, and so do the control plane and Simulation.inject().
 */
import type { DecisionLog } from './decision-log.ts';
import type { PlacementSeam } from './placement-seam.ts';
import type { PolicyGate } from './policy-gate-types.ts';

/** The placement seam and its bookkeeping. */
export class PlacementState {
  /** Decides placements and replica choice (placement.ts, scheduler-placement.ts); installed by buildTwin(). */
  seam: PlacementSeam = UNINSTALLED;
  /** Per-message policy checks; null without policies. */
  policyGate: PolicyGate | null = null;
  /** Bumped whenever any service's replica list changes (lets a UI resend placement only then). */
  version = 0;
  /** 1 once a service has had a replica (no replica now means: wait, not: drop). */
  everPlaced: Uint8Array = new Uint8Array(0);

  /**
   * `decisionLog`: why each replica is where it is (read by the UI and the report, never by the
   * simulation). `onPlaced`: called after a service gets at least one replica.
   */
  constructor(readonly decisionLog: DecisionLog, private readonly onPlaced: () => void) {}

  /** Installs the seam that decides (once, while the twin is built). */
  install(seam: PlacementSeam): void {
    if (this.seam !== UNINSTALLED) throw new Error('PlacementState.install: a seam is already installed');
    this.seam = seam;
    this.everPlaced = Uint8Array.from(seam.replicas, (r) => (r.length > 0 ? 1 : 0));
  }

  /** Replaces a service's replicas (relocation, reconciliation, inject()). */
  setReplicas(service: number, nodes: number[]): void {
    this.seam.setReplicas(service, nodes);
    this.version++;
    if (nodes.length > 0) { this.everPlaced[service] = 1; this.onPlaced(); }
  }
}

const notYet = (): never => { throw new Error('the placement seam is used before buildTwin() installed it'); };

/** Stands in for the seam until buildTwin() installs one (a seam's factory runs with the twin half-built). */
const UNINSTALLED: PlacementSeam = Object.freeze({
  replicas: [],
  chooseReplica: notYet,
  setReplicas: notYet,
  relocate: notYet,
});
