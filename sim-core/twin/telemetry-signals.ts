/**
 * Per-node telemetry signals for failure prediction (temperature, error rate): each node's value
 * is the signal's normal level plus baseline noise, plus — during a precursor's lead window — a
 * linear rise to the precursor's peak (with its own noise). A value is drawn only when the
 * predictor samples it, from the stream `predict:telemetry`, so runs without prediction draw
 * nothing and the other streams keep their draws (common random numbers).
 */
import { createRng, type Rng } from '../des/rng.ts';
import { PRECURSOR_SIGNALS, type PrecursorModel, type PrecursorSignal } from '../scenario/model.ts';
import type { TwinState } from './state.ts';

/** √12: uniform noise σ·√12·(u − ½) has standard deviation σ. */
const SQRT12 = 3.4641016151377544;

/** The signals, in a fixed order. */
export const SIGNALS = Object.keys(PRECURSOR_SIGNALS) as PrecursorSignal[];

/** Telemetry data: the noise stream and each node's precursors (plain data, so a checkpoint copies it). */
export interface Telemetry { rng: Rng; byNode: Map<number, PrecursorModel[]>; noiseFraction: number }

/** The precursor rise (without noise) at tMs: 0 outside [startMs, faultAtMs]. */
export function precursorRise(p: PrecursorModel, tMs: number): number {
  if (tMs < p.startMs || tMs > p.faultAtMs) return 0;
  const span = p.faultAtMs - p.startMs;
  const normal = PRECURSOR_SIGNALS[p.signal].normal;
  return span > 0 ? (p.peak - normal) * (tMs - p.startMs) / span : p.peak - normal;
}

/** Telemetry of a twin: `noiseFraction` of each signal's normal-to-critical span as baseline σ. */
export function createTelemetry(s: Pick<TwinState, 'model' | 'seed' | 'fabric'>, noiseFraction: number): Telemetry {
  const byNode = new Map<number, PrecursorModel[]>();
  for (const p of s.model.precursors ?? []) {
    const n = s.fabric.topology.nodeIndex(p.node);
    if (!byNode.has(n)) byNode.set(n, []);
    byNode.get(n)!.push(p);
  }
  return { rng: createRng(s.seed, 'predict:telemetry'), byNode, noiseFraction };
}

/** The value of `signal` on node `node` at `tMs` (one noise draw per noisy term). */
export function readSignal(t: Telemetry, node: number, signal: PrecursorSignal, tMs: number): number {
  const noise = (sd: number) => (sd > 0 ? sd * SQRT12 * (t.rng.next() - 0.5) : 0);
  const sig = PRECURSOR_SIGNALS[signal];
  let v = sig.normal + noise(t.noiseFraction * (sig.critical - sig.normal));
  for (const p of t.byNode.get(node) ?? []) {
    if (p.signal !== signal || tMs < p.startMs || tMs > p.faultAtMs) continue;
    v += precursorRise(p, tMs) + noise(p.noise);
  }
  return v;
}
