/**
 * Follow-the-vehicle placement: given where a mobile node is attached and how far (hops, link
 * latency, km) each candidate node is from it, decide whether a following service should
 * migrate and where to. Pure: the twin measures, this decides, and says why.
 */

/** A node the service may run on, measured from the vehicle's attachment point. */
export interface FollowCandidate {
  node: string;
  /** Links from the attachment point (0: the attachment point itself); Infinity when unreachable. */
  hops: number;
  /** Sum of link latencies from the attachment point, in ms; Infinity when unreachable. */
  latencyMs: number;
  /** Straight-line distance to the vehicle, in km. */
  distanceKm: number;
  /** Whether the node is up (a down node is never a target). */
  up: boolean;
}

/** What the decision knows. */
export interface FollowInput {
  /** The node the service runs on now. */
  current: string;
  /** The vehicle's attachment point, or null when it is out of coverage. */
  attachedTo: string | null;
  /** Every candidate, the current node included when it is one. */
  candidates: readonly FollowCandidate[];
  policy: 'nearest' | 'lowest-latency';
  /** Stay while the current node is within this many hops of the attachment point. */
  maxHops: number;
  /** Also move when the current node's latency from the attachment point exceeds this (Infinity: never). */
  latencyAboveMs: number;
}

/** Move to `target`, or stay; `reason` says which rule decided. */
export type FollowDecision =
  | { migrate: true; target: string; reason: string }
  | { migrate: false; reason: string };

/** Decides whether and where the service migrates (ties: fewer hops, then node id). */
export function decideFollow(input: FollowInput): FollowDecision {
  if (!(Number.isInteger(input.maxHops) && input.maxHops >= 0)) throw new Error(`decideFollow: maxHops must be an integer >= 0, got ${input.maxHops}`);
  if (input.attachedTo === null) return { migrate: false, reason: 'vehicle out of coverage: stay' };
  const cur = input.candidates.find((c) => c.node === input.current);
  const curHops = cur?.hops ?? Infinity, curLatency = cur?.latencyMs ?? Infinity;
  if (cur && cur.up && curHops <= input.maxHops && !(curLatency > input.latencyAboveMs)) {
    return { migrate: false, reason: `within ${input.maxHops} hop(s) of ${input.attachedTo}: stay` };
  }
  const key = (c: FollowCandidate) => (input.policy === 'nearest' ? c.distanceKm : c.latencyMs);
  let best: FollowCandidate | null = null;
  for (const c of input.candidates) {
    if (!c.up || !Number.isFinite(c.hops)) continue;
    if (best === null || key(c) < key(best) || (key(c) === key(best) && (c.hops < best.hops || (c.hops === best.hops && c.node < best.node)))) best = c;
  }
  if (best === null) return { migrate: false, reason: 'no reachable candidate: stay' };
  if (best.node === input.current) return { migrate: false, reason: `already on the ${input.policy} candidate: stay` };
  if (cur && cur.up && !(key(best) < key(cur))) return { migrate: false, reason: `no candidate better than ${input.current}: stay` };
  const why = cur && curHops > input.maxHops ? `${curHops} hop(s) > maxHops ${input.maxHops}` : cur && curLatency > input.latencyAboveMs ? `latency ${curLatency} ms > ${input.latencyAboveMs} ms` : `${input.current} is not usable`;
  return { migrate: true, target: best.node, reason: `${why}: move to the ${input.policy} candidate ${best.node}` };
}

/**
 * Bytes sent while the service is stopped: all of it for stop-and-copy; for pre-copy what was
 * dirtied during the first copy (dirtyBytesPerS × its duration), capped at the state size.
 */
export function stopAndCopyBytes(mode: 'pre-copy' | 'stop-and-copy', stateSizeBytes: number, dirtyBytesPerS: number, preCopyMs: number): number {
  if (mode === 'stop-and-copy') return stateSizeBytes;
  return Math.min(stateSizeBytes, (dirtyBytesPerS * preCopyMs) / 1000);
}
