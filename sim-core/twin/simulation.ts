/**
 * A simulation you can drive, not only run: build it from a scenario, advance it to a time or
 * by a number of events, read compact snapshots, subscribe to its events, inject changes
 * between steps, and produce the report. `edgetwin run`, the what-if planner and the web UI
 * are all clients of this class.
 */
import type { FaultModel, ScenarioModel } from '../scenario/model.ts';
import { buildTwin, type BuildOptions } from './build.ts';
import type { TwinEvent, TwinListener } from './events.ts';
import { activeFaultsOn, checkFaultTarget } from './faults.ts';
import { buildReport, type ReportOptions, type RunReport } from './report.ts';
import { takeSnapshot, type TwinSnapshot } from './snapshot.ts';
import { describeTwin, type FabricDescription } from './describe.ts';
import { createFrame, type FrameLayout, type TwinFrame } from './frame.ts';
import { FrameWriter, type FrameWriterOptions } from './frame-writer.ts';
import type { DecisionRecord } from './decision-log.ts';
import type { TwinState } from './state.ts';
import { TraceHasher } from './trace-hash.ts';
import { driftArg } from './control/drift.ts';
import { restoreRoots, takeCheckpoint, type CheckpointRoots, type TwinCheckpoint } from './checkpoint.ts';

/** A change injected between steps. */
export type TwinChange =
  /** A fault starting now (atMs is ignored; forMs counts from now). */
  | { kind: 'fault'; fault: FaultModel }
  /** New replica nodes for a service, by "app/service" key and node ids. */
  | { kind: 'placement'; service: string; nodes: string[] }
  /** A manual change on a node (stop or start a replica there); a control plane's reconcile loop corrects it. */
  | { kind: 'drift'; node: string; service: string; action: 'stop' | 'start' }
  /** Ends now every fault active on a target (node id, link `a~b` or id, region or zone, or 'control-plane'). */
  | { kind: 'recover'; target: string };

/** One simulation run. */
export class Simulation {
  /** The twin's state; read-only for clients (tests and the orchestrator seam use it). */
  readonly state: TwinState;
  private readonly hasher = new TraceHasher();
  private writer: FrameWriter | null = null;
  private readonly options: BuildOptions;

  /** Builds a simulation from a resolved scenario. Throws InputError for fault targets that name nothing. */
  constructor(model: ScenarioModel, opts: BuildOptions = {}) {
    this.options = opts;
    this.state = buildTwin(model, opts);
    const h = this.hasher;
    this.state.kernel.observe((t, kind, a, b) => h.update(t, kind, a, b));
  }

  /** Current virtual time in ms. */
  get nowMs(): number { return this.state.kernel.nowMs; }
  /** Scenario end in ms. */
  get endMs(): number { return this.state.model.durationMs; }
  /** Events dispatched so far. */
  get eventsProcessed(): number { return this.state.kernel.eventsProcessed; }
  /** True once the clock reached the scenario's end. */
  get done(): boolean { return this.nowMs >= this.endMs; }
  /** Hash of every event dispatched so far (determinism check). */
  get traceHash(): string { return this.hasher.digest(); }

  /** Runs every event up to timeMs (capped at the end); the clock ends at that time. */
  advanceTo(timeMs: number): void {
    const until = Math.min(timeMs, this.endMs);
    if (until < this.nowMs) throw new Error(`advanceTo(${timeMs}) is before now (${this.nowMs})`);
    this.state.kernel.run(until);
  }

  /** Runs at most maxEvents events (never past the end); returns how many ran. */
  advanceEvents(maxEvents: number): number {
    const ran = this.state.kernel.runEvents(maxEvents, this.endMs);
    if (ran < maxEvents && !this.done) this.state.kernel.run(this.endMs);
    return ran;
  }

  /** Runs to the end in chunks, calling onProgress(fraction of simulated time) between chunks. */
  runToEnd(onProgress?: (fraction: number) => void, chunkEvents = 250_000): void {
    while (!this.done) {
      this.advanceEvents(chunkEvents);
      onProgress?.(this.endMs > 0 ? this.nowMs / this.endMs : 1);
    }
  }

