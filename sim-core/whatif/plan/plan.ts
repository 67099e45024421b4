/**
 * The plan document: for one variant of an experiment, the target placement, its diff against
 * the current state, the policies it satisfies and the evidence of its validation gates, sealed
 * with a SHA-256 content hash. Status is 'approvable' only when every gate passed and no policy
 * denied a replica; approve() refuses anything else (and any plan whose hash does not verify).
 */
import { canonicalJson } from './canonical-json.ts';
import type { PlacementDiff, Placements } from './diff.ts';
import { gateValueText, holds, type GateConfig, type GateResult } from './gates.ts';
import type { PolicyEvidence } from './policies.ts';
import { sha256Hex } from './sha256.ts';

/** Kind string of plan files. */
export const PLAN_KIND = 'edgetwin.io/v1alpha1/Plan';
/** Version of the plan format (fields are only ever added). */
export const PLAN_VERSION = 1;

/** Where the "current" placement came from. */
export interface PlanBaseline {
  /** 'snapshot' (a file or live read) or 'baseline-variant' (the experiment's baseline). */
  kind: 'snapshot' | 'baseline-variant';
  /** The snapshot's `source` / file, or the baseline variant's name. */
  source: string;
  takenAt: string | null;
  placements: Placements;
}

/** Everything in a plan except its hash. */
export interface PlanBody {
  kind: string;
  version: number;
  experiment: { name: string; file: string; hash: string };
  scenario: { name: string; file: string };
  variant: string;
  /** The sweep point the plan was made at (null without a sweep). */
  sweep: { path: string; value: string | number | boolean } | null;
  /** Target placement: "app/service" → node ids (keys sorted). */
  target: Placements;
  against: PlanBaseline;
  diff: PlacementDiff;
  policies: PolicyEvidence;
  validation: { seeds: number[]; faultSets: { name: string; faults: string[] }[]; durationMs: number | null; runs: number };
  gates: { config: GateConfig; results: GateResult[] };
  status: 'approvable' | 'blocked';
  /** Why the plan is blocked (failed gate ids, policy denials); empty when approvable. */
  blockers: string[];
}

/** A sealed plan: body plus `hash` = SHA-256 of the canonical JSON of the body. */
export interface Plan extends PlanBody { hash: string }

/** The content hash of a plan body (every field but `hash`; key order does not matter). */
export function planHash(body: PlanBody | Plan): string {
  const { hash: _omit, ...rest } = body as Plan;
  return sha256Hex(canonicalJson(rest));
}

/** Blockers implied by gates and policies: one entry per failed gate and per policy denial. */
export function blockersOf(gates: readonly GateResult[], policies: PolicyEvidence): string[] {
  return [
    ...gates.filter((g) => !g.pass).map((g) => `gate ${g.id} failed: worst ${gateValueText(g, g.worst)}, needs ${g.op === '<=' ? '≤' : '≥'} ${gateValueText(g, g.threshold)} (${g.worstAt})`),
    ...policies.violations.map((v) => `policy ${v.policyIds.join(', ') || `(${v.basis})`} denies ${v.service} on ${v.node}`),
  ];
}

/** Seals a body: derives status and blockers from the evidence (callers cannot pick them) and hashes it. */
export function sealPlan(body: Omit<PlanBody, 'status' | 'blockers'>): Plan {
  const blockers = blockersOf(body.gates.results, body.policies);
  const full: PlanBody = { ...body, status: blockers.length === 0 ? 'approvable' : 'blocked', blockers };
  // Round-trip through JSON so the hashed value is exactly what a plan file holds.
  const clean = JSON.parse(JSON.stringify(full)) as PlanBody;
  return { ...clean, hash: planHash(clean) };
}

/** Problems that make a plan unfit to approve: a hash mismatch, a status the evidence does not support. */
export function verifyPlan(plan: Plan): string[] {
  const problems: string[] = [];
  const h = planHash(plan);
  if (h !== plan.hash) problems.push(`hash mismatch: the plan says ${plan.hash} but its content hashes to ${h} (edited after sealing?)`);
  const blockers = blockersOf(plan.gates.results, plan.policies);
  if (plan.status === 'approvable' && blockers.length > 0) problems.push(`status 'approvable' contradicts the evidence: ${blockers.join('; ')}`);
  if (plan.gates.results.length === 0) problems.push('no gate results: the plan was never validated');
  for (const g of plan.gates.results) {
    // A gate's verdict must follow from its own numbers, so a hand-edited `pass` is caught.
    const expected = !g.enabled || (g.runs.length > 0 && g.runs.every((r) => holds(r.value, g.op, g.threshold)));
    if (g.pass !== expected) problems.push(`gate ${g.id} says pass=${g.pass} but its run values say ${expected}`);
  }
  return problems;
}

/** An approval record, bound to the plan's hash. */
export interface Approval { planHash: string; variant: string; approvedBy: string; approvedAt: string }

/** Result of approve(): the approval, or why the plan cannot be approved. */
export type ApproveResult = { ok: true; approval: Approval } | { ok: false; errors: string[] };

/**
 * Approves a plan when it verifies and every gate passed (and no policy denied a replica); the
 * caller supplies who and when (sim-core has no clock). Returns errors instead of throwing: a
 * failed gate is an expected outcome. Throws only on an empty approver (a programmer error).
 */
export function approve(plan: Plan, by: { approvedBy: string; approvedAt: string }): ApproveResult {
  if (!by.approvedBy) throw new Error(`approve: approvedBy must name someone, got ${JSON.stringify(by.approvedBy)}`);
  const errors = verifyPlan(plan);
  for (const b of blockersOf(plan.gates.results, plan.policies)) errors.push(`cannot approve: ${b}`);
  if (plan.status !== 'approvable' && errors.length === 0) errors.push(`cannot approve a plan with status '${plan.status}'`);
  if (errors.length) return { ok: false, errors: [...new Set(errors)] };
  return { ok: true, approval: { planHash: plan.hash, variant: plan.variant, approvedBy: by.approvedBy, approvedAt: by.approvedAt } };
}
