/**
 * The web app's timeline seek (workers/session.ts): a backward seek from the end of
 * metro-operations to 90 % of its duration, restoring the newest keyframe against re-simulating
 * from the start (the reference path, `keyframes: false`). The bench refuses to report when the
 * two land on different trace hashes. Also the cost keyframes add to a forward run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { Session } from '../../workers/session.ts';
import { fmt, median, type BenchResult, type BenchSuite } from './harness.ts';

const FILE = join(import.meta.dirname, '../../scenarios/metro-operations.yaml');

function played(text: string, keyframes: boolean): { s: Session; playMs: number } {
  const s = new Session({ keyframes });
  const r = s.load({ text, file: FILE });
  if (!r.ok) throw new Error(r.message);
  const t0 = performance.now();
  s.advanceTo(s.endMs);
  return { s, playMs: performance.now() - t0 };
}

const suite: BenchSuite = {
  name: 'session',
  async run({ quick }) {
    const text = readFileSync(FILE, 'utf8').replace('duration: 10m', quick ? 'duration: 2m' : 'duration: 10m');
    const reps = quick ? 2 : 5;
    const seek: Record<'keyframes' | 'rebuild', number[]> = { keyframes: [], rebuild: [] };
    const play: Record<'keyframes' | 'rebuild', number[]> = { keyframes: [], rebuild: [] };
    let note = '';
    for (let i = 0; i < reps; i++) {
      const hashes: string[] = [];
      for (const kind of ['keyframes', 'rebuild'] as const) {
        const { s, playMs } = played(text, kind === 'keyframes');
        play[kind].push(playMs);
        const target = 0.9 * s.endMs;
        const t0 = performance.now();
        s.seek(target);
        seek[kind].push(performance.now() - t0);
        hashes.push(s.simulation.traceHash);
        if (kind === 'keyframes') {
          const rw = s.lastRewind!;
          if (rw.via !== 'keyframe') throw new Error('session bench: the seek did not use a keyframe');
          note = `from the keyframe at ${fmt(rw.fromMs / 1000)} s: ${fmt(rw.eventsSimulated)} events simulated of ${fmt(s.simulation.eventsProcessed)}`;
        }
      }
      if (hashes[0] !== hashes[1]) throw new Error('session bench: the keyframe seek and the re-simulation differ');
    }
    const load = `median of ${reps}; load avg ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`;
    return [
      { name: 'seek back to 90 % from the end, metro-operations: keyframes', value: median(seek.keyframes), unit: 'ms', note: `${note}; same trace hash as re-simulating; ${load}` },
      { name: 'same seek, re-simulating from the start', value: median(seek.rebuild), unit: 'ms', note: load },
      { name: 'playing metro-operations to the end with keyframes', value: median(play.keyframes), unit: 'ms', note: `without: ${fmt(median(play.rebuild))} ms (the checkpoints and their size estimates)` },
    ] satisfies BenchResult[];
  },
};
export default suite;
