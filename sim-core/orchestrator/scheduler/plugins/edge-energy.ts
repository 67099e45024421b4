/**
 * EdgeEnergy (score): the marginal watts of adding the pod to a node, under a linear power model
 * P(u) = idle + (max − idle) × u for a powered node and 0 for a node that is off. A node is on
 * when it runs pods, reports utilization > 0, or has edge.poweredOn; so powering on an idle node
 * costs its idle watts on top of the load. Utilization u = edge.utilization (telemetry load the
 * scheduler does not track, 0..1) + scheduled non-zero cpu / allocatable cpu, capped at 1; the pod
 * adds its non-zero cpu / allocatable cpu. Power facts: edge.idleWatts and edge.maxWatts, or a
 * flat edge.watts. Least marginal energy → 100, most → 0; a node without a power model gets 0.
 */
import type { Node } from '../api-types.ts';
import type { ClusterState } from '../state.ts';
import { RES_CPU } from '../state.ts';
import type { CycleState, ScorePlugin, NodeDependence, EquivalenceAware } from '../types.ts';
import { STATIC_ONLY } from '../types.ts';
import type { FusedScorer } from '../score-math.ts';
import { addLowerIsBetter, cachedPerNode, checkArgs, edgeNumber, normalizeLowerIsBetter } from './edge-attrs.ts';

/** Plugin name. */
export const NAME = 'EdgeEnergy';

/** A node's linear power model in watts. */
export interface PowerModel { idleWatts: number; maxWatts: number }

/** The node's power model from its edge record, or undefined when it has none; throws on max < idle. */
export function powerModel(node: Node): PowerModel | undefined {
  const watts = edgeNumber(node, 'watts');
  const max = edgeNumber(node, 'maxWatts') ?? watts;
  const idle = edgeNumber(node, 'idleWatts') ?? (edgeNumber(node, 'maxWatts') === undefined ? watts : undefined);
  if (max === undefined || idle === undefined) return undefined;
  if (idle < 0 || max < idle) throw new Error(`node ${node.name}: power model needs 0 <= idleWatts <= maxWatts, got idle ${idle}, max ${max}`);
  return { idleWatts: idle, maxWatts: max };
}

/** Draw in watts at utilization u (0..1, capped) when on; 0 when off. Pure. */
export function powerWatts(m: PowerModel, on: boolean, utilization: number): number {
  if (!on) return 0;
  const u = Math.min(1, Math.max(0, utilization));
  return m.idleWatts + (m.maxWatts - m.idleWatts) * u;
}

/** Extra watts from adding `addedUtilization` to a node at `utilization` (an off node powers on). Pure. */
export function marginalWatts(m: PowerModel, on: boolean, utilization: number, addedUtilization: number): number {
  return powerWatts(m, true, utilization + addedUtilization) - powerWatts(m, on, utilization);
}

/** Per-node power facts of a state (cached until a node changes). */
export interface PowerFacts { models: (PowerModel | undefined)[]; baseUtilization: Float64Array; forcedOn: Uint8Array }

/** Reads every node's power model, telemetry utilization and poweredOn flag. */
export function powerFacts(state: ClusterState): PowerFacts {
  return cachedPerNode(state, NAME, () => {
    const base = new Float64Array(state.nodeCount), on = new Uint8Array(state.nodeCount);
    const models = state.nodes.map((node, n) => {
      const u = edgeNumber(node, 'utilization') ?? 0;
      if (u < 0 || u > 1) throw new Error(`node ${node.name}: edge.utilization must be in [0, 1], got ${u}`);
      base[n] = u;
      on[n] = node.edge?.poweredOn === true || u > 0 ? 1 : 0;
      return powerModel(node);
    });
    return { models, baseUtilization: base, forcedOn: on };
  });
}

/** Whether node n draws power now, and its utilization (0..1) from telemetry plus scheduled cpu. */
export function nodeLoad(state: ClusterState, facts: PowerFacts, n: number): { on: boolean; utilization: number } {
  const alloc = state.alloc[RES_CPU]![n]!;
  const sched = alloc > 0 ? state.nonZeroCpu[n]! / alloc : 0;
  return { on: facts.forcedOn[n] === 1 || state.podCount[n]! > 0, utilization: Math.min(1, facts.baseUtilization[n]! + sched) };
}

/** Current draw of node n in watts (0 when it has no power model). */
export function nodeWatts(state: ClusterState, n: number, facts: PowerFacts = powerFacts(state)): number {
  const m = facts.models[n];
  if (!m) return 0;
  const { on, utilization } = nodeLoad(state, facts, n);
  return powerWatts(m, on, utilization);
}

