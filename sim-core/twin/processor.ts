/**
 * A node's cores as c parallel servers. FIFO: a job waits in one of three priority queues
 * (high, normal, low) until a core is free, then holds it for its whole service time.
 * Processor sharing: every job in service progresses at min(1, c/n) of a core.
 * The processor decides; the simulation owns the clock and schedules the completion events.
 */
import { IntQueue } from './int-queue.ts';

/** Outcome of offering a job to a processor. */
export const enum Offer { Start = 0, Queued = 1, Full = 2 }

/** One node's processing queue. */
export class Processor {
  readonly cores: number;
  readonly capacity: number;
  readonly discipline: 'fifo' | 'ps';
  /** Jobs holding a core (FIFO) or sharing the cores (PS). */
  busy = 0;
  // Created on the first wait: a 100k-sensor fabric has a processor per node, and most never queue.
  private queues: IntQueue[] | null = null;
  private queued = 0;
  /** Integral of busy cores over time, in core·ms. */
  private busyCoreMs = 0;
  private lastChangeMs = 0;
  // Processor sharing state: remaining work (ms at full core speed) of each job in service.
  private psJobs: number[] = [];
  private psLeftMs: number[] = [];

  constructor(cores: number, queueCapacity: number, discipline: 'fifo' | 'ps') {
    if (!(cores >= 1)) throw new Error(`processor needs >= 1 core, got ${cores}`);
    this.cores = cores;
    this.capacity = queueCapacity;
    this.discipline = discipline;
  }

  /** Jobs waiting for a core (FIFO only; PS never queues beyond its capacity). */
  get waiting(): number { return this.queued; }

  /** Offers job m with priority 0 (high) .. 2 (low). Start: caller starts service now. */
  offer(m: number, priority: number, nowMs: number): Offer {
    if (this.discipline === 'ps') {
      if (this.psJobs.length >= this.capacity + this.cores) return Offer.Full;
      return Offer.Start;
    }
    if (this.busy < this.cores) {
      this.account(nowMs);
      this.busy++;
      return Offer.Start;
    }
    if (this.queued >= this.capacity) return Offer.Full;
    this.queues ??= [new IntQueue(), new IntQueue(), new IntQueue()];
    this.queues[priority]!.push(m);
    this.queued++;
    return Offer.Queued;
  }

  /** FIFO: a job finished (or was removed from service); returns the next job to start, or -1 (core freed). */
  release(nowMs: number): number {
    const next = this.takeNext();
    if (next < 0) {
      this.account(nowMs);
      this.busy--;
    }
    return next;
  }

  /** Removes and returns the next waiting job (high priority first), or -1. */
  takeNext(): number {
    if (this.queued === 0 || this.queues === null) return -1;
    for (const q of this.queues) {
      if (q.length > 0) {
        this.queued--;
        return q.shift();
      }
    }
    return -1;
  }

  /** Removes every waiting job (crash); returns them. */
  drainWaiting(): number[] {
    const out: number[] = [];
    for (const q of this.queues ?? []) out.push(...q.drain());
    this.queued = 0;
    return out;
  }

  /** FIFO: marks all cores idle (crash); in-service jobs are the caller's to account for. */
  resetBusy(nowMs: number): void {
    this.account(nowMs);
    this.busy = 0;
    this.psJobs = [];
    this.psLeftMs = [];
  }

  /** PS: adds job m needing workMs of a full core, advancing others to nowMs first. */
  psAdd(m: number, workMs: number, nowMs: number): void {
    this.psAdvance(nowMs);
    this.psJobs.push(m);
    this.psLeftMs.push(workMs);
    this.busy = this.psJobs.length;
  }

  /** PS: the job that finishes first at current rates and when; null when idle. */
  psNext(nowMs: number): { m: number; atMs: number } | null {
    const n = this.psJobs.length;
    if (n === 0) return null;
    let best = 0;
    for (let i = 1; i < n; i++) if (this.psLeftMs[i]! < this.psLeftMs[best]!) best = i;
    const rate = Math.min(1, this.cores / n);
    return { m: this.psJobs[best]!, atMs: nowMs + this.psLeftMs[best]! / rate };
  }

  /** PS: removes job m (finished or killed) after advancing to nowMs. */
  psRemove(m: number, nowMs: number): void {
    this.psAdvance(nowMs);
    const i = this.psJobs.indexOf(m);
    if (i < 0) throw new Error(`job ${m} is not in service`);
    this.psJobs.splice(i, 1);
    this.psLeftMs.splice(i, 1);
    this.busy = this.psJobs.length;
  }

  /** Busy core·ms up to nowMs. */
  busyCoreMsAt(nowMs: number): number {
    return this.busyCoreMs + Math.min(this.busy, this.cores) * (nowMs - this.lastChangeMs);
  }

  private psAdvance(nowMs: number): void {
    const n = this.psJobs.length;
    const dt = nowMs - this.lastChangeMs;
    if (n > 0 && dt > 0) {
      const done = dt * Math.min(1, this.cores / n);
      for (let i = 0; i < n; i++) this.psLeftMs[i] = Math.max(0, this.psLeftMs[i]! - done);
    }
    this.account(nowMs);
  }

  private account(nowMs: number): void {
    this.busyCoreMs += Math.min(this.busy, this.cores) * (nowMs - this.lastChangeMs);
    this.lastChangeMs = nowMs;
  }
}
