/**
 * Shadow mode: the twin runs beside the fleet from the same inputs and says how far to trust it.
 * Every poll (tick) it observes the fleet — Prometheus and/or the FleetView's MetricsReports —
 * predicts each node's utilisation and each service's latency from the observed arrival rates
 * (predict.ts), and scores prediction against observation in rolling windows (mape-window.ts):
 *
 *   node  signal 'cpu'                          predicted ρ vs observed CPU utilisation
 *   app   signals 'latency_p50', 'latency_p95'  predicted vs observed percentile, per service and node
 *   link  signal 'latency'                      the twin's latencyMs vs the probe's one-way latency
 *
 * A node is scored only when some source gave its arrival rates this tick (without the twin's
 * input there is no prediction); nodes, services and links the twin does not know are listed, not
 * scored. Calibration (calibrate.ts) is refitted at every poll on the observations inside the
 * window and shown beside the error, before and after; the twin's own parameters are not changed.
 * No clock of its own: time comes from `nowMs`, the poll timer from `setTimer`.
 */
import type { FleetView } from '../live/fleet-node.ts';
import type { PrometheusClient } from '../prometheus/client.ts';
import { DEFAULT_PROMETHEUS_MAPPING, type PrometheusMapping } from '../prometheus/mapping.ts';
import { byFirst, calibrate, type Epsilons, type LinkCalibration, type LinkObservation, type NodeCalibration, type NodeObservation } from './calibrate.ts';
import { MapeWindows } from './mape-window.ts';
import { emptyObservations, mergeObservations, type Observations } from './observation.ts';
import { observeFleet } from './observe-fleet.ts';
import { observePrometheus } from './observe-prometheus.ts';
import { predictLinkLatencyMs, predictNode, type NodePrediction, type ShadowModel } from './predict.ts';

/** Default rolling window: 5 minutes. */
export const DEFAULT_SHADOW_WINDOW_MS = 5 * 60_000;
/** Default poll period: 15 s (a typical Prometheus scrape interval). */
export const DEFAULT_SHADOW_INTERVAL_MS = 15_000;
/** Observed ≈ 0 thresholds: 1 % CPU, 0.01 ms. */
export const DEFAULT_EPSILONS: Epsilons = { cpu: 0.01, latencyMs: 0.01 };
/** Observations kept for calibration, nodes and links together (besides leaving the window, the oldest are dropped beyond this). */
export const MAX_CALIBRATION_OBSERVATIONS = 20_000;

/** Starts a periodic timer; returns its cancel function. */
export type SetTimer = (fn: () => void, everyMs: number) => () => void;

/** What a shadow needs. */
export interface ShadowOptions {
  model: ShadowModel;
  nowMs: () => number;
  prometheus?: PrometheusClient | null;
  mapping?: PrometheusMapping;
  fleet?: FleetView | null;
  windowMs?: number;
  intervalMs?: number;
  epsilons?: Partial<Epsilons>;
  setTimer?: SetTimer;
}

/** One scored series: its MAPE over the window, and the last prediction and observation. */
export interface ScoredRow { signal: string; mape: number | null; samples: number; skipped: number; predicted: number | null; observed: number | null }

/** The answer of GET /api/v1/shadow and the 'shadow' event. */
export interface ShadowState {
  windowS: number;
  intervalS: number;
  /** Time of the last poll (null before the first). */
  atMs: number | null;
  ticks: number;
  sources: { prometheus: boolean; fleet: boolean };
  nodes: (ScoredRow & { node: string })[];
  apps: (ScoredRow & { app: string; node: string })[];
  links: (ScoredRow & { link: string })[];
  /** What the last poll observed per node: the twin's inputs (arrival rates, requests/s per "app/service") and what is observed but not predicted (memory, network bytes). */
  observed: { node: string; ratesPerS: Record<string, number>; cpu: number | null; memoryBytes: number | null; networkReceiveBps: number | null; networkTransmitBps: number | null }[];
  calibration: { nodes: NodeCalibration[]; links: LinkCalibration[] };
  /** Of the last poll: what went wrong, what the twin does not know, which nodes had no input; refusedSamples counts since start. */
  problems: { lastPoll: string[]; unmodelledNodes: string[]; unmodelledLinks: string[]; unknownServices: string[]; nodesWithoutInput: string[]; refusedSamples: number };
}

const SEP = '\u0000';
type RowKind = 'nodes' | 'apps' | 'links';
type RowMeta = { signal: string } & Record<string, string>;

