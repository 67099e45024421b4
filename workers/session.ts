/**
 * One interactive simulation, as the web app drives it: load scenario text, play at a speed,
 * pause, step, seek, inject. Kept apart from the stateless job pool: one Session per tab, inside
 * its own worker (session-worker.ts). Wall-clock pacing lives in pacer.ts; this class only moves
 * simulated time when told to, so tests drive it directly.
 *
 * Seek to an earlier time restores the newest keyframe at or before it (session-keyframes.ts: a
 * checkpoint of the twin taken every twentieth or so of the run while it ran forward) and
 * simulates from there, replaying the user's injections after it at their times; with no usable
 * keyframe it re-simulates from the start. Determinism makes both exact: the client sees after a
 * seek exactly what an uninterrupted run shows, and what the full re-simulation showed (the seek
 * tests compare trace hashes, chart points, status and messages with that reference path). Chart
 * points are taken at fixed simulated steps by a frame writer of their own, checkpointed with the
 * twin, so they too are the same after a seek; the chart's prefix up to a keyframe is the same by
 * determinism and is kept, not stored. Display frames come from a frame writer that starts anew
 * after every seek, as it did when a seek built a new twin.
 */
import { FaultSpecError, parseFaultSpec } from '../sim-core/scenario/fault-spec.ts';
import { InputError } from '../sim-core/text/input-error.ts';
import type { ScenarioModel } from '../sim-core/scenario/model.ts';
import { parseScenario } from '../sim-core/scenario/parse.ts';
import type { DecisionRecord } from '../sim-core/twin/decision-log.ts';
import type { TwinEvent } from '../sim-core/twin/events.ts';
import { H_COST_USD, H_DELIVERED, H_DROPPED, H_ENERGY_WH, H_IN_FLIGHT, H_LINKS_DOWN, H_LOST, H_NODES_DOWN, H_TIME_MS, H_WAN_BYTES, type TwinFrame } from '../sim-core/twin/frame.ts';
import { FrameWriter } from '../sim-core/twin/frame-writer.ts';
import { scenarioBuildOptions } from '../sim-core/twin/scenario-files.ts';
import { Simulation, type TwinChange } from '../sim-core/twin/simulation.ts';
import { checkpointBytes, keyframePlan, Keyframes, sharedInputsOf, type Keyframe } from './session-keyframes.ts';
import { EVENTS_PER_PUSH, type ChartPoint, type FrameMessage, type Injection, type LoadRequest, type LoadResult, type NodeDetails, type SessionChange, type SessionStatus, type Speed } from './session-types.ts';

/** Chart points per run (the step is the duration divided by this, at least one simulated second). */
export const CHART_POINTS = 600;

/** Options of a Session (tests and benchmarks). */
export interface SessionOptions {
  /** False: every backward seek re-simulates from the start (the reference path keyframes are checked against). Default true. */
  keyframes?: boolean;
  /** Events in one message, and kept for the log after a seek (the newest); default EVENTS_PER_PUSH. Smaller in tests, to reach the limit. */
  eventsPerPush?: number;
}

/** How the latest backward seek (or injection removal) got there. */
export interface RewindStats {
  /** 'keyframe': restored one taken at `fromMs`; 'rebuild': re-simulated from the start. */
  via: 'keyframe' | 'rebuild';
  fromMs: number;
  toMs: number;
  /** Events the twin simulated to get from `fromMs` to `toMs`. */
  eventsSimulated: number;
}

/** One interactive twin. */
export class Session {
  private readonly useKeyframes: boolean;
  private keyframes: Keyframes | null = null;
  private readonly eventsPerPush: number;
  // Twin events received since t = 0 (this timeline), and the newest eventsPerPush of them in a ring, for keyframes.
  private eventsSeen = 0;
  private eventRing: TwinEvent[] = [];
  private displayWriter: FrameWriter | null = null;
  private lastRewindStats: RewindStats | null = null;
  // What this twin's checkpoints share with its inputs (not counted in their size); found at the first keyframe.
  private sharedInputs: Set<object> | null = null;
  private request: LoadRequest | null = null;
  private model: ScenarioModel | null = null;
  private sim: Simulation | null = null;
  private unsubscribe: (() => void) | null = null;
  private injections: Injection[] = [];
  private nextInjectionId = 1;
  private events: TwinEvent[] = [];
  private eventsOmitted = 0;
  private decisionsSent = 0;
  private placementSent = -1;
  private chart: ChartPoint[] = [];
  private chartSent = 0;
  private chartStepMs = 1000;
  private chartFrame: TwinFrame | null = null;
  // A frame writer of its own for chart steps (its windows and rates span chart steps, not display frames).
  private chartWriter: FrameWriter | null = null;
  // Injections already applied to the current simulation (made live, or replayed).
  private applied = new Set<number>();
  private resetPending = false;
  private readonly freeBuffers: ArrayBuffer[] = [];
  private frameBytes = 0;
  /** Play state, owned by the pacer; kept here so status() can report it. */
  playing = false;
  speed: Speed = 10;
  effectiveSpeed = 0;
  seeking = false;

