/**
 * Per-plugin scores of the node a cycle chose, without re-implementing the cycle: the profile's
 * score plugins are wrapped so that, after the framework normalizes a plugin's scores, the
 * wrapper keeps a copy; the chosen node's entry is read back after the cycle. The framework
 * itself runs unchanged, so the explanation is exactly what decided.
 */
import type { Profile } from '../scheduler/profile.ts';
import type { CycleState, ScorePlugin } from '../scheduler/types.ts';

/** A profile whose score plugins record their normalized scores for the current cycle. */
export interface RecordingProfile {
  readonly profile: Profile;
  /** Forget the previous cycle's records (call before each cycle). */
  reset(): void;
  /** Normalized score per plugin for node index n in the last cycle ({} when nothing was scored). */
  scoresOf(n: number): Record<string, number>;
  /** Node indices scored in the last cycle (empty when nothing was scored). */
  scoredNodes(): Int32Array;
}

/** Wraps `profile` (the original is not changed; plugin instances are shared). */
export function recordingProfile(profile: Profile): RecordingProfile {
  const records = new Map<string, { nodes: Int32Array; scores: Float64Array; count: number }>();
  const wrap = (inner: ScorePlugin): ScorePlugin => ({
    name: inner.name,
    score(cycle: CycleState, nodes: Int32Array, count: number, out: Float64Array): void { inner.score(cycle, nodes, count, out); },
    normalizeScore(cycle: CycleState, nodes: Int32Array, count: number, scores: Float64Array): void {
      inner.normalizeScore?.(cycle, nodes, count, scores);
      records.set(inner.name, { nodes: nodes.slice(0, count), scores: scores.slice(0, count), count });
    },
  });
  const wrapped: Profile = { ...profile, score: profile.score.map((s) => ({ plugin: wrap(s.plugin), weight: s.weight })) };
  return {
    profile: wrapped,
    reset: () => records.clear(),
    scoredNodes(): Int32Array {
      for (const r of records.values()) return r.nodes;
      return new Int32Array(0);
    },
    scoresOf(n: number): Record<string, number> {
      const out: Record<string, number> = {};
      for (const [name, r] of records) {
        const i = r.nodes.indexOf(n);
        if (i >= 0) out[name] = r.scores[i]!;
      }
      return out;
    },
  };
}

/** The chosen node's scores, weighted total, and its per-plugin margins over the best other scored node. */
export interface ChoiceExplanation {
  scores: Record<string, number>;
  total: number | null;
  runnerUp?: { node: string; total: number; margins: Record<string, number> };
}

/**
 * Why the cycle just run (its scores still in `recording`) chose node index `chosen` (-1: none):
 * the chosen node's scores and total under `weights`, and the runner-up with the margins.
 */
export function explainChoice(recording: RecordingProfile, weights: ReadonlyMap<string, number>, chosen: number, nameOf: (n: number) => string): ChoiceExplanation {
  const scores = chosen < 0 ? {} : recording.scoresOf(chosen);
  const totalOf = (sc: Record<string, number>) => { let t = 0; for (const [name, v] of Object.entries(sc)) t += v * (weights.get(name) ?? 1); return t; };
  const total = Object.keys(scores).length > 0 ? totalOf(scores) : null;
  if (chosen < 0) return { scores, total };
  let best = -1, bestTotal = -Infinity, bestScores: Record<string, number> = {};
  for (const n of recording.scoredNodes()) {
    if (n === chosen) continue;
    const sc = recording.scoresOf(n);
    const t = totalOf(sc);
    if (t > bestTotal) { best = n; bestTotal = t; bestScores = sc; }
  }
  if (best < 0) return { scores, total };
  const margins: Record<string, number> = {};
  for (const [name, v] of Object.entries(scores)) margins[name] = v - (bestScores[name] ?? 0);
  return { scores, total, runnerUp: { node: nameOf(best), total: bestTotal, margins } };
}
