/**
 * Keyframes of an interactive session (session.ts): checkpoints of the twin taken every
 * `periodMs` of simulated time while it runs forward, so that a backward seek restores the
 * newest one at or before the target and simulates only the rest, instead of re-simulating from
 * the start. Each keyframe also holds what the session keeps beside the twin at that time (the
 * chart's frame writer inside the checkpoint; the injections applied; the event log's tail).
 *
 * Memory is bounded: at most `maxKeyframes` are kept, and their estimated size (`approxBytes`)
 * stays within `budgetBytes`; when one more would exceed either, every other one goes (those not
 * on a multiple of twice the period) and the period doubles, so the kept ones stay evenly spread
 * over the run. A checkpoint grows with the run (its latency logs): on metro-operations ~3 MB at
 * 10 % of the run, ~20 MB at 90 %; on large-fabric ~22–26 MB throughout. A keyframe stands for the timeline it was taken under: a change to
 * the injections at time t drops every keyframe at or after t (`dropFrom`).
 */
import type { TwinCheckpoint } from '../sim-core/twin/checkpoint.ts';
import type { TwinEvent } from '../sim-core/twin/events.ts';
import { reachableObjects } from '../sim-core/twin/graph-copy.ts';

/** Keyframes per run when memory allows (the period is the duration divided by this). */
export const KEYFRAMES_PER_RUN = 20;
/** Memory the keyframes of one session may take, in bytes (a browser tab's worker holds them). */
export const KEYFRAME_BUDGET_BYTES = 128 * 1024 * 1024;
/**
 * The least a checkpoint takes per node and link of the fabric (large-fabric, 19,449 nodes and
 * links: 1.1 KB each at 10 % of its run, 1.3 KB at 90 %; smaller fabrics take more per element).
 * A fabric whose first keyframe would take over half the budget gets none (100k nodes: ~225 MB
 * and over a second per checkpoint); its seeks re-simulate.
 */
export const CHECKPOINT_MIN_BYTES_PER_ELEMENT = 1100;

/** One keyframe: the twin and the session's own records at `atMs`. */
export interface Keyframe {
  readonly atMs: number;
  /** The twin, with the chart's frame writer as an extra root. */
  readonly checkpoint: TwinCheckpoint;
  /** Ids of the injections applied when it was taken. */
  readonly applied: ReadonlySet<number>;
  /** Its estimated size (approxBytes of the checkpoint's data). */
  readonly sizeBytes: number;
  /** Twin events the session had received since t = 0 when it was taken. */
  readonly eventsSeen: number;
  /** The newest of them (at most the log's length), oldest first. */
  readonly lastEvents: readonly TwinEvent[];
}

/** How often and how many keyframes to keep for a run. */
export interface KeyframePlan {
  /** Simulated time between keyframes, in ms (a multiple of the chart step, so keyframes fall on stops). */
  periodMs: number;
  /** At most this many are kept; 0 turns keyframes off (a fabric too large for the budget). */
  maxKeyframes: number;
  /** Their estimated sizes add up to at most this. */
  budgetBytes: number;
}

/** The keyframe plan for a run of `durationMs` with chart steps of `chartStepMs` over a fabric of `elements` nodes and links. */
export function keyframePlan(durationMs: number, chartStepMs: number, elements: number): KeyframePlan {
  if (!(chartStepMs > 0)) throw new Error(`keyframePlan: chart step ${chartStepMs} ms`);
  const periodMs = Math.max(1, Math.round(durationMs / KEYFRAMES_PER_RUN / chartStepMs)) * chartStepMs;
  const tooLarge = elements * CHECKPOINT_MIN_BYTES_PER_ELEMENT > KEYFRAME_BUDGET_BYTES / 2;
  return { periodMs, maxKeyframes: tooLarge ? 0 : KEYFRAMES_PER_RUN + 4, budgetBytes: KEYFRAME_BUDGET_BYTES };
}

/**
 * An estimate of the memory taken by the data reachable from `root`, not counting objects in
 * `shared`: typed arrays' bytes, and per object, array slot, map or set entry and string a
 * typical V8 size. Within a factor of two or so; it bounds the keyframes, not the heap.
 */
