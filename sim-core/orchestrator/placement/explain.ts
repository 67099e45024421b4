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
