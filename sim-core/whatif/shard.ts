/**
 * Sharding for scale-out (a Kubernetes Indexed Job): shard i of N runs the runs whose canonical
 * index ≡ i (mod N); `merge` checks that shards belong to one experiment and cover every run
 * exactly once, then recomputes the statistics — equal to the unsharded result by construction.
 */
import { InputError, type InputIssue } from '../text/input-error.ts';
import { analyzeExperiment } from './analyze.ts';
import type { ExperimentResult, RunRecord, ShardInfo } from './result.ts';

const flagIssue = (file: string, message: string): InputIssue => ({ file, line: 0, col: 0, path: '', message });

/** Parses `i/N` (0 ≤ i < N); throws InputError naming --shard otherwise. */
export function parseShardArg(text: string): ShardInfo {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index < count)) throw new InputError([flagIssue('<--shard>', `expected i/N with 0 <= i < N (e.g. 0/4), got '${text}'`)]);
  return { index, count };
}

/** The items whose position ≡ shard.index (mod shard.count), in order. */
export function selectShard<T>(items: readonly T[], shard: ShardInfo): T[] {
  return items.filter((_, i) => i % shard.count === shard.index);
}

/**
 * Joins shard results (`files` name them in messages) into the full result; throws InputError
 * when they come from different experiments, overlap, or leave runs out.
 */
export function mergeShards(shards: readonly ExperimentResult[], files: readonly string[]): ExperimentResult {
  if (shards.length === 0) throw new InputError([flagIssue('<merge>', 'no shard files given')]);
  shards.forEach((s, i) => {
    if (!s || typeof s !== 'object' || !s.meta || !Array.isArray(s.runs)) throw new InputError([flagIssue(files[i] ?? `shard ${i}`, 'not an experiment result (no meta/runs); write shards with `edgetwin compare --shard i/N --json`')]);
  });
  const first = shards[0]!;
  const issues: InputIssue[] = [];
  shards.forEach((s, i) => {
    if (s.meta.hash !== first.meta.hash) {
      issues.push(flagIssue(files[i] ?? `shard ${i}`, `belongs to experiment '${s.meta.name}' (hash ${s.meta.hash}), not '${first.meta.name}' (hash ${first.meta.hash}) of ${files[0]}; shards must come from the same experiment file, scenario and flags`));
    }
  });
  if (issues.length) throw new InputError(issues);
  const total = first.meta.totalRuns;
  const owner: (number | undefined)[] = new Array(total);
  const runs: (RunRecord | undefined)[] = new Array(total);
  shards.forEach((s, i) => {
    for (const r of s.runs) {
      if (!(Number.isInteger(r.index) && r.index >= 0 && r.index < total)) {
        issues.push(flagIssue(files[i]!, `run index ${r.index} is outside 0..${total - 1}`));
      } else if (owner[r.index] !== undefined) {
        issues.push(flagIssue(files[i]!, `run ${r.index} (variant ${r.variant}, seed ${r.seed}) is also in ${files[owner[r.index]!]}; each run must be in exactly one shard`));
      } else {
        owner[r.index] = i;
        runs[r.index] = r;
      }
    }
  });
  const missing: number[] = [];
  for (let k = 0; k < total; k++) if (!runs[k]) missing.push(k);
  if (missing.length) {
    const counts = [...new Set(shards.map((s) => s.shard?.count).filter((c) => c !== undefined))];
    const present = new Set(shards.map((s) => s.shard?.index));
    const absent = counts.length === 1 ? Array.from({ length: counts[0]! }, (_, k) => k).filter((k) => !present.has(k)) : [];
    issues.push(flagIssue('<merge>', `${missing.length} of ${total} runs are missing (first: ${missing.slice(0, 5).join(', ')})${absent.length ? `; shards not given: ${absent.map((k) => `${k}/${counts[0]}`).join(', ')}` : ''}`));
  }
  if (issues.length) throw new InputError(issues.slice(0, 20));
  const meta = { ...first.meta, file: first.meta.file };
  return analyzeExperiment(meta, runs as RunRecord[]);
}
