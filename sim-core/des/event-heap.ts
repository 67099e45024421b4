/**
 * Binary min-heap of events in typed arrays, ordered by (timeMs, tie). Each heap position holds
 * (timeMs, tie, slot) in three parallel arrays; `tie` is one number that orders equal times (the
 * kernel packs priority and seq into it), so comparisons never leave the heap arrays. A slot
 * names the entry's payload elsewhere (the kernel's slot records); the heap never reads it.
 * Push/pop allocate nothing except when the arrays double.
 * Contract: a slot is a non-negative int32 (the kernel's slot table keeps them unique).
 */

/** Smallest capacity the heap starts with. */
const MIN_CAPACITY = 16;

/** A min-heap of (timeMs, tie, slot) entries; the smallest (timeMs, tie) is on top. */
export class EventHeap {
  /** Entry times in heap order; indices < size are meaningful. Public for the kernel's inlined pop. */
  times: Float64Array;
  /** Entry tie-breakers in heap order (lower first at equal time). */
  ties: Float64Array;
  /** Entry slots in heap order. */
  slots: Int32Array;
  /** Number of entries. */
  size = 0;

  /** Creates an empty heap; `initialCapacity` only sizes the first allocation. */
  constructor(initialCapacity = MIN_CAPACITY) {
    if (!(initialCapacity >= 0) || !Number.isFinite(initialCapacity)) {
      throw new Error(`EventHeap: initialCapacity must be a finite number >= 0, got ${initialCapacity}`);
    }
    const cap = Math.max(MIN_CAPACITY, Math.ceil(initialCapacity));
    this.times = new Float64Array(cap);
    this.ties = new Float64Array(cap);
    this.slots = new Int32Array(cap);
  }

  /** Time of the top entry; Infinity when empty. */
  peekTimeMs(): number {
    return this.size === 0 ? Infinity : this.times[0]!;
  }

  /** Slot of the top entry; -1 when empty. */
  peekSlot(): number {
    return this.size === 0 ? -1 : this.slots[0]!;
  }

  /** Adds an entry. Callers guarantee timeMs and tie are not NaN and slot is a non-negative int32. */
  push(timeMs: number, tie: number, slot: number): void {
    if (!(slot >= 0 && (slot | 0) === slot)) throw new Error(`EventHeap: slot must be an int32 >= 0, got ${slot}`);
    if (this.size === this.times.length) this.grow();
    const times = this.times, ties = this.ties, slots = this.slots;
    // Sift up by moving a hole rather than swapping: one write per array per level instead of two.
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p]!;
      if (pt < timeMs || (pt === timeMs && ties[p]! < tie)) break;
      times[i] = pt;
      ties[i] = ties[p]!;
      slots[i] = slots[p]!;
      i = p;
    }
    times[i] = timeMs;
    ties[i] = tie;
    slots[i] = slot;
  }

  /** Removes the top entry and returns its slot; throws on an empty heap (a caller bug). */
  pop(): number {
    const n = this.size;
    if (n === 0) throw new Error('EventHeap.pop on an empty heap');
    const top = this.slots[0]!;
    this.size = n - 1;
    if (n > 1) this.siftDown(0, this.times[n - 1]!, this.ties[n - 1]!, this.slots[n - 1]!);
    return top;
  }

  /** Removes every entry. */
  clear(): void {
    this.size = 0;
  }

  /**
   * Keeps only the entries whose slot passes `keep` (called once per entry), then re-heapifies
   * in O(n). The kernel uses it to purge lazily-cancelled entries; returns how many were removed.
   */
  retain(keep: (slot: number) => boolean): number {
    const times = this.times, ties = this.ties, slots = this.slots;
    const n = this.size;
    let w = 0;
    for (let r = 0; r < n; r++) {
      if (!keep(slots[r]!)) continue;
      times[w] = times[r]!;
      ties[w] = ties[r]!;
      slots[w] = slots[r]!;
      w++;
    }
    this.size = w;
    for (let i = (w >> 1) - 1; i >= 0; i--) this.siftDown(i, times[i]!, ties[i]!, slots[i]!);
    return n - w;
  }

  /** Places entry (t, tie, slot) at hole `i` and sifts it down within [0, size). */
  siftDown(i: number, t: number, tie: number, slot: number): void {
    const times = this.times, ties = this.ties, slots = this.slots;
    const n = this.size;
    const half = n >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      let ct = times[c]!;
      const r = c + 1;
      if (r < n) {
        const rt = times[r]!;
        if (rt < ct || (rt === ct && ties[r]! < ties[c]!)) {
          c = r;
          ct = rt;
        }
      }
      if (t < ct || (t === ct && tie < ties[c]!)) break;
      times[i] = ct;
      ties[i] = ties[c]!;
      slots[i] = slots[c]!;
      i = c;
    }
    times[i] = t;
    ties[i] = tie;
    slots[i] = slot;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const times = new Float64Array(cap);
    times.set(this.times);
    const ties = new Float64Array(cap);
    ties.set(this.ties);
    const slots = new Int32Array(cap);
    slots.set(this.slots);
    this.times = times;
    this.ties = ties;
    this.slots = slots;
  }
}
