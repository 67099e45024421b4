/**
 * Binary min-heap of events in typed arrays, ordered by (timeMs, priority, seq).
 * Heap positions hold only (timeMs, slot); each entry's priority and seq live in a per-slot record
 * (`records`, `stride` numbers per slot) and are read only to break time ties. The rest of each
 * record belongs to the caller, so the kernel keeps its payload in the same cache line.
 * Sifting therefore moves two numbers per level, as a bare (time, seq) heap does, and push/pop
 * allocate nothing except when an array doubles.
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
  /** Per-slot records: [stride*slot] = priority (lower first at equal time), [stride*slot + 1] = seq (then lower first); offsets 2.. are the caller's. */
  records: Float64Array;
  /** Numbers per slot record (>= 2). */
  readonly stride: number;
  /** Number of entries. */
  size = 0;

  /** Creates an empty heap; `initialCapacity` only sizes the first allocation; `stride` (int >= 2) sizes each slot record. */
  constructor(initialCapacity = MIN_CAPACITY, stride = 2) {
    if (!(initialCapacity >= 0) || !Number.isFinite(initialCapacity)) {
      throw new Error(`EventHeap: initialCapacity must be a finite number >= 0, got ${initialCapacity}`);
    }
    if (!(stride >= 2) || (stride | 0) !== stride) throw new Error(`EventHeap: stride must be an integer >= 2, got ${stride}`);
    this.stride = stride;
    const cap = Math.max(MIN_CAPACITY, Math.ceil(initialCapacity));
    this.times = new Float64Array(cap);
    this.slots = new Int32Array(cap);
    this.records = new Float64Array(stride * cap);
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
    const st = this.stride;
    if ((slot >>> 0) * st >= this.records.length) this.reserveSlots(slot + 1); // >>> 0 sends negatives to the check
    const times = this.times, slots = this.slots, ties = this.records;
    ties[st * slot] = priority;
    ties[st * slot + 1] = seq;
    // Sift up by moving a hole rather than swapping: one write per level instead of two.
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p]!;
      if (pt < timeMs) break;
      const ps = slots[p]!;
      if (pt === timeMs && tieLess(ties, st, ps, slot)) break;
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
    const times = this.times, slots = this.slots, ties = this.records, st = this.stride;
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
        if (rt < ct || (rt === ct && tieLess(ties, st, rs, cs))) {
          c = r;
          ct = rt;
          cs = rs;
        }
      }
      if (t < ct || (t === ct && tieLess(ties, st, slot, cs))) break;
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

  /** Grows `records` (by doubling) to hold at least `slotCount` slots; contents are kept. */
  reserveSlots(slotCount: number): void {
    if (!(slotCount >= 1) || (slotCount | 0) !== slotCount) throw new Error(`EventHeap: slot must be an int32 >= 0, got ${slotCount - 1}`);
    let cap = this.records.length / this.stride;
    if (cap >= slotCount) return;
    while (cap < slotCount) cap *= 2;
    const records = new Float64Array(this.stride * cap);
    records.set(this.records);
    this.records = records;
  }
}

/** At equal time: does the entry in slot x order before the one in slot y (priority, then seq)? */
export function tieLess(records: Float64Array, stride: number, x: number, y: number): boolean {
  const px = records[stride * x]!, py = records[stride * y]!;
  return px < py || (px === py && records[stride * x + 1]! < records[stride * y + 1]!);
}
