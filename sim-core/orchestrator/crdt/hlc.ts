/**
 * Hybrid logical clocks (Kulkarni, Demirbas et al., "Logical Physical Clocks", OPODIS 2014).
 * A timestamp is (wallMs, logical, nodeId): wallMs tracks the largest physical time heard of,
 * logical counts events that share that wallMs, nodeId breaks the remaining ties so the order is
 * total and last-writer-wins picks the same winner on every replica.
 *
 * Physical time is always passed in (virtual time in the simulator, the wall clock on a live agent),
 * so these are pure functions.
 */

/** One HLC timestamp; immutable. */
export interface Hlc {
  readonly wallMs: number;
  readonly logical: number;
  readonly nodeId: string;
}

/** Why a remote clock was refused. */
export interface HlcDriftError {
  kind: 'clock-drift';
  /** How far the remote wallMs is ahead of our physical clock. */
  aheadMs: number;
  maxDriftMs: number;
  remote: Hlc;
}

/** Result of `hlcReceive`: the advanced clock, or a drift error (local clock unchanged). */
export type HlcReceiveResult = { ok: true; clock: Hlc } | { ok: false; error: HlcDriftError };

/** Options for `hlcReceive`. */
export interface HlcOptions {
  /** Refuse remote clocks whose wallMs is more than this ahead of our physical clock. */
  maxDriftMs?: number;
}

/** The initial clock of a node, (0, 0, nodeId). Throws on an empty nodeId. */
export function hlcZero(nodeId: string): Hlc {
  if (typeof nodeId !== 'string' || nodeId.length === 0) throw new Error(`hlc: nodeId must be a non-empty string, got ${JSON.stringify(nodeId)}`);
  return { wallMs: 0, logical: 0, nodeId };
}

/** Clock for a local or send event at `physicalMs`; strictly greater than `local`. */
export function hlcNow(local: Hlc, physicalMs: number): Hlc {
  checkPhysical(physicalMs);
  if (physicalMs > local.wallMs) return { wallMs: physicalMs, logical: 0, nodeId: local.nodeId };
  return { wallMs: local.wallMs, logical: local.logical + 1, nodeId: local.nodeId };
}

/**
 * Clock after receiving `remote` at `physicalMs`; strictly greater than both `local` and
 * `remote` (send/receive causality). With `maxDriftMs`, a remote clock further ahead of our
 * physical clock than that is refused as an error value: accepting it would drag our clock,
 * and every later write of ours, into the future.
 */
export function hlcReceive(local: Hlc, remote: Hlc, physicalMs: number, opts: HlcOptions = {}): HlcReceiveResult {
  checkPhysical(physicalMs);
  checkClock(remote);
  const max = opts.maxDriftMs;
  if (max !== undefined) {
    if (!(max >= 0)) throw new Error(`hlc: maxDriftMs must be >= 0, got ${max}`);
    const aheadMs = remote.wallMs - physicalMs;
    if (aheadMs > max) return { ok: false, error: { kind: 'clock-drift', aheadMs, maxDriftMs: max, remote } };
  }
  const wallMs = Math.max(local.wallMs, remote.wallMs, physicalMs);
  let logical: number;
  if (wallMs === local.wallMs && wallMs === remote.wallMs) logical = Math.max(local.logical, remote.logical) + 1;
  else if (wallMs === local.wallMs) logical = local.logical + 1;
  else if (wallMs === remote.wallMs) logical = remote.logical + 1;
  else logical = 0;
  return { ok: true, clock: { wallMs, logical, nodeId: local.nodeId } };
}

/** Total order: by wallMs, then logical, then nodeId (code-unit order). Returns -1, 0 or 1. */
export function compareHlc(a: Hlc, b: Hlc): -1 | 0 | 1 {
  if (a.wallMs !== b.wallMs) return a.wallMs < b.wallMs ? -1 : 1;
  if (a.logical !== b.logical) return a.logical < b.logical ? -1 : 1;
  if (a.nodeId !== b.nodeId) return a.nodeId < b.nodeId ? -1 : 1;
  return 0;
}

/** The larger of two clocks under `compareHlc`. */
export function maxHlc(a: Hlc, b: Hlc): Hlc {
  return compareHlc(a, b) >= 0 ? a : b;
}

/** Throws unless `c` is a well-formed clock (finite wallMs >= 0, integer logical >= 0, nodeId). */
export function checkClock(c: Hlc): void {
  if (!c || !Number.isFinite(c.wallMs) || c.wallMs < 0 || !Number.isInteger(c.logical) || c.logical < 0
    || typeof c.nodeId !== 'string' || c.nodeId.length === 0) {
    throw new Error(`hlc: malformed clock ${JSON.stringify(c)}`);
  }
}

function checkPhysical(physicalMs: number): void {
  if (!Number.isFinite(physicalMs) || physicalMs < 0) throw new Error(`hlc: physicalMs must be finite and >= 0, got ${physicalMs}`);
}