  /** Typed-array snapshot of nodes, links and apps. */
  snapshot(): TwinSnapshot { return takeSnapshot(this.state); }

  /** The static fabric (nodes, links, apps, services, control plane, faults), for a UI; sent once. */
  describe(): FabricDescription { return describeTwin(this.state); }

  /** Sizes of this twin's frames. */
  get frameLayout(): FrameLayout { return { nodes: this.state.model.nodes.length, links: this.state.fabric.topology.linkCount, apps: this.state.model.apps.length }; }

  /** A frame for this twin over `buffer` (a new one when omitted), to pass to snapshotInto. */
  createFrame(buffer?: ArrayBuffer): TwinFrame { return createFrame(this.frameLayout, buffer); }

  /**
   * Writes the current state into a caller-owned frame (no allocation). Rates and rolling windows
   * cover the time since the previous call; `opts` apply from the first call on.
   */
  snapshotInto(frame: TwinFrame, opts?: FrameWriterOptions): void {
    if (!this.writer) this.writer = new FrameWriter(this.state, opts);
    this.writer.writeInto(frame);
  }

  /** Every placement decision so far (initial, relocations, injected), oldest first. */
  get decisions(): readonly DecisionRecord[] { return this.state.placement.decisionLog.records; }

  /** Why the replica of `service` ("app/service") on `node` is there, newest decision first, back to its first placement. */
  decisionHistory(service: string, node: string): DecisionRecord[] { return this.state.placement.decisionLog.historyOf(service, node); }

  /** Subscribes to twin events; message-level events only with { messages: true }. */
  subscribe(listener: TwinListener, opts: { messages?: boolean } = {}): () => void {
    const off = this.state.events.subscribe(listener, opts);
    this.state.messageEvents = this.state.events.wantsMessages;
    return () => { off(); this.state.messageEvents = this.state.events.wantsMessages; };
  }

  /** Applies a change now, between steps. Throws on a target that names nothing. */
  inject(change: TwinChange): void {
    const s = this.state;
    if (change.kind === 'placement') {
      const svc = s.graph.serviceIndex.get(change.service);
      if (svc === undefined) throw new Error(`no service '${change.service}'; known: ${[...s.graph.serviceIndex.keys()].join(', ')}`);
      const nodes = change.nodes.map((id) => {
        const n = s.fabric.topology.nodeIndex(id);
        if (n < 0) throw new Error(`no node '${id}'`);
        return n;
      });
      const before = new Set(s.placement.seam.replicas[svc]!);
      const from = [...before].filter((n) => !nodes.includes(n)).map((n) => s.fabric.topology.nodeId(n));
      const decisions = nodes.filter((n) => !before.has(n)).map((n) => s.placement.decisionLog.add({
        atMs: this.nowMs, service: change.service, kind: 'injected', node: s.fabric.topology.nodeId(n), from: from.shift() ?? null, by: 'user',
        scores: {}, total: null, feasibleNodes: 0, evaluatedNodes: 0, policies: [], message: 'placed by hand (inject)',
      }));
      s.placement.setReplicas(svc, nodes);
      s.events.publish({ t: this.nowMs, type: 'placement', service: change.service, nodes: change.nodes, decisions });
      return;
    }
    if (change.kind === 'recover') {
      const active = activeFaultsOn(s, change.target, this.nowMs);
      if (active.length === 0) throw new Error(`no active fault on '${change.target}'`);
      for (const i of active) {
        s.faults.log[i]!.endMs = this.nowMs;
        s.kernel.scheduleAt(this.nowMs, s.kinds.fault, i, 0, -1);
      }
      s.kernel.runEvents(active.length, this.nowMs);
      return;
    }
    if (change.kind === 'drift') {
      const svc = s.graph.serviceIndex.get(change.service);
      if (svc === undefined) throw new Error(`no service '${change.service}'; known: ${[...s.graph.serviceIndex.keys()].join(', ')}`);
      const n = s.fabric.topology.nodeIndex(change.node);
      if (n < 0 || s.model.nodes[n]!.tier === 'sensor') throw new Error(`no node '${change.node}' that runs services`);
      const cp = s.control.plane;
      if (!cp) throw new Error('drift needs a control plane (spec.controlPlane.model other than none)');
      s.kernel.scheduleAt(this.nowMs, cp.kinds.drift, n, driftArg(svc, change.action), -1);
      s.kernel.runEvents(1, this.nowMs);
      return;
    }
    const f: FaultModel = { ...change.fault, atMs: this.nowMs };
    const why = checkFaultTarget(s, f);
    if (why) throw new Error(`${f.spec}: ${why}`);
    const i = s.faults.log.length;
    s.faults.models.push(f);
    s.faults.log.push({ kind: f.kind, target: f.target, atMs: f.atMs, endMs: f.forMs < Infinity ? f.atMs + f.forMs : null, detectedAfterMs: null, recoveredAfterMs: null, messagesLost: 0 });
    // Through the kernel at the current time, so the trace hash covers injected changes too.
    s.kernel.scheduleAt(this.nowMs, s.kinds.fault, i, 1, -1);
    if (f.forMs < Infinity) s.kernel.scheduleAt(this.nowMs + f.forMs, s.kinds.fault, i, 0);
    s.kernel.runEvents(1, this.nowMs);
  }

