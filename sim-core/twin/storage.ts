/**
 * Finite storage on each node: results written at sinks and replicas of critical results.
 * Full storage evicts the oldest items first; items leave at the end of their lifespan (purge);
 * a power fault wipes volatile storage. The caller schedules the purge events.
 */
import { IntQueue } from './int-queue.ts';

/** Stored items on every node of a fabric. */
export class StorageTable {
  /** Bytes in use per node. */
  readonly usedBytes: Float64Array;
  private readonly capacityBytes: Float64Array;
  private readonly fifo: IntQueue[];
  private itemNode = new Int32Array(256);
  private itemBytes = new Float64Array(256);
  private itemAlive = new Uint8Array(256);
  /** Purge event per item so eviction can cancel it; -1 when none. */
  itemEvent = new Float64Array(256).fill(-1);
  private readonly countOn: Int32Array;
  private nextItem = 0;
  private freeIds: number[] = [];

  constructor(capacityBytesPerNode: ArrayLike<number>) {
    const n = capacityBytesPerNode.length;
    this.capacityBytes = Float64Array.from(capacityBytesPerNode);
    this.usedBytes = new Float64Array(n);
    this.fifo = Array.from({ length: n }, () => new IntQueue(4));
    this.countOn = new Int32Array(n);
  }

  /**
   * Stores sizeBytes on node, evicting oldest items as needed. Returns the new item id and the
   * evicted items (their purge events are the caller's to cancel), or item -1 if it cannot fit at all.
   */
  store(node: number, sizeBytes: number): { item: number; evicted: number[] } {
    const evicted: number[] = [];
    if (sizeBytes > this.capacityBytes[node]!) return { item: -1, evicted };
    const q = this.fifo[node]!;
    while (this.usedBytes[node]! + sizeBytes > this.capacityBytes[node]! && q.length > 0) {
      const old = q.peek(); // the head is always alive: remove() clears dead heads
      this.remove(old);
      evicted.push(old);
    }
    const item = this.allocItem();
    this.itemNode[item] = node;
    this.itemBytes[item] = sizeBytes;
    this.itemAlive[item] = 1;
    this.itemEvent[item] = -1;
    this.countOn[node]++;
    this.usedBytes[node] += sizeBytes;
    q.push(item);
    return { item, evicted };
  }

  /** Removes an item at the end of its lifespan; false when it was already gone (evicted or wiped). */
  purge(item: number): boolean {
    if (!this.itemAlive[item]) return false;
    this.remove(item);
    return true;
  }

  /** Wipes all items on a node (power loss on volatile storage); returns the wiped item ids. */
  wipe(node: number): number[] {
    const out: number[] = [];
    const q = this.fifo[node]!;
    while (q.length > 0) {
      const it = q.peek();
      this.remove(it);
      out.push(it);
    }
    return out;
  }

  /** Number of live items on a node. */
  itemsOn(node: number): number { return this.countOn[node]!; }

  private remove(item: number): void {
    const node = this.itemNode[item]!;
    this.itemAlive[item] = 0;
    this.usedBytes[node] -= this.itemBytes[item]!;
    this.countOn[node]--;
    // Dead entries leave the FIFO lazily from its head; only then can their id be reused.
    const q = this.fifo[node]!;
    while (q.length > 0 && !this.itemAlive[q.peek()]) this.freeIds.push(q.shift());
  }

  private allocItem(): number {
    const reuse = this.freeIds.pop();
    if (reuse !== undefined) return reuse;
    if (this.nextItem === this.itemNode.length) this.growItems();
    return this.nextItem++;
  }

  private growItems(): void {
    const n = this.itemNode.length * 2;
    const gi = new Int32Array(n); gi.set(this.itemNode); this.itemNode = gi;
    const gb = new Float64Array(n); gb.set(this.itemBytes); this.itemBytes = gb;
    const ga = new Uint8Array(n); ga.set(this.itemAlive); this.itemAlive = ga;
    const ge = new Float64Array(n).fill(-1); ge.set(this.itemEvent); this.itemEvent = ge;
  }
}