/** A running shadow; tick() polls once, start() polls every intervalMs. */
export class Shadow {
  readonly windowMs: number;
  readonly intervalMs: number;
  private readonly eps: Epsilons;
  private readonly windows: MapeWindows;
  private readonly last = new Map<string, { predicted: number; observed: number }>();
  private readonly rows: Record<RowKind, Map<string, RowMeta>> = { nodes: new Map(), apps: new Map(), links: new Map() };
  private readonly nodeObs: NodeObservation[] = [];
  private readonly linkObs: LinkObservation[] = [];
  private readonly fleetUsed = new Map<string, number>();
  private lastObserved: Observations = emptyObservations();
  // Of the last poll only, so names that come and go (instances, agents) cannot grow them without bound.
  private problems = { lastPoll: [] as string[], unmodelledNodes: [] as string[], unmodelledLinks: [] as string[], unknownServices: new Set<string>(), nodesWithoutInput: [] as string[] };
  private calibration: ShadowState['calibration'] = { nodes: [], links: [] };
  private atMs: number | null = null;
  private ticks = 0;
  private running: Promise<ShadowState> | null = null;
  private cancel: (() => void) | null = null;

  constructor(private readonly opts: ShadowOptions) {
    this.windowMs = opts.windowMs ?? DEFAULT_SHADOW_WINDOW_MS;
    this.intervalMs = opts.intervalMs ?? DEFAULT_SHADOW_INTERVAL_MS;
    if (!(this.intervalMs > 0)) throw new Error(`shadow: intervalMs must be > 0, got ${this.intervalMs}`);
    this.eps = { ...DEFAULT_EPSILONS, ...opts.epsilons };
    this.windows = new MapeWindows({ windowMs: this.windowMs });
  }

  /** Polls every source once, scores the predictions and returns the state; concurrent calls share one poll. */
  tick(): Promise<ShadowState> {
    this.running ??= this.poll().finally(() => { this.running = null; });
    return this.running;
  }

  /** Polls now and then every intervalMs until stop(); `onState` gets each poll's state (or its error). */
  start(onState: (s: ShadowState) => void, onError: (e: Error) => void = () => {}): void {
    if (this.cancel) return;
    const run = () => { this.tick().then(onState, onError); };
    const setTimer = this.opts.setTimer ?? defaultTimer;
    this.cancel = setTimer(run, this.intervalMs);
    run();
  }

  /** Stops the poll timer and waits for a poll in flight. */
  async stop(): Promise<void> {
    this.cancel?.();
    this.cancel = null;
    await this.running?.catch(() => {});
  }

  private async poll(): Promise<ShadowState> {
    const prom = this.opts.prometheus ? await observePrometheus(this.opts.prometheus, this.opts.mapping ?? DEFAULT_PROMETHEUS_MAPPING) : emptyObservations();
    const fleet = this.opts.fleet ? observeFleet(this.opts.fleet.nodes(), this.fleetUsed) : emptyObservations();
    this.record(mergeObservations(prom, fleet), this.opts.nowMs());
    return this.state();
  }

