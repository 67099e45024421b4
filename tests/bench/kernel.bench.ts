/**
 * Kernel throughput against a bare typed-array heap, both running the classic "hold" model:
 * N events pending; each pop schedules one replacement at now + Exp(mean 1 ms). The exponential
 * draws are precomputed and shared, so the two loops differ only in queue + dispatch work.
 */
import { Kernel } from '../../sim-core/des/kernel.ts';
import { createRng } from '../../sim-core/des/rng.ts';
import { median, fmt, type BenchResult, type BenchSuite } from './harness.ts';

const DRAWS = 1 << 20;
const MASK = DRAWS - 1;

function expDraws(): Float64Array {
  const rng = createRng(1, 'bench.hold');
  const out = new Float64Array(DRAWS);
  for (let i = 0; i < DRAWS; i++) out[i] = -Math.log(1 - rng.next());
  return out;
}

/** The baseline: a (time, seq) min-heap in two typed arrays, push/pop written out by hand. */
function bareHold(pending: number, events: number, draws: Float64Array): number {
  let cap = 1024;
  let times = new Float64Array(cap);
  let seqs = new Float64Array(cap);
  let size = 0;
  let seq = 0;
  let d = 0;
  const push = (t: number): void => {
    if (size === cap) {
      cap *= 2;
      const nt = new Float64Array(cap); nt.set(times); times = nt;
      const ns = new Float64Array(cap); ns.set(seqs); seqs = ns;
    }
    const s = seq++;
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p]!;
      if (pt < t || (pt === t && seqs[p]! < s)) break;
      times[i] = pt; seqs[i] = seqs[p]!; i = p;
    }
    times[i] = t; seqs[i] = s;
  };
  const pop = (): number => {
    const top = times[0]!;
    const last = --size;
    const t = times[last]!, s = seqs[last]!;
    let i = 0;
    const half = size >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      let ct = times[c]!;
      const r = c + 1;
      if (r < size) {
        const rt = times[r]!;
        if (rt < ct || (rt === ct && seqs[r]! < seqs[c]!)) { c = r; ct = rt; }
      }
      if (t < ct || (t === ct && s < seqs[c]!)) break;
      times[i] = ct; seqs[i] = seqs[c]!; i = c;
    }
    if (size > 0) { times[i] = t; seqs[i] = s; }
    return top;
  };
  for (let k = 0; k < pending; k++) push(draws[d++ & MASK]!);
  let now = 0;
  for (let k = 0; k < events; k++) {
    now = pop();
    push(now + draws[d++ & MASK]!);
  }
  return now;
}

/** The same hold model through Kernel.schedule and dispatch, with a trivial handler. */
function kernelHold(pending: number, events: number, draws: Float64Array): number {
  const k = new Kernel();
  let d = 0;
  const kind = k.on((a) => {
    k.schedule(draws[d++ & MASK]!, 0, a);
  });
  for (let i = 0; i < pending; i++) k.schedule(draws[d++ & MASK]!, kind, i);
  k.runEvents(events);
  return k.nowMs;
}

const suite: BenchSuite = {
  name: 'kernel',
  async run({ quick }): Promise<BenchResult[]> {
    const pending = quick ? 10_000 : 100_000;
    const events = quick ? 200_000 : 2_000_000;
    const reps = quick ? 5 : 7;
    const draws = expDraws();
    const bareMs: number[] = [];
    const kernelMs: number[] = [];
    // One warm-up each (JIT), then interleaved pairs so drift in machine load hits both alike;
    // the ratio is the median of the per-pair ratios, which cancels most of that drift.
    for (let r = -1; r < reps; r++) {
      const b = timeOnce(() => bareHold(pending, events, draws));
      const k = timeOnce(() => kernelHold(pending, events, draws));
      if (r < 0) continue;
      bareMs.push(b);
      kernelMs.push(k);
    }
    const bareRate = events / (median(bareMs) / 1000);
    const kernelRate = events / (median(kernelMs) / 1000);
    const ratio = median(kernelMs.map((k, i) => k / bareMs[i]!));
    const spread = `pair ratios ${fmt(Math.min(...kernelMs.map((k, i) => k / bareMs[i]!)))}..${fmt(Math.max(...kernelMs.map((k, i) => k / bareMs[i]!)))}`;
    const size = `${fmt(pending)} pending, ${fmt(events)} events, median of ${reps}`;
    return [
      { name: 'bare typed-array heap, hold model', value: bareRate, unit: 'events/s', note: size },
      {
        name: 'Kernel schedule+dispatch, hold model',
        value: kernelRate,
        unit: 'events/s',
        target: 'within 1.5x of bare heap',
        ok: ratio <= 1.5,
        note: `kernel/bare time = ${ratio.toFixed(2)}x (median of paired runs; ${spread}); ${size}`,
      },
    ];
  },
};

/** Wall time of one call, in ms. */
function timeOnce(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export default suite;
