/** The one kernel event that fires at the flow network's next completion. */
import type { TwinState } from './state.ts';

/** Keeps exactly one kernel event at the flow network's next completion. */
export function ensureFlowTimer(s: TwinState): void {
  const t = s.fabric.flows.nextCompletionMs();
  // Max-min re-sharing can make some completion earlier even when a flow is added, so re-arm
  // whenever the earliest completion moved.
  if (t === s.fabric.flowTimerAtMs) return;
  if (s.fabric.flowTimerId >= 0) s.kernel.cancel(s.fabric.flowTimerId);
  s.fabric.flowTimerAtMs = t;
  s.fabric.flowTimerId = t < Infinity ? s.kernel.scheduleAt(Math.max(t, s.kernel.nowMs), s.kinds.flowTimer) : -1;
}