  /** Scores one poll's observations at atMs (exposed for tests that drive the shadow without sources). */
  record(obs: Observations, atMs: number): void {
    const { model } = this.opts;
    this.atMs = atMs;
    this.ticks++;
    this.lastObserved = obs;
    this.problems = { lastPoll: [...obs.problems], unmodelledNodes: [], unmodelledLinks: [], unknownServices: new Set(), nodesWithoutInput: [] };
    for (const [node, seen] of [...obs.nodes].sort(byFirst)) {
      if (!model.nodes.has(node)) { this.problems.unmodelledNodes.push(node); continue; }
      if (!seen.ratesPerS) { this.problems.nodesWithoutInput.push(node); continue; }
      let p: NodePrediction;
      try { p = predictNode(model, node, seen.ratesPerS)!; } catch (e) {
        // Sources validate their figures; should one slip through, the node is skipped, not the poll.
        this.problems.lastPoll.push(`${node}: no prediction: ${(e as Error).message}`);
        continue;
      }
      for (const s of p.unknownServices) this.problems.unknownServices.add(s);
      if (seen.cpu !== undefined) this.score('nodes', [node, 'cpu'], { node, signal: 'cpu' }, atMs, p.utilization, seen.cpu, this.eps.cpu);
      for (const [service, l] of seen.latency ?? []) {
        const lp = p.latency.get(service);
        if (!lp) continue; // unknown service, or a saturated prediction
        if (l.p50Ms !== null) this.score('apps', [node, service, 'latency_p50'], { app: service, node, signal: 'latency_p50' }, atMs, lp.p50Ms, l.p50Ms, this.eps.latencyMs);
        if (l.p95Ms !== null) this.score('apps', [node, service, 'latency_p95'], { app: service, node, signal: 'latency_p95' }, atMs, lp.p95Ms, l.p95Ms, this.eps.latencyMs);
      }
      keepRecent(this.nodeObs, atMs - this.windowMs, { atMs, node, ratesPerS: seen.ratesPerS, cpu: seen.cpu ?? null, latency: seen.latency ?? new Map(), predicted: p });
    }
    for (const [link, observedMs] of obs.links) {
      const predicted = predictLinkLatencyMs(model, link);
      if (predicted === null) { this.problems.unmodelledLinks.push(link); continue; }
      this.score('links', [link, 'latency'], { link, signal: 'latency' }, atMs, predicted, observedMs, this.eps.latencyMs);
      keepRecent(this.linkObs, atMs - this.windowMs, { atMs, link, observedMs });
    }
    // Refitted once per poll (not per read): on the observations inside the window that ends now.
    const cal = calibrate(model, this.nodeObs, this.linkObs, this.eps);
    this.calibration = { nodes: cal.nodes, links: cal.links };
  }

  /** The state at nowMs: errors over the window, the last values, calibration on the window's observations. */
  state(): ShadowState {
    const now = this.opts.nowMs();
    const scored = (key: string): ScoredRow & Record<string, unknown> => {
      const r = this.windows.result(key, now);
      const l = this.last.get(key);
      return { signal: '', mape: r.mape, samples: r.samples, skipped: r.skipped, predicted: l?.predicted ?? null, observed: l?.observed ?? null };
    };
    const rows = <T,>(m: Map<string, RowMeta>) => [...m].sort(byFirst).map(([k, meta]) => ({ ...meta, ...scored(k), signal: meta.signal })) as unknown as (ScoredRow & T)[];
    return {
      windowS: this.windowMs / 1000, intervalS: this.intervalMs / 1000, atMs: this.atMs, ticks: this.ticks,
      sources: { prometheus: !!this.opts.prometheus, fleet: !!this.opts.fleet },
      nodes: rows<{ node: string }>(this.rows.nodes), apps: rows<{ app: string; node: string }>(this.rows.apps), links: rows<{ link: string }>(this.rows.links),
      observed: [...this.lastObserved.nodes].sort(byFirst).map(([node, n]) => ({
        node, ratesPerS: Object.fromEntries(n.ratesPerS ?? []), cpu: n.cpu ?? null, memoryBytes: n.memoryBytes ?? null, networkReceiveBps: n.networkReceiveBps ?? null, networkTransmitBps: n.networkTransmitBps ?? null,
      })),
      calibration: this.calibration,
      problems: {
        lastPoll: this.problems.lastPoll, unmodelledNodes: this.problems.unmodelledNodes, unmodelledLinks: [...this.problems.unmodelledLinks].sort(),
        unknownServices: [...this.problems.unknownServices].sort(), nodesWithoutInput: this.problems.nodesWithoutInput, refusedSamples: this.windows.refused,
      },
    };
  }

  private score(kind: RowKind, parts: string[], meta: RowMeta, atMs: number, predicted: number, observed: number, eps: number): void {
    const key = `${kind}${SEP}${parts.join(SEP)}`;
    if (!this.windows.add(key, { atMs, predicted, observed }, eps)) return;
    this.rows[kind].set(key, meta);
    this.last.set(key, { predicted, observed });
  }
}

/** Appends x, dropping observations at or before `oldestMs` and the oldest beyond MAX_CALIBRATION_OBSERVATIONS. */
function keepRecent<T extends { atMs: number }>(xs: T[], oldestMs: number, x: T): void {
  xs.push(x);
  let drop = 0;
  while (drop < xs.length && xs[drop]!.atMs <= oldestMs) drop++;
  drop = Math.max(drop, xs.length - MAX_CALIBRATION_OBSERVATIONS);
  if (drop > 0) xs.splice(0, drop);
}

const defaultTimer: SetTimer = (fn, everyMs) => {
  const t = setInterval(fn, everyMs);
  t.unref();
  return () => clearInterval(t);
};
