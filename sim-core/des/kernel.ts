/**
 * The discrete-event kernel: a virtual clock, an event heap and a dispatch loop. Nothing else.
 * Events are (timeMs, priority, kind, a, b): `kind` picks a handler registered with `on()`, and
 * a/b are int32s (the twin passes indices into its own typed-array tables), so scheduling
 * and dispatching allocate nothing. Modelled on SimPy's core: schedule, peek, step, run(until).
 */
import { EventHeap } from './event-heap.ts';

/** Called when an event of its kind fires, with the event's two numbers; `this` is undefined. */
export type EventHandler = (a: number, b: number) => void;

/** Called before each dispatch with the event about to run. */
export type EventObserver = (timeMs: number, kind: number, a: number, b: number) => void;

// An event id packs (generation, slot): id = generation * SLOT_RANGE + slot. A slot's generation
// bumps every time it is released, so a stale id never matches the slot's next occupant.
const SLOT_RANGE = 2 ** 26;
// Keeps ids below 2^53 (exact doubles); a slot that reaches it is retired instead of reused.
const MAX_GENERATION = 2 ** 27 - 1;

// Layout. The heap (event-heap.ts) holds (timeMs, tie, slot) per position, so ordering, ties
// included, never leaves the heap arrays. tie = (priority + PRIORITY_BIAS) * SEQ_RANGE + seq: one
// exact double orders (priority, seq) while priority is in [-2^15, 2^15) and seq < 2^37 (137
// billion events per kernel). Each slot's event lives in a 16-byte int32 record,
// recs[4*slot + TAG | KIND | A | B]. The popped slot was last touched ~(pending) events ago, so its
// record is usually a cache miss: 16 bytes keep the table small (1.6 MB at 100k pending; the
// 48-byte float64 record it replaces cost ~0.2x of the bare heap's time there), and the drain loop
// loads the next top's record right after each pop so that miss overlaps the handler. The miss
// still costs ~0.35x of the bare heap's time at 100k pending (measured by pointing every event at
// one record); loading two pops ahead did not help, as a JS load cannot retire before its data.
// TAG = generation * 2 + (1 while the slot holds a live event): it answers both "is the event in
// this slot live?" and "is this id the slot's current occupant?".
const TAG = 0;
const KIND = 1;
const A = 2;
const B = 3;
const PRIORITY_BIAS = 2 ** 15;
const SEQ_RANGE = 2 ** 37;

// Purge cancelled entries once they are this many and outnumber live ones: keeps cancel O(1)
// amortised while bounding memory when most scheduled events are cancelled (timeouts).
const MIN_DEAD_TO_COMPACT = 1024;

/** A single-threaded discrete-event simulator with a virtual millisecond clock starting at 0. */
export class Kernel {
  private now = 0;
  private live = 0;
  private dead = 0;
  private processed = 0;
  private seq = 0;
  private running = false;
  // Sink for the drain loop's early load of the next record (a field, so the load is kept).
  private prefetched = 0;
  private readonly heap: EventHeap;
  private handlers: EventHandler[] = [];
  private observers: EventObserver[] = [];

  // Per-slot records (see above); free slots as a LIFO stack (the slot just popped is the next one
  // handed out, its record still in cache); how many slots were ever handed out.
  private recs: Int32Array;
  private freeList: Int32Array;
  private freeTop = 0;
  private slotCount = 0;

  /** Creates an idle kernel; `initialCapacity` pre-sizes the heap and slot table (they grow anyway). */
  constructor(initialCapacity = 1024) {
    this.heap = new EventHeap(initialCapacity);
    const slots = Math.max(16, Math.ceil(initialCapacity));
    this.recs = new Int32Array(4 * slots);
    this.freeList = new Int32Array(slots);
  }

  /** The virtual clock in ms: the time of the event being or last dispatched, or the last run(until). */
  get nowMs(): number {
    return this.now;
  }

  /** Number of scheduled events that are neither run nor cancelled. */
  get pending(): number {
    return this.live;
  }

  /** Number of events dispatched so far. */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Registers a handler and returns its kind id (0, 1, 2, ... in registration order). */
  on(handler: EventHandler): number {
    if (typeof handler !== 'function') throw new Error(`Kernel.on: handler must be a function, got ${String(handler)}`);
    this.handlers.push(handler);
    return this.handlers.length - 1;
  }

  /** Schedules `kind` to fire `delayMs` (finite, >= 0) from now with int32 args a, b; priority in [-32768, 32767], lower first at equal time; returns an id for cancel(). */
  schedule(delayMs: number, kind: number, a = 0, b = 0, priority = 0): number {
    if (!(delayMs >= 0 && delayMs !== Infinity)) {
      throw new Error(`Kernel.schedule: delayMs must be a finite number >= 0, got ${delayMs}`);
    }
    return this.insert(this.now + delayMs, kind, a, b, priority);
  }

