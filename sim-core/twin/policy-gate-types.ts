/** The policy gate's types (policy-gate.ts), apart so the twin's state can name them without importing behaviour. */

/** Per-message policy checks with caches; null when the scenario has no policies. */
export interface PolicyGate {
  /** Whether stream st may send data from node `from` to node `to` (over today's route). */
  routeAllowed(st: number, from: number, to: number): boolean;
  /** Lifespan cap (ms) for stream st's results stored on `node`; Infinity when none. */
  retentionCapMs(st: number, node: number): number;
  /** Whether stream st's data may be held on `node` at all (residency), so a service fed by it may run there. */
  storeAllowed(st: number, node: number): boolean;
  /** Decisions taken and denials, by policy id, for the report. */
  readonly denials: Map<string, number>;
  decisions: number;
  /** Memoized decisions (store: static; route: valid for one topology version). */
  readonly cache: PolicyGateCache;
}

/** A gate's memoized decisions, keyed by stream × node (× node for routes). */
export interface PolicyGateCache {
  route: Map<number, boolean>;
  store: Map<number, { allowed: boolean; capMs: number }>;
  topologyVersion: number;
}