  /**
   * Why checkpoint() refuses this twin, or null when it can checkpoint. Edge MLOps (spec.models)
   * keeps run state in closures a copy cannot reach (bulk-transfer completions, model-rollout
   * tickers), so a restored run would silently diverge: refused rather than wrong.
   */
  get checkpointRefusal(): string | null {
    if ((this.state.model.models?.length ?? 0) > 0) return 'checkpoints of scenarios with spec.models are not supported yet';
    return null;
  }

  /**
   * A checkpoint of the run as it stands: a value, sharing nothing mutable with this simulation
   * (which may go on running). `Simulation.restore(cp)` continues from it exactly as this run
   * continues. Subscribers are not part of it. `extra` roots (a client's records, which may refer
   * to the twin's state) are copied with it; `restoreWithExtra` gives them back.
   */
  checkpoint(extra?: CheckpointRoots): TwinCheckpoint {
    const refused = this.checkpointRefusal;
    if (refused) throw new Error(refused);
    const roots = extra ? { ...this.roots(), extra } : this.roots();
    return takeCheckpoint(this.state.model, this.options, this.nowMs, this.eventsProcessed, roots, new Set([this.state.events]));
  }

  /** A new simulation continuing from `cp` (any number of times: each restore is independent). */
  static restore(cp: TwinCheckpoint): Simulation {
    return Simulation.restoreWithExtra(cp).sim;
  }

  /**
   * Like restore, and also gives back copies of the `extra` roots passed to checkpoint(), bound to
   * the restored twin (a client's own records that read the twin, say a second frame writer, refer
   * to the restored state, not the original's); null when the checkpoint has none.
   */
  static restoreWithExtra(cp: TwinCheckpoint): { sim: Simulation; extra: CheckpointRoots | null } {
    const sim = new Simulation(cp.model, cp.options);
    const live: CheckpointRoots = sim.roots();
    // After the twin's own roots, so objects the extras share with the state map to the live state.
    if ('extra' in cp.data) live.extra = undefined;
    const out = restoreRoots(cp, live);
    for (const part of ['state', 'hasher'] as const) {
      if (out[part] !== live[part]) throw new Error(`restore: the checkpoint's ${part} does not fit the rebuilt twin`);
    }
    sim.writer = out.writer as FrameWriter | null;
    sim.state.messageEvents = sim.state.events.wantsMessages;
    return { sim, extra: (out.extra as CheckpointRoots | undefined) ?? null };
  }

  /** A copy of this simulation at the current time that runs on independently (checkpoint + restore). */
  fork(): Simulation { return Simulation.restore(this.checkpoint()); }

  /** What a checkpoint copies: the twin's state (its control plane included) and this simulation's own records. */
  private roots(): CheckpointRoots {
    return { state: this.state, hasher: this.hasher, writer: this.writer };
  }

  /** The report at the current time (call after runToEnd for the full run); `{ exact: true }` skips the display rounding. */
  report(opts?: ReportOptions): RunReport { return buildReport(this.state, this.traceHash, opts); }
}

export type { TwinEvent, TwinListener, TwinSnapshot, RunReport, TwinCheckpoint };