  constructor(opts: SessionOptions = {}) {
    this.useKeyframes = opts.keyframes ?? true;
    this.eventsPerPush = opts.eventsPerPush ?? EVENTS_PER_PUSH;
    if (!(Number.isInteger(this.eventsPerPush) && this.eventsPerPush >= 1)) throw new Error(`Session: eventsPerPush ${this.eventsPerPush}`);
  }

  /** Parses and builds a scenario; on bad input returns every issue and keeps the current scene. */
  load(req: LoadRequest): LoadResult {
    let model: ScenarioModel;
    let sim: Simulation;
    try {
      model = parseScenario(req.text, req.file, req.seed !== undefined ? { seed: req.seed } : {});
      sim = this.build(req, model);
    } catch (err) {
      if (err instanceof InputError) return { ok: false, issues: err.issues, message: err.message };
      return { ok: false, issues: [{ file: req.file, line: 0, col: 0, path: '', message: err instanceof Error ? err.message : String(err) }], message: err instanceof Error ? err.message : String(err) };
    }
    this.request = { ...req, files: { ...(req.files ?? {}) } };
    this.model = model;
    this.injections = [];
    this.playing = false;
    this.install(sim);
    const d = sim.describe();
    return { ok: true, description: d, layout: sim.frameLayout, endMs: sim.endMs, seed: model.seed };
  }

  /** The loaded simulation (tests; throws before a load). */
  get simulation(): Simulation {
    if (!this.sim) throw new Error('Session: nothing loaded');
    return this.sim;
  }

  /** Simulated time now. */
  get nowMs(): number { return this.sim?.nowMs ?? 0; }
  /** Scenario end. */
  get endMs(): number { return this.sim?.endMs ?? 0; }
  /** Injections, by time. */
  get timeline(): readonly Injection[] { return this.injections; }

  /**
   * Advances to `targetMs` (capped at the end), stopping at each pending injection and chart step
   * on the way. Returns the time reached.
   */
  advanceTo(targetMs: number): number {
    const sim = this.simulation;
    const until = Math.min(targetMs, sim.endMs);
    while (sim.nowMs < until) {
      const next = Math.min(until, this.nextStopAfter(sim.nowMs));
      sim.advanceTo(next);
      this.atStop(sim.nowMs);
    }
    return sim.nowMs;
  }

