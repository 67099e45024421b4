/**
 * When to retrain: periodically (every `everyMs` since the last training began) or on drift
 * (the detector alarmed), never while a retraining is already under way, and (drift) not again
 * before `minGapMs` has passed since the last one began, so a detector that keeps alarming while
 * a rollout finishes does not start a second round. Pure.
 */

/** spec.models[].retrain.policy. */
export type RetrainPolicy = 'periodic' | 'drift';

/** What the trigger looks at. */
export interface TriggerInput {
  policy: RetrainPolicy;
  nowMs: number;
  /** When the last round began (the initial model: 0). */
  lastStartMs: number;
  /** A round (collect, train, roll out) is under way. */
  busy: boolean;
  /** The drift detector alarmed at this check. */
  drift: boolean;
  everyMs: number;
  minGapMs: number;
}

/** A trigger decision with its reason. */
export interface TriggerDecision { retrain: boolean; reason: string }

/** Whether to start a retraining round now. */
export function shouldRetrain(i: TriggerInput): TriggerDecision {
  if (i.busy) return { retrain: false, reason: 'a round is under way' };
  const since = i.nowMs - i.lastStartMs;
  if (i.policy === 'periodic') {
    return since >= i.everyMs ? { retrain: true, reason: `periodic: ${since} ms since the last round (every ${i.everyMs} ms)` } : { retrain: false, reason: 'periodic: not due' };
  }
  if (!i.drift) return { retrain: false, reason: 'drift: no alarm' };
  if (since < i.minGapMs) return { retrain: false, reason: `drift: alarm, but only ${since} ms since the last round (min gap ${i.minGapMs} ms)` };
  return { retrain: true, reason: 'drift: detector alarmed' };
}
