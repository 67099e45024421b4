/**
 * Counts per topology pair (key, value), stored per key as a Float64Array over the key's
 * interned label values, so "the count of the node's domain" is one lookup per key. With a
 * CountsPool the arrays are reused across cycles (a hostname key has one value per node, so a
 * fresh array per cycle would be node-sized garbage every time).
 */
import type { ClusterState } from '../state.ts';

/** Count arrays lent for one cycle; release() zeroes the entries written and takes them back. */
export class CountsPool {
  private readonly free: Float64Array[] = [];
  private readonly lent: { counts: Float64Array; written: number[] }[] = [];
  /** A zeroed array of at least `size` entries, plus the list its writer must fill with written indices. */
  take(size: number): { counts: Float64Array; written: number[] } {
    const i = this.free.findIndex((a) => a.length >= size);
    const counts = i >= 0 ? this.free.splice(i, 1)[0]! : new Float64Array(size);
    const loan = { counts, written: [] as number[] };
    this.lent.push(loan);
    return loan;
  }
  /** Ends the cycle: every array lent since the last release is zeroed and reusable (and invalid for its old holder). */
  release(): void {
    for (const { counts, written } of this.lent) {
      for (let i = 0; i < written.length; i++) counts[written[i]!] = 0;
      this.free.push(counts);
    }
    this.lent.length = 0;
  }
}

/** One key's counts: by value id, with the nodes whose adds landed in it (a node may repeat). */
export interface PairTable {
  readonly ids: Int32Array;
  readonly counts: Float64Array;
  readonly written: number[] | null;
  /** Nodes passed to add() under this key that have the label. */
  readonly nodes: number[];
  /** The key's values are one per node (hostname-like): only `nodes` can hold a non-zero count. */
  readonly unique: boolean;
}

/** A (topologyKey → value id → count) table bound to one ClusterState. */
export class PairCounts {
  readonly byKey = new Map<string, PairTable>();
  /** Some pair was touched (kube: the map is non-empty). */
  touched = false;
  /** Some pair holds a count > 0. */
  positive = false;
  constructor(private readonly state: ClusterState, private readonly pool?: CountsPool) {}

  /** Adds `value` to the pair (key, label of node n); ignored when node n lacks the label. */
  add(key: string, n: number, value: number): void {
    let e = this.byKey.get(key);
    if (!e) {
      const col = this.state.labelColumn(key);
      const loan = this.pool?.take(col.values.length);
      e = { ids: col.ids, counts: loan ? loan.counts : new Float64Array(col.values.length), written: loan ? loan.written : null, nodes: [], unique: col.unique };
      this.byKey.set(key, e);
    }
    const id = e.ids[n]!;
    if (id < 0) return;
    e.nodes.push(n);
    if (e.written !== null && e.counts[id] === 0) e.written.push(id);
    e.counts[id] += value;
    this.touched = true;
    if (e.counts[id]! > 0) this.positive = true;
  }

  /** The table for one key (undefined when nothing was added under it). */
  of(key: string): { ids: Int32Array; counts: Float64Array } | undefined {
    return this.byKey.get(key);
  }
}