  /** Schedules `kind` to fire at absolute time `timeMs` (finite, >= nowMs); otherwise as schedule(); returns an id for cancel(). */
  scheduleAt(timeMs: number, kind: number, a = 0, b = 0, priority = 0): number {
    if (!(timeMs >= this.now && timeMs !== Infinity)) {
      throw new Error(`Kernel.scheduleAt: timeMs must be finite and >= nowMs (${this.now}), got ${timeMs}`);
    }
    return this.insert(timeMs, kind, a, b, priority);
  }

  /** Cancels a pending event: true if it was pending; false if already run, cancelled, or unknown. */
  cancel(id: number): boolean {
    if (!(id >= 0) || id !== Math.floor(id) || id >= 2 ** 53) return false;
    const slot = id % SLOT_RANGE;
    if (slot >= this.slotCount) return false;
    const tag = ((id - slot) / SLOT_RANGE) * 2 + 1;
    if (this.recs[4 * slot + TAG] !== tag) return false;
    // Lazy deletion: the heap entry stays (now dead) and is dropped when it reaches the top.
    this.recs[4 * slot + TAG] = tag - 1;
    this.live--;
    this.dead++;
    if (this.dead >= MIN_DEAD_TO_COMPACT && this.dead > this.live) this.compact();
    return true;
  }

  /** Time of the next live event; Infinity when none is pending. */
  peekTimeMs(): number {
    const heap = this.heap;
    while (heap.size > 0) {
      const slot = heap.slots[0]!;
      if ((this.recs[4 * slot + TAG]! & 1) === 1) return heap.times[0]!;
      heap.pop();
      this.dropDead(slot);
    }
    return Infinity;
  }

  /** Runs the next live event; returns false (and does nothing) when none is pending. */
  step(): boolean {
    return this.runEvents(1) === 1;
  }

  /** Runs every event with time <= untilMs (including ones scheduled meanwhile), then sets nowMs = untilMs if finite; returns events run. */
  run(untilMs: number): number {
    if (!(untilMs >= this.now)) throw new Error(`Kernel.run: untilMs must be >= nowMs (${this.now}), got ${untilMs}`);
    const n = this.loop(Infinity, untilMs);
    if (untilMs !== Infinity) this.now = untilMs;
    return n;
  }

  /** Runs at most maxEvents events, none later than untilMs; the clock stays at the last event run. Returns events run. */
  runEvents(maxEvents: number, untilMs = Infinity): number {
    if (!(maxEvents >= 0)) throw new Error(`Kernel.runEvents: maxEvents must be >= 0, got ${maxEvents}`);
    if (Number.isNaN(untilMs)) throw new Error(`Kernel.runEvents: untilMs must be a number, got ${untilMs}`);
    return this.loop(maxEvents, untilMs);
  }

