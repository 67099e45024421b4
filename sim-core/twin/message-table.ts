/**
 * Messages in flight, stored as columns of typed arrays indexed by a message slot, with a free
 * list. A slot lives from emission to its terminal state; the kernel's events carry the slot.
 * Keeping messages out of the JS heap lets a run hold hundreds of thousands in flight cheaply.
 */
import type { Route } from '../fabric/routing.ts';

/** Where a message is in its life; drives what its next arrival means. */
export const enum Stage {
  /** Travelling from its sensor to the ingest node (gateway), where it is filtered. */
  ToIngest = 0,
  /** Travelling to the node that runs its target service. */
  ToService = 1,
  /** Waiting in a node's queue. */
  Queued = 2,
  /** Being served on a core. */
  Processing = 3,
  /** Actuation feedback travelling back to the source device. */
  ToActuator = 4,
  /** Waiting in a store-and-forward buffer for a route to come back. */
  Buffered = 5,
}

/** Column store of live messages. */
export class MessageTable {
  capacity = 0;
  live = 0;
  stream = new Int32Array(0);
  source = new Int32Array(0);
  emitMs = new Float64Array(0);
  sizeBytes = new Float64Array(0);
  value = new Float64Array(0);
  /** Target service (global index); -1 on the actuation leg. */
  service = new Int32Array(0);
  stage = new Uint8Array(0);
  /** Node the message is at, or the origin of the leg it is on. */
  node = new Int32Array(0);
  /** Destination node of the current leg. */
  dest = new Int32Array(0);
  /** Active flow id while transmitting, else -1 (flow ids exceed int32). */
  flow = new Float64Array(0);
  /** Pending kernel event (propagation arrival, service completion), else -1. */
  event = new Float64Array(0);
  /** Start of the current leg, for wait accounting. */
  legStartMs = new Float64Array(0);
  priority = new Uint8Array(0);
  alive = new Uint8Array(0);
  /** Route of the current leg (kept as objects: routes are shared, cached by the router). */
  route: (Route | null)[] = [];
  private free = new Int32Array(0);
  private freeTop = 0;

  constructor(initialCapacity = 1024) {
    this.grow(initialCapacity);
  }

  /** Allocates a slot; columns other than `alive` hold stale values until set. */
  alloc(): number {
    if (this.freeTop === 0) this.grow(this.capacity * 2);
    const m = this.free[--this.freeTop]!;
    this.alive[m] = 1;
    this.flow[m] = -1;
    this.event[m] = -1;
    this.live++;
    return m;
  }

  /** Frees a slot at its terminal state. */
  release(m: number): void {
    if (this.alive[m] !== 1) throw new Error(`message slot ${m} released twice`);
    this.alive[m] = 0;
    this.route[m] = null;
    this.free[this.freeTop++] = m;
    this.live--;
  }

  private grow(newCapacity: number): void {
    const old = this.capacity;
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T, C: new (n: number) => T): T => {
      const b = new C(newCapacity);
      b.set(a);
      return b;
    };
    this.stream = g(this.stream, Int32Array);
    this.source = g(this.source, Int32Array);
    this.emitMs = g(this.emitMs, Float64Array);
    this.sizeBytes = g(this.sizeBytes, Float64Array);
    this.value = g(this.value, Float64Array);
    this.service = g(this.service, Int32Array);
    this.stage = g(this.stage, Uint8Array);
    this.node = g(this.node, Int32Array);
    this.dest = g(this.dest, Int32Array);
    this.flow = g(this.flow, Float64Array);
    this.event = g(this.event, Float64Array);
    this.legStartMs = g(this.legStartMs, Float64Array);
    this.priority = g(this.priority, Uint8Array);
    this.alive = g(this.alive, Uint8Array);
    const free = new Int32Array(newCapacity);
    free.set(this.free.subarray(0, this.freeTop));
    // Push new slots so the lowest index is allocated first (deterministic and cache-friendly).
    let top = this.freeTop;
    for (let m = newCapacity - 1; m >= old; m--) free[top++] = m;
    this.free = free;
    this.freeTop = top;
    this.route.length = newCapacity;
    this.capacity = newCapacity;
  }
}
