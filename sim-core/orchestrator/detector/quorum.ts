/**
 * Majority quorum for decentralized control: members coordinate through a leader, and a
 * decision needs a strict majority of all members reachable from the leader, so the minority
 * side of a partition can never decide (no split brain).
 */

/** Result of asking whether a group can decide. */
export interface QuorumDecision {
  canDecide: boolean;
  /** The leader: lowest member id among the reachable majority; null without quorum. */
  leader: string | null;
  /** Members the leader reaches, itself included. */
  reachable: string[];
  /** Size of a strict majority. */
  needed: number;
}

/**
 * Given all members, whether each is up, and a reachability test, finds the group that holds a
 * majority (there is at most one) and its leader. Deterministic: candidates are tried in id order.
 */
export function quorumOf(members: readonly string[], isUp: (m: string) => boolean, reaches: (a: string, b: string) => boolean): QuorumDecision {
  const needed = Math.floor(members.length / 2) + 1;
  const sorted = [...members].sort();
  for (const candidate of sorted) {
    if (!isUp(candidate)) continue;
    const reachable = sorted.filter((m) => m === candidate || (isUp(m) && reaches(candidate, m)));
    if (reachable.length >= needed) return { canDecide: true, leader: reachable[0]!, reachable, needed };
  }
  return { canDecide: false, leader: null, reachable: [], needed };
}