/** EdgeEnergy takes no args. */
export type EdgeEnergyArgs = Record<string, never>;

/**
 * Power models as two columns (NaN = no model), and a class per node of the static inputs
 * (model, allocatable cpu, telemetry utilization, poweredOn): nodes of one class that hold no pods
 * have identical inputs, so their marginal watts are computed once per cycle. Cached until a node changes.
 */
function modelColumns(state: ClusterState): { idle: Float64Array; max: Float64Array; cls: Int32Array; classes: number } {
  return cachedPerNode(state, `${NAME}/columns`, () => {
    const facts = powerFacts(state), models = facts.models, cpu = state.alloc[RES_CPU]!;
    const idle = new Float64Array(state.nodeCount).fill(NaN), max = new Float64Array(state.nodeCount).fill(NaN);
    const cls = new Int32Array(state.nodeCount), ids = new Map<string, number>();
    for (let n = 0; n < models.length; n++) {
      const m = models[n];
      if (m) { idle[n] = m.idleWatts; max[n] = m.maxWatts; }
      const key = `${idle[n]}|${max[n]}|${cpu[n]}|${facts.baseUtilization[n]}|${facts.forcedOn[n]}`;
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      cls[n] = id;
    }
    return { idle, max, cls, classes: ids.size };
  });
}

/**
 * raw[i] = marginalWatts of the pod on nodes[i] (Infinity without a power model): nodeLoad and
 * powerWatts inlined over columns, the same operations in the same order, no object per node.
 */
function marginalWattsInto(cycle: CycleState, nodes: Int32Array, count: number, raw: Float64Array, emptyByClass: Float64Array): void {
  const st = cycle.state, facts = powerFacts(st), cols = modelColumns(st);
  const idleW = cols.idle, maxW = cols.max, base = facts.baseUtilization, forcedOn = facts.forcedOn, cls = cols.cls;
  const podCpu = cycle.pod.nonZeroCpuMilli, allocCpu = st.alloc[RES_CPU]!, nzCpu = st.nonZeroCpu, pods = st.podCount;
  emptyByClass.fill(NaN, 0, cols.classes); // NaN = not computed yet this cycle
  for (let i = 0; i < count; i++) {
    const n = nodes[i]!;
    const empty = pods[n] === 0 && nzCpu[n] === 0;
    if (empty) { const v = emptyByClass[cls[n]!]!; if (v === v) { raw[i] = v; continue; } }
    const idle = idleW[n]!;
    let v: number;
    if (idle !== idle) v = Infinity; // NaN: no power model
    else {
      const span = maxW[n]! - idle, alloc = allocCpu[n]!;
      const utilization = Math.min(1, base[n]! + (alloc > 0 ? nzCpu[n]! / alloc : 0));
      const after = idle + span * Math.min(1, Math.max(0, utilization + (alloc > 0 ? podCpu / alloc : 0)));
      const now = forcedOn[n] === 1 || pods[n]! > 0 ? idle + span * Math.min(1, Math.max(0, utilization)) : 0;
      v = after - now;
    }
    raw[i] = v;
    if (empty) emptyByClass[cls[n]!] = v;
  }
}

/** Builds the plugin; throws on any args (it has none). */
export function newEdgeEnergy(args?: unknown) {
  checkArgs(NAME, args, []);
  let emptyByClass = new Float64Array(0);
  const perClass = (st: ClusterState) => {
    const c = modelColumns(st).classes;
    return emptyByClass.length >= c ? emptyByClass : (emptyByClass = new Float64Array(Math.max(c, 2 * emptyByClass.length)));
  };
  return {
    name: NAME,
    /** Reads only the node's static attributes and its pods. */
    nodeDependence: (): NodeDependence => STATIC_ONLY,
    score(cycle: CycleState, nodes: Int32Array, count: number, out: Float64Array): void {
      marginalWattsInto(cycle, nodes, count, out, perClass(cycle.state));
    },
    normalizeScore(_cycle: CycleState, _nodes: Int32Array, count: number, scores: Float64Array): void {
      normalizeLowerIsBetter(scores, count);
    },
    addWeightedScores(cycle: CycleState, nodes: Int32Array, count: number, weight: number, totals: Float64Array, scratch: Float64Array): void {
      marginalWattsInto(cycle, nodes, count, scratch, perClass(cycle.state));
      addLowerIsBetter(scratch, count, weight, totals);
    },
  } satisfies ScorePlugin & FusedScorer & EquivalenceAware;
}
