/**
 * A node's desired state as the gateway signs it and the edge agent checks it: which workloads
 * the node runs, under which plan, at which version, valid from when until when. The signature is
 * ed25519 over the RFC 8785 (JCS) text of the payload, so key order and whitespace never matter.
 * `version` only grows per node (a rollback is a new, higher version carrying the old workloads),
 * so an agent that refuses versions ≤ its own defeats replay and rollback attacks; `expiresAt`
 * defeats freeze attacks (TUF / Uptane).
 */

/** Kind string of desired-state payloads. */
export const DESIRED_STATE_KIND = 'edgetwin.io/v1alpha1/DesiredState';

/** One workload: a service of an app, run by the node's runtime. */
export interface Workload {
  /** "app/service", as in a plan's target. */
  service: string;
  /** The process the reference runtime starts (argv); absent: the runtime's built-in workload for the service. */
  command?: string[];
  /** Extra environment for the process. */
  env?: Record<string, string>;
}

/** What a node should run. */
export interface DesiredState {
  kind: typeof DESIRED_STATE_KIND;
  node: string;
  /** Strictly increasing per node; the agent applies only a version above the one it runs. */
  version: number;
  /** Content hash of the approved plan this state comes from (its `hash`). */
  planHash: string;
  /** The push that delivered it (gateway push id), for reports and audit. */
  pushId: string;
  /** ISO-8601 UTC; the agent refuses the state before this instant. */
  notBefore: string;
  /** ISO-8601 UTC; the agent refuses the state after this instant (no freeze). */
  expiresAt: string;
  workloads: Workload[];
}

/** A desired state with its signature: base64 ed25519 over canonicalJson(payload) (UTF-8), and the signing key's id. */
export interface SignedDesiredState {
  payload: DesiredState;
  /** base64 of the 64-byte ed25519 signature. */
  signature: string;
  /** keyId() of the public key that verifies it. */
  keyId: string;
}
