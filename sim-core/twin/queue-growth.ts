/**
 * The queueGrowth precursor (a scripted node or power fault's `precursor: {signal: queueGrowth}`):
 * over the lead the node really slows down — every service started on it takes its work times a
 * factor rising linearly from 1 at the rise's start to `peak` at the fault time — so its FIFO
 * queue grows, and failure prediction samples the measured queue fill (waiting / queueCapacity,
 * critical 1). The multiplier composes with an earlier s.hooks.serviceWork (releases), so call
 * this after installReleases. Nothing is installed without such a precursor.
 */
import type { PrecursorModel } from '../scenario/model.ts';
import type { TwinState } from './state.ts';

/** Service-time multiplier of precursor p at tMs: 1 outside [startMs, faultAtMs], else 1 → peak linearly. */
export function slowdownAt(p: PrecursorModel, tMs: number): number {
  if (tMs < p.startMs || tMs > p.faultAtMs) return 1;
  const span = p.faultAtMs - p.startMs;
  return span > 0 ? 1 + (p.peak - 1) * (tMs - p.startMs) / span : p.peak;
}

/** Whether the scenario has a queueGrowth precursor (the predictor then watches queue fill). */
export function hasQueueGrowth(s: Pick<TwinState, 'model'>): boolean {
  return (s.model.precursors ?? []).some((p) => p.signal === 'queueGrowth');
}

/** The measured queue fill of node n: jobs waiting for a core / its queueCapacity. */
export function queueFill(s: TwinState, n: number): number {
  const cap = s.model.nodes[n]!.queueCapacity;
  return cap > 0 ? s.messages.processors[n]!.waiting / cap : 0;
}

/** Installs the slowdown of every queueGrowth precursor (composing with an existing serviceWork hook). */
export function installQueueGrowth(s: TwinState): void {
  const byNode = new Map<number, PrecursorModel[]>();
  for (const p of s.model.precursors ?? []) {
    if (p.signal !== 'queueGrowth') continue;
    const n = s.fabric.topology.nodeIndex(p.node);
    if (!byNode.has(n)) byNode.set(n, []);
    byNode.get(n)!.push(p);
  }
  if (byNode.size === 0) return;
  const prev = s.hooks.serviceWork ?? null;
  s.hooks.serviceWork = (m, node, workMs) => {
    const w = prev ? prev(m, node, workMs) : workMs;
    const list = byNode.get(node);
    if (!list) return w;
    let f = 1;
    for (const p of list) f *= slowdownAt(p, s.kernel.nowMs);
    return w * f;
  };
}
