/**
 * Binary min-heap of events in typed arrays, ordered by (timeMs, priority, seq).
 * Heap positions hold only (timeMs, slot); each entry's priority and seq live at its slot index
 * and are read only to break time ties. Sifting therefore moves two numbers per level, as a bare
 * (time, seq) heap does, and push/pop allocate nothing except when an array doubles.
 * Contract: a slot is a small non-negative int32 naming the entry's payload elsewhere, and no two
 * entries in the heap share a slot (the kernel's slot table guarantees this).
 */

/** Smallest capacity the heap starts with. */
const MIN_CAPACITY = 16;

/** A min-heap of (timeMs, priority, seq, slot) entries; the smallest (timeMs, priority, seq) is on top. */
export class EventHeap {
  /** Entry times in heap order; indices < size are meaningful. Public for the kernel's inlined pop. */
  times: Float64Array;
  /** Entry slots in heap order. */
  slots: Int32Array;
  /** Priority of the entry holding each slot (lower first at equal time). Indexed by slot. */
  priorities: Int32Array;
  /** Sequence number of the entry holding each slot: the last tie-break. Indexed by slot. */
  seqs: Float64Array;
  /** Number of entries. */
  size = 0;

  /** Creates an empty heap; `initialCapacity` only sizes the first allocation. */
  constructor(initialCapacity = MIN_CAPACITY) {
    if (!(initialCapacity >= 0) || !Number.isFinite(initialCapacity)) {
      throw new Error(`EventHeap: initialCapacity must be a finite number >= 0, got ${initialCapacity}`);
    }
    const cap = Math.max(MIN_CAPACITY, Math.ceil(initialCapacity));
    this.times = new Float64Array(cap);
    this.slots = new Int32Array(cap);
    this.priorities = new Int32Array(cap);
    this.seqs = new Float64Array(cap);
  }

  /** Time of the top entry; Infinity when empty. */
  peekTimeMs(): number {
    return this.size === 0 ? Infinity : this.times[0]!;
  }

  /** Slot of the top entry; -1 when empty. */
  peekSlot(): number {
    return this.size === 0 ? -1 : this.slots[0]!;
  }

  /** Adds an entry. Callers guarantee timeMs is not NaN, priority is an int32, slot is unused in the heap. */
  push(timeMs: number, priority: number, seq: number, slot: number): void {
    if (this.size === this.times.length) this.grow();
    if ((slot >>> 0) >= this.priorities.length) this.growSlots(slot); // >>> 0 sends negatives to the check
    const times = this.times, slots = this.slots, prios = this.priorities, seqs = this.seqs;
    prios[slot] = priority;
    seqs[slot] = seq;
    // Sift up by moving a hole rather than swapping: one write per level instead of two.
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p]!;
      if (pt < timeMs) break;
      const ps = slots[p]!;
      if (pt === timeMs && tieLess(prios, seqs, ps, slot)) break;
      times[i] = pt;
      slots[i] = ps;
      i = p;
    }
    times[i] = timeMs;
    slots[i] = slot;
  }

  /** Removes the top entry and returns its slot; throws on an empty heap (a caller bug). */
  pop(): number {
    const n = this.size;
    if (n === 0) throw new Error('EventHeap.pop on an empty heap');
    const top = this.slots[0]!;
    this.size = n - 1;
    if (n > 1) this.siftDown(0, this.times[n - 1]!, this.slots[n - 1]!);
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
    const times = this.times, slots = this.slots;
    const n = this.size;
    let w = 0;
    for (let r = 0; r < n; r++) {
      if (!keep(slots[r]!)) continue;
      times[w] = times[r]!;
      slots[w] = slots[r]!;
      w++;
    }
    this.size = w;
    for (let i = (w >> 1) - 1; i >= 0; i--) this.siftDown(i, times[i]!, slots[i]!);
    return n - w;
  }

  /** Places entry (t, slot) at hole `i` and sifts it down within [0, size). */
  siftDown(i: number, t: number, slot: number): void {
    const times = this.times, slots = this.slots, prios = this.priorities, seqs = this.seqs;
    const n = this.size;
    const half = n >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      let ct = times[c]!;
      let cs = slots[c]!;
      const r = c + 1;
      if (r < n) {
        const rt = times[r]!;
        const rs = slots[r]!;
        if (rt < ct || (rt === ct && tieLess(prios, seqs, rs, cs))) {
          c = r;
          ct = rt;
          cs = rs;
        }
      }
      if (t < ct || (t === ct && tieLess(prios, seqs, slot, cs))) break;
      times[i] = ct;
      slots[i] = cs;
      i = c;
    }
    times[i] = t;
    slots[i] = slot;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const times = new Float64Array(cap);
    times.set(this.times);
    const slots = new Int32Array(cap);
    slots.set(this.slots);
    this.times = times;
    this.slots = slots;
  }

  private growSlots(slot: number): void {
    if (!(slot >= 0) || (slot | 0) !== slot) throw new Error(`EventHeap: slot must be an int32 >= 0, got ${slot}`);
    let cap = this.priorities.length * 2;
    while (cap <= slot) cap *= 2;
    const prios = new Int32Array(cap);
    prios.set(this.priorities);
    const seqs = new Float64Array(cap);
    seqs.set(this.seqs);
    this.priorities = prios;
    this.seqs = seqs;
  }
}

/** At equal time: does the entry in slot x order before the one in slot y (priority, then seq)? */
export function tieLess(prios: Int32Array, seqs: Float64Array, x: number, y: number): boolean {
  const px = prios[x]!, py = prios[y]!;
  return px < py || (px === py && seqs[x]! < seqs[y]!);
}
