/**
 * The arrival process of each source: the stream's arrival model, with rate traces read from
 * files filled in and the stream's rateChanges applied to the sources they select.
 */
import type { ArrivalModel, ScenarioModel, StreamModel } from '../scenario/model.ts';
import { InputError } from '../text/input-error.ts';
import { createArrival, type ArrivalProcess } from '../workload/arrivals.ts';
import type { RateCurve, RateStep } from '../workload/rate-curve.ts';
import { withRateSteps } from '../workload/rate-steps.ts';

/** Rate traces read from the files a scenario names, keyed by the path as written in the scenario. */
export type RateTraces = Readonly<Record<string, Extract<RateCurve, { kind: 'trace' }>>>;

/** The curve with its (empty, file-backed) trace replaced by `trace`. */
function fillTrace(curve: RateCurve, trace: RateCurve): RateCurve {
  if (curve.kind === 'trace') return trace;
  if (curve.kind === 'flash-crowd' || curve.kind === 'scaled') return { ...curve, base: fillTrace(curve.base, trace) };
  return curve;
}

/** The model with every file-backed curve trace filled in from `traces`; the same object when no stream names a file. */
export function withRateTraces(model: ScenarioModel, traces: RateTraces | undefined): ScenarioModel {
  if (!model.streams.some((st) => st.arrival.kind === 'curve' && st.arrival.traceFile !== undefined)) return model;
  const streams = model.streams.map((st): StreamModel => {
    const a = st.arrival;
    if (a.kind !== 'curve' || a.traceFile === undefined) return st;
    const trace = traces?.[a.traceFile];
    if (!trace) {
      throw new InputError([{ file: a.traceFile, line: 0, col: 0, path: '', message: `stream '${st.id}' follows this rate trace, but it was not read (build with scenarioBuildOptions, which reads the files a scenario names)` }]);
    }
    const arrival: ArrivalModel = { kind: 'curve', curve: fillTrace(a.curve, trace) };
    return { ...st, arrival };
  });
  return { ...model, streams };
}

/** The step factors that apply to `node` (the last change at or after each `at` that selects it). */
function stepsFor(stream: StreamModel, node: string): RateStep[] {
  return (stream.rateChanges ?? []).filter((c) => c.sources === undefined || c.sources.includes(node)).map((c) => ({ atMs: c.atMs, factor: c.factor }));
}

/**
 * One arrival process per source. Periodic, Poisson and curve processes hold no state, so
 * sources with the same rate changes share one: on the mid fabric 8,000 separate closures cost
 * a cache miss per emission, and a shared one keeps the call site monomorphic. MMPP and trace
 * get their own.
 */
export function sourceArrivals(model: ScenarioModel, sourceStream: number[], sourceNodeId: readonly string[]): ArrivalProcess[] {
  const stateless = (a: ArrivalModel) => a.kind === 'periodic' || a.kind === 'poisson' || a.kind === 'curve';
  const create = (st: StreamModel, steps: RateStep[]): ArrivalProcess => {
    if (steps.length === 0) return createArrival(st.arrival);
    if (st.arrival.kind === 'curve') return createArrival({ kind: 'curve', curve: { kind: 'scaled', base: st.arrival.curve, steps } });
    return withRateSteps(createArrival(st.arrival), steps);
  };
  const shared = model.streams.map(() => new Map<string, ArrivalProcess>());
  return sourceStream.map((si, src) => {
    const st = model.streams[si]!;
    const steps = st.rateChanges ? stepsFor(st, sourceNodeId[src]!) : [];
    if (!stateless(st.arrival)) return create(st, steps);
    const key = JSON.stringify(steps);
    let p = shared[si]!.get(key);
    if (!p) { p = create(st, steps); shared[si]!.set(key, p); }
    return p;
  });
}