export function approxBytes(root: unknown, shared: ReadonlySet<object> = new Set()): number {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  let bytes = 0;
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') { bytes += 16 + v.length; continue; }
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) continue;
    if (shared.has(v as object) || seen.has(v as object)) continue;
    seen.add(v as object);
    if (ArrayBuffer.isView(v)) { bytes += v.byteLength + 64; continue; }
    bytes += 32;
    if (v instanceof Map) { for (const [k, x] of v) { bytes += 24; stack.push(k, x); } continue; }
    if (v instanceof Set) { for (const x of v) { bytes += 16; stack.push(x); } continue; }
    for (const k of Object.keys(v as object)) { bytes += 8; stack.push((v as Record<string, unknown>)[k]); }
  }
  return bytes;
}

/** The estimated size of a checkpoint's own data (the model and options it shares are not counted; pass their reachable set as `shared`). */
export function checkpointBytes(cp: TwinCheckpoint, shared: ReadonlySet<object>): number {
  return approxBytes(cp.data, shared);
}

/** The objects a session's checkpoints share with its twin's inputs (model and options), for checkpointBytes. */
export function sharedInputsOf(cp: TwinCheckpoint): Set<object> {
  return reachableObjects(cp.options, reachableObjects(cp.model));
}

/** The keyframes of one session's current timeline, oldest first. */
export class Keyframes {
  private list: Keyframe[] = [];
  private periodMs: number;
  private bytes = 0;

  constructor(private readonly plan: KeyframePlan) {
    if (!(plan.periodMs > 0) || !(plan.maxKeyframes >= 0) || !(plan.budgetBytes > 0)) throw new Error(`Keyframes: bad plan ${JSON.stringify(plan)}`);
    this.periodMs = plan.periodMs;
  }

  /** How many are kept. */
  get size(): number { return this.list.length; }
  /** Their times, oldest first (tests, benchmarks). */
  get times(): number[] { return this.list.map((k) => k.atMs); }
  /** Their estimated sizes, summed. */
  get sizeBytes(): number { return this.bytes; }
  /** The period now (it doubles at each thinning). */
  get currentPeriodMs(): number { return this.periodMs; }

  /** True when a keyframe should be taken at `nowMs`: on the period, after the newest kept, keyframes on. */
  due(nowMs: number): boolean {
    if (this.plan.maxKeyframes === 0 || nowMs <= 0 || nowMs % this.periodMs !== 0) return false;
    const last = this.list[this.list.length - 1];
    return !last || nowMs > last.atMs;
  }

  /** Keeps `k` (taken when due), thinning evenly when over the bound. */
  add(k: Keyframe): void {
    const last = this.list[this.list.length - 1];
    if (last && k.atMs <= last.atMs) throw new Error(`Keyframes.add: ${k.atMs} ms is not after the newest (${last.atMs} ms)`);
    this.list.push(k);
    this.bytes += k.sizeBytes;
    while (this.list.length > this.plan.maxKeyframes || this.bytes > this.plan.budgetBytes) {
      this.periodMs *= 2;
      this.keep((x) => x.atMs % this.periodMs === 0);
    }
  }

  /** The newest keyframe at or before `timeMs`, or null. */
  newestAtOrBefore(timeMs: number): Keyframe | null {
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i]!.atMs <= timeMs) return this.list[i]!;
    return null;
  }

  /** Drops every keyframe at or after `timeMs` (the timeline changed there). */
  dropFrom(timeMs: number): void { this.keep((k) => k.atMs < timeMs); }

  /** Drops every keyframe after `timeMs` (the twin went back to there; running forward takes them again). */
  dropAfter(timeMs: number): void { this.keep((k) => k.atMs <= timeMs); }

  private keep(pred: (k: Keyframe) => boolean): void {
    this.list = this.list.filter(pred);
    this.bytes = this.list.reduce((sum, k) => sum + k.sizeBytes, 0);
  }
}
