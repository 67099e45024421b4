/**
 * Placement diff in the manner of tldraw's RecordsDiff (added / updated [from, to] / removed):
 * services new in the target, services gone from it, services whose replica nodes change, and
 * services that stay put. Replica order does not matter; replica multiplicity does.
 */

/** Service key "app/service" → replica node ids. */
export type Placements = Record<string, string[]>;

/** A service whose replicas move from one node set to another. */
export interface PlacementMove { service: string; from: string[]; to: string[] }

/** What changes between two placements; every list sorted by service key. */
export interface PlacementDiff {
  /** Services only in the target, with their nodes. */
  added: { service: string; nodes: string[] }[];
  /** Services only in the current state, with the nodes they leave. */
  removed: { service: string; nodes: string[] }[];
  /** Services in both whose (sorted) node lists differ. */
  moved: PlacementMove[];
  /** Services in both on the same nodes. */
  unchanged: string[];
}

const sorted = (xs: readonly string[]) => [...xs].sort();
const sameNodes = (a: readonly string[], b: readonly string[]) => a.length === b.length && sorted(a).every((x, i) => x === sorted(b)[i]);

/** Diff from `current` to `target`; node lists in the result are sorted. */
export function diffPlacements(current: Readonly<Placements>, target: Readonly<Placements>): PlacementDiff {
  const out: PlacementDiff = { added: [], removed: [], moved: [], unchanged: [] };
  const keys = [...new Set([...Object.keys(current), ...Object.keys(target)])].sort();
  for (const service of keys) {
    const from = Object.hasOwn(current, service) ? current[service]! : undefined;
    const to = Object.hasOwn(target, service) ? target[service]! : undefined;
    if (from === undefined) out.added.push({ service, nodes: sorted(to!) });
    else if (to === undefined) out.removed.push({ service, nodes: sorted(from) });
    else if (sameNodes(from, to)) out.unchanged.push(service);
    else out.moved.push({ service, from: sorted(from), to: sorted(to) });
  }
  return out;
}

/** Applies a diff to `current` (the inverse check: apply(current, diff(current, target)) equals target up to node order). */
export function applyDiff(current: Readonly<Placements>, d: PlacementDiff): Placements {
  const out: Placements = {};
  for (const [k, v] of Object.entries(current)) out[k] = [...v];
  for (const r of d.removed) delete out[r.service];
  for (const a of d.added) out[a.service] = [...a.nodes];
  for (const m of d.moved) out[m.service] = [...m.to];
  return out;
}

/** Number of replica changes: nodes gained plus nodes left, over every service (0 for an empty diff). */
export function diffSize(d: PlacementDiff): number {
  let n = 0;
  for (const a of d.added) n += a.nodes.length;
  for (const r of d.removed) n += r.nodes.length;
  for (const m of d.moved) {
    const left = [...m.from];
    for (const x of m.to) { const i = left.indexOf(x); if (i >= 0) left.splice(i, 1); else n++; }
    n += left.length;
  }
  return n;
}
