/** A growable FIFO ring buffer of int32 values (message slots); no allocation per push/pop. */
export class IntQueue {
  private buf: Int32Array;
  private head = 0;
  private size = 0;

  constructor(initialCapacity = 16) {
    this.buf = new Int32Array(Math.max(2, initialCapacity));
  }

  /** Number of queued values. */
  get length(): number { return this.size; }

  /** Appends at the tail. */
  push(v: number): void {
    if (this.size === this.buf.length) this.grow();
    this.buf[(this.head + this.size) % this.buf.length] = v;
    this.size++;
  }

  /** Removes and returns the head; -1 when empty. */
  shift(): number {
    if (this.size === 0) return -1;
    const v = this.buf[this.head]!;
    this.head = (this.head + 1) % this.buf.length;
    this.size--;
    return v;
  }

  /** The head without removing it; -1 when empty. */
  peek(): number { return this.size === 0 ? -1 : this.buf[this.head]!; }

  /** Removes and returns every value, head first. */
  drain(): number[] {
    const out: number[] = [];
    while (this.size > 0) out.push(this.shift());
    return out;
  }

  private grow(): void {
    const b = new Int32Array(this.buf.length * 2);
    for (let i = 0; i < this.size; i++) b[i] = this.buf[(this.head + i) % this.buf.length]!;
    this.buf = b;
    this.head = 0;
  }
}