  /** Applies a change now and keeps it on the timeline; returns an error message instead when it cannot apply. */
  inject(change: SessionChange): { ok: true; injection: Injection } | { ok: false; message: string } {
    const sim = this.simulation;
    const twinChange = toTwinChange(change);
    if ('error' in twinChange) return { ok: false, message: twinChange.error };
    try {
      sim.inject(twinChange.change);
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
    const injection: Injection = { id: this.nextInjectionId++, atMs: sim.nowMs, change, label: labelOf(change) };
    this.applied.add(injection.id);
    this.keyframes?.dropFrom(injection.atMs);
    // After any at the same time, so a replay applies them in the same order.
    let i = this.injections.length;
    while (i > 0 && this.injections[i - 1]!.atMs > injection.atMs) i--;
    this.injections.splice(i, 0, injection);
    return { ok: true, injection };
  }

  /** Removes an injection from the timeline and re-simulates to the current time without it. */
  removeInjection(id: number): boolean {
    const i = this.injections.findIndex((x) => x.id === id);
    if (i < 0) return false;
    const t = this.nowMs;
    const [removed] = this.injections.splice(i, 1);
    this.keyframes?.dropFrom(removed!.atMs);
    this.rewindTo(t);
    return true;
  }

  /** Moves to `timeMs`: forward by simulating, backward from the newest keyframe before it (or the start) with the injections replayed. */
  seek(timeMs: number): void {
    const sim = this.simulation;
    const t = Math.max(0, Math.min(timeMs, sim.endMs));
    if (t >= sim.nowMs) { this.advanceTo(t); return; }
    this.rewindTo(t);
  }

  /** How the latest backward seek or injection removal got there (null before any). */
  get lastRewind(): RewindStats | null { return this.lastRewindStats; }
  /** Times of the keyframes kept now (tests, benchmarks). */
  get keyframeTimes(): number[] { return this.keyframes?.times ?? []; }

  /** Status for the client. */
  status(): SessionStatus {
    const sim = this.sim;
    return {
      loaded: sim !== null, playing: this.playing, speed: this.speed, timeMs: sim?.nowMs ?? 0, endMs: sim?.endMs ?? 0,
      effectiveSpeed: this.effectiveSpeed, seeking: this.seeking, traceHash: sim?.traceHash ?? '', events: sim?.eventsProcessed ?? 0,
    };
  }

  /** Gives a frame buffer back for reuse (double buffering: the worker keeps at most two). */
  releaseFrame(buffer: ArrayBuffer): void {
    if (buffer.byteLength === this.frameBytes && this.freeBuffers.length < 2) this.freeBuffers.push(buffer);
  }

  /**
   * What the client needs now: a frame written into a free buffer (null when the client still
   * holds both), and the events, decisions, placement and chart points since the last push.
   */
  takeMessage(): FrameMessage {
    const sim = this.simulation;
    let buffer: ArrayBuffer | null = null;
    const free = this.freeBuffers.pop();
    if (free) {
      this.displayWriter ??= new FrameWriter(sim.state);
      this.displayWriter.writeInto(sim.createFrame(free));
      buffer = free;
    }
    const decisions: DecisionRecord[] = sim.decisions.slice(this.decisionsSent);
    this.decisionsSent = sim.decisions.length;
    const version = sim.state.placement.version;
    const placement = version !== this.placementSent ? sim.state.placement.seam.replicas.map((r) => Array.from(r)) : null;
    this.placementSent = version;
    const msg: FrameMessage = {
      buffer, status: this.status(), events: this.events, eventsOmitted: this.eventsOmitted, decisions, placement,
      chart: this.chart.slice(this.chartSent), reset: this.resetPending, injections: [...this.injections],
    };
    this.chartSent = this.chart.length;
    this.events = [];
    this.eventsOmitted = 0;
    this.resetPending = false;
    return msg;
  }

  /** The replicas on node `id` and why each is there. */
  nodeDetails(id: string): NodeDetails | null {
    const sim = this.simulation;
    const n = sim.state.fabric.topology.nodeIndex(id);
    if (n < 0) return null;
    const running = (svc: number) => sim.state.placement.seam.replicas[svc]!.includes(n);
    const replicas = sim.state.graph.services.flatMap((c) => (running(c.index) ? [{ service: c.key, history: sim.decisionHistory(c.key, id) }] : []));
    const desired = sim.state.control.plane?.desiredOf[n] ?? new Set<number>();
    const pending = [...desired].sort((a, b) => a - b).filter((svc) => !running(svc))
      .map((svc) => { const key = sim.state.graph.services[svc]!.key; return { service: key, history: sim.decisionHistory(key, id) }; });
    return { index: n, replicas, pending };
  }

  /** All chart points so far (the client gets them incrementally through takeMessage). */
  get chartPoints(): readonly ChartPoint[] { return this.chart; }

  private build(req: LoadRequest, model: ScenarioModel): Simulation {
    const files = req.files ?? {};
    return new Simulation(model, scenarioBuildOptions(model, req.file, (p) => {
      const text = files[p];
      if (text === undefined) throw new InputError([{ file: req.file, line: 0, col: 0, path: 'spec.orchestrator', message: `the scenario names ${p}, which the browser does not have; load a shipped scenario that uses it, or remove it` }]);
      return text;
    }));
  }

  /** Makes `sim` (freshly built, at t = 0) the session's twin: new chart, keyframes, event log. */
  private install(sim: Simulation): void {
    this.attach(sim);
    this.events = [];
    this.eventsOmitted = 0;
    this.eventsSeen = 0;
    this.chart = [];
    this.chartStepMs = Math.max(1000, Math.ceil(sim.endMs / CHART_POINTS / 1000) * 1000);
    this.chartFrame = sim.createFrame();
    this.chartWriter = new FrameWriter(sim.state);
    this.applied = new Set();
    const layout = sim.frameLayout;
    this.sharedInputs = null;
    // A twin that cannot checkpoint (Simulation.checkpointRefusal) seeks back by re-simulating from the start.
    this.keyframes = this.useKeyframes && sim.checkpointRefusal === null ? new Keyframes(keyframePlan(sim.endMs, this.chartStepMs, layout.nodes + layout.links)) : null;
    this.frameBytes = this.chartFrame.buffer.byteLength;
    this.atStop(sim.nowMs);
  }

  /** Subscribes to `sim` in place of the current twin; the client starts over (reset, every decision, placement, chart, a fresh display writer). */
  private attach(sim: Simulation): void {
    this.unsubscribe?.();
    this.sim = sim;
    this.unsubscribe = sim.subscribe((e) => {
      this.eventRing[this.eventsSeen % this.eventsPerPush] = e;
      this.eventsSeen++;
      if (this.events.length < this.eventsPerPush) this.events.push(e);
      else if (this.seeking) { this.events.shift(); this.events.push(e); this.eventsOmitted++; }
      else this.eventsOmitted++;
    });
    this.decisionsSent = 0;
    this.placementSent = -1;
    this.chartSent = 0;
    this.displayWriter = null;
    this.freeBuffers.length = 0;
    const bytes = sim.createFrame().buffer.byteLength;
    this.freeBuffers.push(new ArrayBuffer(bytes), new ArrayBuffer(bytes));
    this.resetPending = true;
  }

  /** Goes back to `t` (at or before now): from the newest keyframe at or before it, else from the start. */
  private rewindTo(t: number): void {
    const kf = this.keyframes?.newestAtOrBefore(t) ?? null;
    const wasSeeking = this.seeking;
    this.seeking = true;
    let fromEvents = 0;
    try {
      if (kf) { this.restoreKeyframe(kf); fromEvents = kf.checkpoint.events; }
      else this.install(this.rebuild());
      this.keyframes?.dropAfter(this.nowMs);
      this.advanceTo(t);
    } finally {
      this.seeking = wasSeeking;
    }
    this.resetPending = true;
    this.lastRewindStats = { via: kf ? 'keyframe' : 'rebuild', fromMs: kf?.atMs ?? 0, toMs: t, eventsSimulated: this.simulation.eventsProcessed - fromEvents };
  }

  /** A twin built anew from the loaded scenario, at t = 0. */
  private rebuild(): Simulation {
    if (!this.request || !this.model) throw new Error('Session: nothing loaded');
    const model = parseScenario(this.request.text, this.request.file, this.request.seed !== undefined ? { seed: this.request.seed } : {});
    return this.build(this.request, model);
  }

  /**
   * Makes the twin and the session's records what they were when `kf` was taken, as a
   * re-simulation from the start to there leaves them: the chart's prefix (the same by
   * determinism), its writer, the applied injections, and the event log a seek keeps (the newest).
   */
  private restoreKeyframe(kf: Keyframe): void {
    const { sim, extra } = Simulation.restoreWithExtra(kf.checkpoint);
    if (!extra || !(extra.chartWriter instanceof FrameWriter)) throw new Error('Session: a keyframe without its chart writer');
    this.attach(sim);
    this.chartWriter = extra.chartWriter;
    let keep = this.chart.length;
    while (keep > 0 && this.chart[keep - 1]!.tMs > kf.atMs) keep--;
    this.chart.length = keep;
    this.applied = new Set(kf.applied);
    this.events = kf.lastEvents.slice();
    this.eventsOmitted = kf.eventsSeen - this.events.length;
    this.eventsSeen = kf.eventsSeen;
    for (let i = 0; i < this.events.length; i++) this.eventRing[(kf.eventsSeen - this.events.length + i) % this.eventsPerPush] = this.events[i]!;
  }

  /** A keyframe of now (after the stop's chart point and injections). */
  private takeKeyframe(): void {
    const sim = this.simulation;
    const n = Math.min(this.eventsSeen, this.eventsPerPush);
    const lastEvents: TwinEvent[] = [];
    for (let i = this.eventsSeen - n; i < this.eventsSeen; i++) lastEvents.push(this.eventRing[i % this.eventsPerPush]!);
    const checkpoint = sim.checkpoint({ chartWriter: this.chartWriter });
    this.sharedInputs ??= sharedInputsOf(checkpoint);
    this.keyframes!.add({ atMs: sim.nowMs, checkpoint, sizeBytes: checkpointBytes(checkpoint, this.sharedInputs), applied: new Set(this.applied), eventsSeen: this.eventsSeen, lastEvents });
  }

  private nextStopAfter(now: number): number {
    let next = (Math.floor(now / this.chartStepMs) + 1) * this.chartStepMs;
    for (const inj of this.injections) if (inj.atMs > now) { next = Math.min(next, inj.atMs); break; }
    return next;
  }

  /**
   * At a stop: take a chart point if on a step, then apply the injections due now (replay). The
   * order is the live one: a user injects after the clock reached the time, so a chart point at
   * that time was taken before.
   */
  private atStop(now: number): void {
    const sim = this.simulation;
    if (now % this.chartStepMs === 0 || now === sim.endMs) this.takeChartPoint();
    for (const inj of this.injections) {
      if (inj.atMs !== now || this.applied.has(inj.id)) continue;
      const c = toTwinChange(inj.change);
      if ('change' in c) sim.inject(c.change);
      this.applied.add(inj.id);
    }
    if (this.keyframes?.due(now)) this.takeKeyframe();
  }

  private takeChartPoint(): void {
    const sim = this.simulation;
    const last = this.chart[this.chart.length - 1];
    if (last && last.tMs === sim.nowMs) return;
    this.chartWriter!.writeInto(this.chartFrame!);
    this.chart.push(chartPointOf(this.chartFrame!));
  }
}

/** A chart point from a written frame. */
export function chartPointOf(f: TwinFrame): ChartPoint {
  const h = f.header;
  return {
    tMs: h[H_TIME_MS]!,
    p50: Array.from(f.appP50), p95: Array.from(f.appP95), p99: Array.from(f.appP99), sloObserved: Array.from(f.appSloObserved),
    violationRate: Array.from(f.appViolationRate), throughputPerS: Array.from(f.appThroughputPerS),
    delivered: h[H_DELIVERED]!, dropped: h[H_DROPPED]!, lost: h[H_LOST]!, droppedBy: Array.from(f.dropsByReason), lostBy: Array.from(f.lossesByReason),
    inFlight: h[H_IN_FLIGHT]!, wanBytes: h[H_WAN_BYTES]!, energyWh: h[H_ENERGY_WH]!, costUsd: h[H_COST_USD]!,
    nodesDown: h[H_NODES_DOWN]!, linksDown: h[H_LINKS_DOWN]!,
  };
}

/** The twin's change for a session change, or why it is malformed. */
export function toTwinChange(c: SessionChange): { change: TwinChange } | { error: string } {
  switch (c.kind) {
    case 'fault': {
      const spec = withStartNow(c.spec);
      try {
        return { change: { kind: 'fault', fault: parseFaultSpec(spec) } };
      } catch (err) {
        if (err instanceof FaultSpecError) return { error: err.message };
        throw err;
      }
    }
    case 'recover': return { change: { kind: 'recover', target: c.target } };
    case 'placement': return { change: { kind: 'placement', service: c.service, nodes: [...c.nodes] } };
  }
}

/**
 * The spec with `@0` as its start when it has none (`link:a~b+30s:bandwidth=x0.2` →
 * `link:a~b@0+30s:bandwidth=x0.2`): the start is "now" anyway, so the user may leave it out.
 */
export function withStartNow(spec: string): string {
  if (spec.includes('@')) return spec;
  const colon = spec.indexOf(':');
  const bodyStart = colon < 0 ? 0 : colon + 1;
  let cut = spec.length;
  const plus = spec.indexOf('+', bodyStart);
  if (plus >= 0) cut = plus;
  const opts = spec.indexOf(':', bodyStart);
  if (opts >= 0 && opts < cut) cut = opts;
  return `${spec.slice(0, cut)}@0${spec.slice(cut)}`;
}

/** A short label for the timeline. */
export function labelOf(c: SessionChange): string {
  switch (c.kind) {
    case 'fault': return c.spec.split('@')[0]!;
    case 'recover': return `recover ${c.target}`;
    case 'placement': return `place ${c.service} on ${c.nodes.join(', ')}`;
  }
}
