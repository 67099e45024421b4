/**
 * Benchmark harness: each tests/bench/*.bench.ts default-exports a BenchSuite; `npm run bench`
 * runs them in turn and prints one table. Figures are medians over repetitions measured in the
 * same process; wall clock is allowed here (tests/, not sim-core/).
 */
export interface BenchResult {
  /** Row label, e.g. "kernel: schedule+step, 100k pending". */
  name: string;
  /** The median figure. */
  value: number;
  /** Unit of `value`, e.g. "events/s", "ms", "MB". */
  unit: string;
  /** The target from the issue, as text, e.g. ">= 1M events/s". */
  target?: string;
  /** Whether the target is met (undefined when there is no target). */
  ok?: boolean;
  /** Anything a reader needs: baseline ratio, sizes, spread. */
  note?: string;
}

/** A group of benchmarks; `quick` asks for a reduced size (`npm run bench -- --quick`). */
export interface BenchSuite {
  name: string;
  run(opts: { quick: boolean }): Promise<BenchResult[]>;
}

/** Median of a non-empty list. */
export function median(xs: number[]): number {
  if (xs.length === 0) throw new Error('median of an empty list');
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Runs fn `reps` times (after one warm-up) and returns each run's wall time in ms. */
export async function timeRuns(reps: number, fn: () => unknown | Promise<unknown>): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Formats a number for the table: integers with thousands separators, else 3 significant digits. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return Number(x.toPrecision(3)).toString();
}
