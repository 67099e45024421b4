/**
 * Keyframes of an interactive session (session.ts): checkpoints of the twin taken every
 * `periodMs` of simulated time while it runs forward, so that a backward seek restores the
 * newest one at or before the target and simulates only the rest, instead of re-simulating from
 * the start. Each keyframe also holds what the session keeps beside the twin at that time (the
 * chart's frame writer inside the checkpoint; the injections applied; the event log's tail).
 *
 * Memory is bounded: at most `maxKeyframes` are kept; when one more arrives, every other one goes
 * (those not on a multiple of twice the period) and the period doubles, so the kept ones stay
 * evenly spread over the run. A keyframe stands for the timeline it was taken under: a change to
 * the injections at time t drops every keyframe at or after t (`dropFrom`).
 */
import type { TwinCheckpoint } from '../sim-core/twin/checkpoint.ts';
import type { TwinEvent } from '../sim-core/twin/events.ts';

/** Keyframes per run when memory allows (the period is the duration divided by this). */
export const KEYFRAMES_PER_RUN = 20;
/** Memory the keyframes of one session may take, in bytes (a browser tab holds them). */
export const KEYFRAME_BUDGET_BYTES = 64 * 1024 * 1024;
/**
 * Bytes of a checkpoint per node and link of the fabric, a conservative estimate measured on
 * shipped scenarios halfway through (metro-operations, 352 nodes and links: 0.94 MB, 2.7 KB each;
 * large-fabric: 22 MB over 9,725 nodes, ~1.2 KB per node and link).
 */
export const CHECKPOINT_BYTES_PER_ELEMENT = 3 * 1024;

/** One keyframe: the twin and the session's own records at `atMs`. */
export interface Keyframe {
  readonly atMs: number;
  /** The twin, with the chart's frame writer as an extra root. */
  readonly checkpoint: TwinCheckpoint;
  /** Ids of the injections applied when it was taken. */
  readonly applied: ReadonlySet<number>;
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
}

/** The keyframe plan for a run of `durationMs` with chart steps of `chartStepMs` over a fabric of `elements` nodes and links. */
export function keyframePlan(durationMs: number, chartStepMs: number, elements: number): KeyframePlan {
  if (!(chartStepMs > 0)) throw new Error(`keyframePlan: chart step ${chartStepMs} ms`);
  const periodMs = Math.max(1, Math.round(durationMs / KEYFRAMES_PER_RUN / chartStepMs)) * chartStepMs;
  const perKeyframe = Math.max(1, elements) * CHECKPOINT_BYTES_PER_ELEMENT;
  const maxKeyframes = Math.min(KEYFRAMES_PER_RUN + 4, Math.floor(KEYFRAME_BUDGET_BYTES / perKeyframe));
  return { periodMs, maxKeyframes: maxKeyframes >= 2 ? maxKeyframes : 0 };
}

/** The keyframes of one session's current timeline, oldest first. */
export class Keyframes {
  private list: Keyframe[] = [];
  private periodMs: number;

  constructor(private readonly plan: KeyframePlan) {
    if (!(plan.periodMs > 0) || !(plan.maxKeyframes >= 0)) throw new Error(`Keyframes: bad plan ${JSON.stringify(plan)}`);
    this.periodMs = plan.periodMs;
  }

  /** How many are kept. */
  get size(): number { return this.list.length; }
  /** Their times, oldest first (tests, benchmarks). */
  get times(): number[] { return this.list.map((k) => k.atMs); }
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
    while (this.list.length > this.plan.maxKeyframes) {
      this.periodMs *= 2;
      this.list = this.list.filter((x) => x.atMs % this.periodMs === 0);
    }
  }

  /** The newest keyframe at or before `timeMs`, or null. */
  newestAtOrBefore(timeMs: number): Keyframe | null {
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i]!.atMs <= timeMs) return this.list[i]!;
    return null;
  }

  /** Drops every keyframe at or after `timeMs` (the timeline changed there). */
  dropFrom(timeMs: number): void { this.list = this.list.filter((k) => k.atMs < timeMs); }

  /** Drops every keyframe after `timeMs` (the twin went back to there; running forward takes them again). */
  dropAfter(timeMs: number): void { this.list = this.list.filter((k) => k.atMs <= timeMs); }
}