  /** Calls fn before each dispatch; returns a function that unsubscribes it. Costs nothing when unused. */
  observe(fn: EventObserver): () => void {
    if (typeof fn !== 'function') throw new Error(`Kernel.observe: fn must be a function, got ${String(fn)}`);
    // Copy-on-write so (un)subscribing from inside an observer never disturbs the current notify.
    this.observers = [...this.observers, fn];
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      const i = this.observers.indexOf(fn);
      if (i >= 0) this.observers = [...this.observers.slice(0, i), ...this.observers.slice(i + 1)];
    };
  }

  private insert(timeMs: number, kind: number, a: number, b: number, priority: number): number {
    if (!(kind >= 0 && kind < this.handlers.length && (kind | 0) === kind)) {
      throw new Error(`Kernel: unknown event kind ${kind} (registered kinds: 0..${this.handlers.length - 1})`);
    }
    if ((a | 0) !== a) throw new Error(`Kernel: event argument a must be a 32-bit integer, got ${a}`);
    if ((b | 0) !== b) throw new Error(`Kernel: event argument b must be a 32-bit integer, got ${b}`);
    if (!(priority >= -PRIORITY_BIAS && priority < PRIORITY_BIAS && (priority | 0) === priority)) {
      throw new Error(`Kernel: priority must be an integer in [-32768, 32767], got ${priority}`);
    }
    if (this.seq === SEQ_RANGE) throw new Error(`Kernel: more than ${SEQ_RANGE} events scheduled by one kernel`);
    const slot = this.allocSlot();
    const recs = this.recs;
    const at = 4 * slot;
    const tag = recs[at + TAG]! + 1;
    recs[at + TAG] = tag;
    recs[at + KIND] = kind;
    recs[at + A] = a;
    recs[at + B] = b;
    this.heap.push(timeMs, (priority + PRIORITY_BIAS) * SEQ_RANGE + this.seq++, slot);
    this.live++;
    return (tag >> 1) * SLOT_RANGE + slot;
  }

  /** Shared by step/run/runEvents: refuses re-entry, and keeps the hot loop free of try/finally. */
  private loop(maxEvents: number, untilMs: number): number {
    if (this.running) throw new Error('Kernel: step/run called from inside a handler or observer');
    this.running = true;
    try {
      return this.drain(maxEvents, untilMs);
    } finally {
      this.running = false;
    }
  }

  /**
   * The dispatch loop: monomorphic and allocation-free. The heap pop is written out here because
   * V8 does not inline EventHeap.siftDown into a loop this size, and the call cost ~25% of throughput.
   */
  private drain(maxEvents: number, untilMs: number): number {
    const heap = this.heap;
    const handlers = this.handlers;
    let n = 0;
    while (n < maxEvents) {
      const size = heap.size;
      if (size === 0) break;
      // Re-read the arrays every event: a handler's schedule() may have grown them.
      const times = heap.times, ties = heap.ties, slots = heap.slots;
      const t = times[0]!;
      if (t > untilMs) break;
      const slot = slots[0]!;
      const last = size - 1;
      heap.size = last;
      const recs = this.recs;
      if (last > 0) {
        // EventHeap.siftDown(0, times[last], ties[last], slots[last]), written out (see above).
        const lt = times[last]!, lTie = ties[last]!;
        const half = last >> 1;
        let i = 0;
        while (i < half) {
          let c = 2 * i + 1;
          let ct = times[c]!;
          const r = c + 1;
          if (r < last) {
            const rt = times[r]!;
            if (rt < ct || (rt === ct && ties[r]! < ties[c]!)) {
              c = r;
              ct = rt;
            }
          }
          if (lt < ct || (lt === ct && lTie < ties[c]!)) break;
          times[i] = ct;
          ties[i] = ties[c]!;
          slots[i] = slots[c]!;
          i = c;
        }
        times[i] = lt;
        ties[i] = lTie;
        slots[i] = slots[last]!;
        // Load the next event's record now (kept in a field so the load is not dropped): its
        // cache miss then overlaps this event's handler instead of stalling the next pop.
        this.prefetched = recs[4 * slots[0]!]!;
      }
      const at = 4 * slot;
      const tag = recs[at + TAG]!;
      if ((tag & 1) === 0) {
        this.dropDead(slot);
        continue;
      }
      const kind = recs[at + KIND]!, a = recs[at + A]!, b = recs[at + B]!;
      // Released before the handler runs, so a handler cancelling its own id gets false.
      this.release(slot, tag - 1);
      this.live--;
      this.now = t;
      this.processed++;
      n++;
      if (this.observers.length !== 0) this.notify(t, kind, a, b);
      const h = handlers[kind]!;
      h(a, b);
    }
    return n;
  }

  private dropDead(slot: number): void {
    this.dead--;
    this.release(slot, this.recs[4 * slot + TAG]!);
  }

  private notify(t: number, kind: number, a: number, b: number): void {
    const obs = this.observers;
    for (let i = 0; i < obs.length; i++) obs[i]!(t, kind, a, b);
  }

  private allocSlot(): number {
    if (this.freeTop > 0) return this.freeList[--this.freeTop]!;
    if (this.slotCount === this.freeList.length) this.growSlots();
    return this.slotCount++;
  }

  /** Frees a popped slot; deadTag is its tag with the live bit clear. */
  private release(slot: number, deadTag: number): void {
    // Next generation; a slot that runs out of generations is retired, never handed out again.
    if (deadTag >= MAX_GENERATION * 2) {
      this.recs[4 * slot + TAG] = deadTag;
      return;
    }
    this.recs[4 * slot + TAG] = deadTag + 2;
    this.freeList[this.freeTop++] = slot;
  }

  private growSlots(): void {
    const cap = this.freeList.length;
    if (cap >= SLOT_RANGE) throw new Error(`Kernel: more than ${SLOT_RANGE} events scheduled at once`);
    const next = Math.min(cap * 2, SLOT_RANGE);
    const recs = new Int32Array(4 * next);
    recs.set(this.recs);
    this.recs = recs;
    const free = new Int32Array(next);
    free.set(this.freeList);
    this.freeList = free;
  }

  private compact(): void {
    const recs = this.recs;
    this.heap.retain((slot) => {
      const tag = recs[4 * slot + TAG]!;
      if ((tag & 1) === 1) return true;
      this.release(slot, tag);
      return false;
    });
    this.dead = 0;
  }
}
