/**
 * The crash probe behind controller-everywhere.test.ts: which node of a shipped scenario is its
 * busiest edge node, what a crash of it does to the control plane, and the detection bound its
 * detector promises.
 *
 * Busiest edge node, precisely: run the scenario at its own seed without its scripted faults
 * (`--set spec.faults=[]`) and count, per node, the service executions that complete there
 * (`service-end` events). Among the edge-tier nodes that complete at least one, the one with the
 * most; ties go to the smaller id. A fabric whose edge tier completes nothing (it has no edge
 * servers, or they idle) falls back to the lowest tier that does — gateway, then regional, then
 * cloud — never the master, which watches the crash and is not its subject.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../../sim-core/scenario/parse.ts';
import type { ControlPlaneModel, ScenarioModel } from '../../sim-core/scenario/model.ts';
import { completeControlPlane } from '../../sim-core/scenario/resolve/control-plane.ts';
import type { TwinEvent } from '../../sim-core/twin/events.ts';
import type { RunReport } from '../../sim-core/twin/report.ts';
import { Simulation } from '../../sim-core/twin/simulation.ts';
import { scenarioBuildOptions } from '../../sim-core/twin/scenario-files.ts';
import { SCENARIOS_DIR } from './run-shipped.ts';

/** Overrides of one run, as the CLI takes them. */
export interface ProbeOptions { sets?: string[]; faults?: string[]; durationMs?: number }

function load(name: string, opts: ProbeOptions): { model: ScenarioModel; sim: Simulation } {
  const file = join(SCENARIOS_DIR, `${name}.yaml`);
  const model = parseScenario(readFileSync(file, 'utf8'), file, opts);
  return { model, sim: new Simulation(model, scenarioBuildOptions(model, file, (p) => readFileSync(p, 'utf8'))) };
}

/** Service executions completed per node id in a run of scenarios/<name>.yaml with `opts`. */
export function servedPerNode(name: string, opts: ProbeOptions = {}): { model: ScenarioModel; served: Map<string, number> } {
  const { model, sim } = load(name, opts);
  const served = new Map<string, number>();
  sim.subscribe((e) => { if (e.type === 'service-end') served.set(e.node, (served.get(e.node) ?? 0) + 1); }, { messages: true });
  sim.runToEnd();
  return { model, served };
}

const FALLBACK_TIERS = ['gateway', 'regional', 'cloud'] as const;

/** The busiest edge node (see the file comment) given the per-node counts of a fault-free run; null when no non-master node serves anything. */
export function busiestEdgeNode(model: ScenarioModel, served: ReadonlyMap<string, number>): string | null {
  const master = controlPlaneOf(model).master;
  const busiestOf = (tier: string): string | null => {
    const rows = model.nodes.filter((n) => n.tier === tier && n.id !== master && (served.get(n.id) ?? 0) > 0)
      .map((n) => ({ id: n.id, count: served.get(n.id)! }))
      .sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1));
    return rows[0]?.id ?? null;
  };
  for (const tier of ['edge', ...FALLBACK_TIERS]) {
    const id = busiestOf(tier);
    if (id !== null) return id;
  }
  return null;
}

/** The scenario's control plane with every default filled (what the twin runs). */
export function controlPlaneOf(model: ScenarioModel): ControlPlaneModel {
  return completeControlPlane(model.controlPlane, model.nodes);
}

/**
 * Latest detection the detector promises, in ms after the crash. A crash falls between two
 * heartbeats, so a timeout detector declares it at most `timeout` after the last heartbeat, that
 * is within `timeout` of the crash; the slack of one heartbeat period covers the heartbeat's trip
 * over the network and the check that notices it. Phi accrual with regular heartbeats (mean
 * `heartbeatEvery`, sd `minSd`) reaches `threshold` when 1 - Φ(z) = 10^-threshold; since
 * 1 - Φ(z) ≤ e^(-z²/2), z ≤ √(2·threshold·ln 10), so the declaration comes by
 * heartbeatEvery + z·minSd after the last heartbeat, plus the same slack.
 */
export function detectionBoundMs(cp: ControlPlaneModel): number {
  const d = cp.detector;
  if (d.kind === 'timeout') return d.timeoutMs + cp.heartbeatEveryMs;
  return cp.heartbeatEveryMs + Math.sqrt(2 * d.threshold * Math.LN10) * d.minSdMs + cp.heartbeatEveryMs;
}

/** What a crash run shows: the report, the control-plane events, and the replicas the node held when it crashed. */
export interface CrashRun {
  model: ScenarioModel;
  report: RunReport;
  events: TwinEvent[];
  /** Services ("app/service") whose desired placement put a replica on the node at the crash. */
  held: string[];
  /** Nodes down at each event time, for checking where replicas went. */
  downAt: (tMs: number) => ReadonlySet<string>;
}

/** Runs scenarios/<name>.yaml with `--fault node:<node>@<at>+<for>` added to its scripted faults (what `edgetwin run --fault` does). */
export function crashRun(name: string, node: string, atMs: number, forMs: number, opts: ProbeOptions = {}): CrashRun {
  const { model, sim } = load(name, { ...opts, faults: [...(opts.faults ?? []), `node:${node}@${atMs}ms+${forMs}ms`] });
  const events: TwinEvent[] = [];
  sim.subscribe((e) => events.push(e));
  sim.advanceTo(atMs);
  const held = heldAt(sim, node, atMs);
  sim.runToEnd();
  const changes = events.filter((e): e is Extract<TwinEvent, { type: 'node-down' | 'node-up' }> => e.type === 'node-down' || e.type === 'node-up');
  const downAt = (tMs: number) => {
    const down = new Set<string>();
    for (const e of changes) {
      if (e.t > tMs) break;
      if (e.type === 'node-down') down.add(e.node); else down.delete(e.node);
    }
    return down;
  };
  return { model, report: sim.report(), events, held, downAt };
}

/** Replays the decision log up to `tMs`: the services whose desired replicas include `node`. */
function heldAt(sim: Simulation, node: string, tMs: number): string[] {
  const on = new Map<string, Set<string>>();
  for (const d of sim.decisions) {
    if (d.atMs > tMs || d.node === null) continue;
    const set = on.get(d.service) ?? new Set<string>();
    if ((d.kind === 'relocated' || d.kind === 'injected') && d.from !== null) set.delete(d.from);
    if (d.kind === 'initial' || d.kind === 'relocated' || d.kind === 'injected') set.add(d.node);
    on.set(d.service, set);
  }
  return [...on].filter(([, nodes]) => nodes.has(node)).map(([svc]) => svc).sort();
}
