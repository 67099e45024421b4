/**
 * Stream value drift (spec.drift): from atMs on, every reading of the stream is shifted by
 * step + shiftPerHour · (t − atMs) / 1 h. The stream's own value draw is unchanged (same random
 * draws), only offset, so a drifting variant keeps common random numbers with the original.
 * Installed only when the scenario has spec.drift.
 */
import type { DriftModel } from '../scenario/model.ts';
import type { TwinState } from './state.ts';

/** The shift of a reading emitted at tMs (0 before the drift begins). */
export function driftShift(d: Pick<DriftModel, 'atMs' | 'shiftPerHour' | 'step'>, tMs: number): number {
  if (tMs < d.atMs) return 0;
  return d.step + (d.shiftPerHour * (tMs - d.atMs)) / 3_600_000;
}

/** Wraps each drifting stream's value draw with its shift (nothing without spec.drift). */
export function installValueDrift(s: TwinState): void {
  for (const d of s.model.drift ?? []) {
    const st = s.model.streams.findIndex((x) => x.id === d.stream);
    if (st < 0) throw new Error(`installValueDrift: no stream '${d.stream}'`);
    const base = s.messages.valueDraw[st]!;
    s.messages.valueDraw[st] = (r) => base(r) + driftShift(d, s.kernel.nowMs);
  }
}

/** Adds an observer of the readings each stream emits (called after the draw, with the value). */
export function observeValues(s: TwinState, st: number, see: (value: number) => void): void {
  const base = s.messages.valueDraw[st]!;
  s.messages.valueDraw[st] = (r) => { const v = base(r); see(v); return v; };
}
