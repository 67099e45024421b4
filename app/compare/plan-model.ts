/**
 * The plan view's pure parts: the placement diff as table rows and as node indices for the scene
 * (appStore.planDiff), which of the plan's nodes the loaded scenario lacks, and the gates' numbers
 * in human units. No DOM: the Node tests run these.
 */
import type { FabricDescription } from '../../sim-core/twin/describe.ts';
import type { GateResult } from '../../sim-core/whatif/plan/gates.ts';
import type { Plan } from '../../sim-core/whatif/plan/plan.ts';
import { fmtCount, fmtPercent, fmtSig, NONE } from '../report/format.ts';

/** One row of the placement diff. */
export interface DiffRow {
  change: 'added' | 'removed' | 'moved' | 'unchanged';
  service: string;
  from: string[];
  to: string[];
  /** Nodes that gain a replica (in `to`, not in `from`) and nodes that lose one. */
  gained: string[];
  left: string[];
}

/** The diff as rows: moved, added, removed, then unchanged (each sorted by service, as the plan lists them). */
export function diffRows(plan: Plan): DiffRow[] {
  const d = plan.diff;
  const minus = (a: string[], b: string[]) => { const rest = [...b]; return a.filter((x) => { const i = rest.indexOf(x); if (i >= 0) { rest.splice(i, 1); return false; } return true; }); };
  return [
    ...d.moved.map((m): DiffRow => ({ change: 'moved', service: m.service, from: m.from, to: m.to, gained: minus(m.to, m.from), left: minus(m.from, m.to) })),
    ...d.added.map((a): DiffRow => ({ change: 'added', service: a.service, from: [], to: a.nodes, gained: a.nodes, left: [] })),
    ...d.removed.map((r): DiffRow => ({ change: 'removed', service: r.service, from: r.nodes, to: [], gained: [], left: r.nodes })),
    ...d.unchanged.map((s): DiffRow => ({ change: 'unchanged', service: s, from: plan.target[s] ?? [], to: plan.target[s] ?? [], gained: [], left: [] })),
  ];
}

/** The scene's planDiff for the loaded fabric, and the plan's node ids it does not have. */
export interface SceneDiff { planDiff: { service: string; from: number[]; to: number[] }[]; missing: string[] }

/**
 * Node indices (positions in description.nodes, by id) of every changed service's old and new
 * replicas. Nodes the loaded scenario lacks are left out of the indices and listed in `missing`.
 */
export function sceneDiff(plan: Plan, description: Pick<FabricDescription, 'nodes'> | null): SceneDiff {
  const index = new Map((description?.nodes ?? []).map((n, i) => [n.id, i]));
  const missing = new Set<string>();
  const idx = (ids: readonly string[]) => ids.flatMap((id) => { const i = index.get(id); if (i === undefined) { missing.add(id); return []; } return [i]; });
  const planDiff = diffRows(plan).filter((r) => r.change !== 'unchanged').map((r) => ({ service: r.service, from: idx(r.from), to: idx(r.to) }));
  // Unchanged services' nodes count too: a scenario without them is not the plan's.
  for (const r of diffRows(plan)) if (r.change === 'unchanged') idx(r.to);
  return { planDiff, missing: [...missing].sort() };
}

/** A gate's value in words: latency as a multiple of the SLO, rates and headroom in %, lost messages as a count. */
export function gateValue(g: Pick<GateResult, 'id' | 'unit'>, v: number | null): string {
  if (v === null) return 'not measured';
  if (!Number.isFinite(v)) return g.id === 'latency-slo' || g.id === 'slo-violation-rate' ? 'no completions' : NONE;
  if (g.id === 'latency-slo') return `${fmtSig(v, 3)}× SLO`;
  if (g.unit === 'messages') return fmtCount(v);
  if (g.unit === 'ratio' || g.unit === 'fraction') return fmtPercent(v);
  return `${fmtSig(v, 4)} ${g.unit}`;
}

/** One gate as the plan view shows it. */
export interface GateRow {
  id: string;
  title: string;
  enabled: boolean;
  pass: boolean;
  threshold: string;
  worst: string;
  worstAt: string;
  passed: string;
  runs: { faultSet: string; seed: number; value: string; at: string; pass: boolean }[];
}

/** Every gate with its threshold, worst value and per-run values in human units. */
export function gateRows(plan: Plan): GateRow[] {
  return plan.gates.results.map((g) => ({
    id: g.id, title: g.title, enabled: g.enabled, pass: g.pass,
    threshold: g.enabled ? `${g.op === '<=' ? '≤' : '≥'} ${gateValue(g, g.threshold)}` : 'off',
    worst: g.enabled ? gateValue(g, g.worst) : NONE,
    worstAt: g.worstAt,
    passed: `${g.runs.filter((r) => r.pass).length}/${g.runs.length}`,
    runs: g.runs.map((r) => ({ faultSet: r.faultSet, seed: r.seed, value: gateValue(g, r.value), at: r.at, pass: r.pass })),
  }));
}
