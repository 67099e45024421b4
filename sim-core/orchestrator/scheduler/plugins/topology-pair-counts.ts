/**
 * Counts per topology pair (key, value), stored per key as a Float64Array over the key's
 * interned label values, so "the count of the node's domain" is one lookup per key.
 */
import type { ClusterState } from '../state.ts';

/** A (topologyKey → value id → count) table bound to one ClusterState. */
export class PairCounts {
  readonly byKey = new Map<string, { ids: Int32Array; counts: Float64Array }>();
  /** Some pair was touched (kube: the map is non-empty). */
  touched = false;
  /** Some pair holds a count > 0. */
  positive = false;
  constructor(private readonly state: ClusterState) {}

  /** Adds `value` to the pair (key, label of node n); ignored when node n lacks the label. */
  add(key: string, n: number, value: number): void {
    let e = this.byKey.get(key);
    if (!e) {
      const col = this.state.labelColumn(key);
      e = { ids: col.ids, counts: new Float64Array(col.values.length) };
      this.byKey.set(key, e);
    }
    const id = e.ids[n]!;
    if (id < 0) return;
    e.counts[id] += value;
    this.touched = true;
    if (e.counts[id]! > 0) this.positive = true;
  }

  /** The table for one key (undefined when nothing was added under it). */
  of(key: string): { ids: Int32Array; counts: Float64Array } | undefined {
    return this.byKey.get(key);
  }
}
