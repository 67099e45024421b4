/**
 * Indexed binary min-heap over small integer ids, ordered by (key1, key2, id). Each id is in the
 * heap at most once and its keys can be raised or lowered in O(log n): Dijkstra uses it for
 * decrease-key, the flow network for completion times and for progressive filling.
 * Storage is typed arrays (see CONVENTIONS §1: faster than a heap of objects on Node 20).
 */
export class IndexedHeap {
  private heap: Int32Array;
  private pos: Int32Array;
  private k1: Float64Array;
  private k2: Float64Array;
  private n = 0;

  /** An empty heap accepting ids in [0, capacity); it grows with ensureCapacity(). */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new Error(`IndexedHeap: bad capacity ${capacity}`);
    const c = Math.max(capacity, 4);
    this.heap = new Int32Array(c);
    this.pos = new Int32Array(c).fill(-1);
    this.k1 = new Float64Array(c);
    this.k2 = new Float64Array(c);
  }

  /** Number of ids in the heap. */
  get size(): number { return this.n; }

  /** Accepts ids up to n - 1 afterwards (grows by doubling; existing entries are kept). */
  ensureCapacity(n: number): void {
    const old = this.pos.length;
    if (n <= old) return;
    let c = old;
    while (c < n) c *= 2;
    const heap = new Int32Array(c); heap.set(this.heap); this.heap = heap;
    const pos = new Int32Array(c).fill(-1); pos.set(this.pos); this.pos = pos;
    const k1 = new Float64Array(c); k1.set(this.k1); this.k1 = k1;
    const k2 = new Float64Array(c); k2.set(this.k2); this.k2 = k2;
  }

  /** True when id is in the heap. */
  has(id: number): boolean { return id >= 0 && id < this.pos.length && this.pos[id]! >= 0; }

  /** Inserts id, or moves it to its new keys if already present. */
  set(id: number, key1: number, key2 = 0): void {
    if (!(id >= 0 && id < this.pos.length && (id | 0) === id)) throw new Error(`IndexedHeap: id ${id} out of range`);
    if (key1 !== key1 || key2 !== key2) throw new Error(`IndexedHeap: NaN key for id ${id}`);
    const p = this.pos[id]!;
    const old1 = this.k1[id]!, old2 = this.k2[id]!;
    this.k1[id] = key1;
    this.k2[id] = key2;
    if (p < 0) {
      this.heap[this.n] = id;
      this.pos[id] = this.n;
      this.up(this.n++);
    } else if (key1 < old1 || (key1 === old1 && key2 < old2)) {
      this.up(p);
    } else {
      this.down(p);
    }
  }

  /** Smallest id by (key1, key2, id); -1 when empty. */
  peek(): number { return this.n > 0 ? this.heap[0]! : -1; }

  /** key1 of the smallest entry; Infinity when empty. */
  peekKey(): number { return this.n > 0 ? this.k1[this.heap[0]!]! : Infinity; }

  /** key1 of id (meaningful only while has(id)). */
  key(id: number): number { return this.k1[id]!; }

  /** Removes and returns the smallest id; -1 when empty. */
  pop(): number {
    if (this.n === 0) return -1;
    const top = this.heap[0]!;
    this.pos[top] = -1;
    const last = --this.n;
    if (last > 0) {
      // The last leaf replaces the root and can only sink.
      const moved = this.heap[last]!;
      this.heap[0] = moved;
      this.pos[moved] = 0;
      this.down(0);
    }
    return top;
  }

  /** Removes id if present. */
  remove(id: number): void {
    if (!this.has(id)) return;
    this.removeAt(this.pos[id]!);
  }

  /** Empties the heap in O(size). */
  clear(): void {
    for (let i = 0; i < this.n; i++) this.pos[this.heap[i]!] = -1;
    this.n = 0;
  }

  private removeAt(p: number): void {
    const id = this.heap[p]!;
    this.pos[id] = -1;
    const last = --this.n;
    if (p === last) return;
    const moved = this.heap[last]!;
    this.heap[p] = moved;
    this.pos[moved] = p;
    this.up(p);
    this.down(this.pos[moved]!);
  }

  private less(a: number, b: number): boolean {
    const x = this.k1[a]!, y = this.k1[b]!;
    if (x !== y) return x < y;
    const u = this.k2[a]!, v = this.k2[b]!;
    if (u !== v) return u < v;
    return a < b;
  }

  private up(p: number): void {
    const h = this.heap, pos = this.pos;
    const id = h[p]!;
    while (p > 0) {
      const parent = (p - 1) >> 1;
      const pid = h[parent]!;
      if (!this.less(id, pid)) break;
      h[p] = pid; pos[pid] = p;
      p = parent;
    }
    h[p] = id; pos[id] = p;
  }

  private down(p: number): void {
    const h = this.heap, pos = this.pos, n = this.n;
    const id = h[p]!;
    for (;;) {
      const l = 2 * p + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(h[r]!, h[l]!) ? r : l;
      const cid = h[c]!;
      if (!this.less(cid, id)) break;
      h[p] = cid; pos[cid] = p;
      p = c;
    }
    h[p] = id; pos[id] = p;
  }
}
