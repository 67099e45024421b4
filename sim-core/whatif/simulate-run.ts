/**
 * One experiment run, start to finish, as a pure function of its input: parse the scenario text
 * (with the variant's overlays, the fault set, the seed and the duration), simulate, and reduce
 * the report to the compact RunRecord. The worker job and the in-thread path both call this, so
 * the record cannot depend on where it ran.
 */
import { parseScenario } from '../scenario/parse.ts';
import type { WorkLimits } from '../text/limits.ts';
import { scenarioBuildOptions } from '../twin/scenario-files.ts';
import { Simulation } from '../twin/simulation.ts';
import type { TimeSample } from '../twin/state.ts';
import { metricsOf } from './metrics.ts';
import { measureGates } from './plan/gates-measure.ts';
import { hostingNodes, placementOf } from './plan/validate.ts';
import type { RunRecord, RunTimePoint, SweepValue } from './result.ts';
import { LatencyHistogram } from './stats/index.ts';

/** Input of one run (structured-cloneable: it crosses to a worker as is). */
export interface RunInput {
  /** Scenario text (YAML or JSON) — the variant's patched document when it has a patch. */
  scenarioText: string;
  /** File name for error messages. */
  file: string;
  /** `path=value` overlays: the variant's, then the sweep point's. */
  sets: string[];
  /** Fault specs of the fault set. */
  faults: string[];
  seed: number;
  /** Simulated duration override (ms), or null for the scenario's. */
  durationMs: number | null;
  /** Where the run sits in the experiment (copied into the record). */
  index: number;
  variant: string;
  sweepIndex: number;
  sweepValue: SweepValue | null;
  faultSet: string;
  seedIndex: number;
  /** Texts of the files the scenario names (policies, scheduler config), by resolved path. */
  files?: Record<string, string>;
  /** Work limits the experiment was checked against (absent: the defaults). */
  limits?: Partial<WorkLimits>;
}

/** Relative accuracy of the per-run latency histograms (1%: the report's exact percentiles stay in metrics). */
export const HISTOGRAM_ACCURACY = 0.01;
/** Points kept from a run's time series. */
export const TIME_SERIES_POINTS = 24;

/** Runs one simulation; a run that throws becomes a record with ok=false and the message. */
export function simulateRun(input: RunInput, onProgress?: (fraction: number) => void): RunRecord {
  const base: RunRecord = {
    index: input.index, variant: input.variant, sweepIndex: input.sweepIndex, sweepValue: input.sweepValue,
    faultSet: input.faultSet, seedIndex: input.seedIndex, seed: input.seed,
    ok: false, error: null, metrics: {}, traceHash: null, simulatedMs: 0, events: 0, latency: [], timeSeries: [], gates: null,
  };
  try {
    const model = parseScenario(input.scenarioText, input.file, {
      limits: input.limits,
      sets: input.sets, faults: input.faults, seed: input.seed, durationMs: input.durationMs ?? undefined,
    });
    const files = input.files ?? {};
    const sim = new Simulation(model, scenarioBuildOptions(model, input.file, (p) => {
      const text = files[p];
      if (text === undefined) throw new Error(`the run was not given the file ${p}`);
      return text;
    }));
    // The nodes the variant places services on at the start: the headroom gate's nodes, as in `plan`.
    const hosting = hostingNodes(placementOf(sim));
    sim.runToEnd(onProgress);
    const report = sim.report();
    const latency = report.apps.map((a, i) => {
      const h = new LatencyHistogram({ relativeAccuracy: HISTOGRAM_ACCURACY });
      const values = sim.state.metrics.latency[i]!.values();
      for (let k = 0; k < values.length; k++) h.record(Math.max(0, values[k]!));
      return { app: a.id, histogram: h.toJSON() };
    });
    return {
      // Statistics over seeds from exact figures: the report's display rounding could zero their spread.
      ...base, ok: true, metrics: metricsOf(sim.report({ exact: true })), traceHash: report.traceHash,
      simulatedMs: report.simulatedMs, events: report.events, latency, timeSeries: downsample(report.timeSeries),
      gates: measureGates(report, hosting),
    };
  } catch (err) {
    return { ...base, error: err instanceof Error ? err.message : String(err) };
  }
}

/** At most TIME_SERIES_POINTS samples, evenly spaced by index, always keeping the last. */
export function downsample(series: readonly TimeSample[]): RunTimePoint[] {
  const n = series.length;
  const keep = Math.min(n, TIME_SERIES_POINTS);
  const out: RunTimePoint[] = [];
  for (let k = 0; k < keep; k++) {
    const p = series[keep === 1 ? n - 1 : Math.round((k * (n - 1)) / (keep - 1))]!;
    out.push({ tMs: p.tMs, delivered: p.delivered, dropped: p.dropped, lost: p.lost, inFlight: p.inFlight, wanBytes: p.wanBytes, nodesDown: p.nodesDown });
  }
  return out;
}
