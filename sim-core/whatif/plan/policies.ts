/**
 * The policies a plan satisfies. When the scenario names policy files (`spec.orchestrator.policies`,
 * relative to the scenario; the caller reads them), every target replica is checked as a `place`
 * decision by the production policy engine; the plan lists the policy ids consulted that denied
 * none of them, and every denial with its service, node and policy ids.
 */
import { stringify } from 'yaml';
import type { ScenarioModel } from '../../scenario/model.ts';
import { compilePolicies, parsePolicyYaml, placementConstraints, POLICY_API_VERSION, type PolicySet } from '../../orchestrator/policy/index.ts';
import { ACTIONS, type Action, type PolicyBundle, type PolicyDoc } from '../../orchestrator/policy/types.ts';
import { InputError } from '../../text/input-error.ts';
import type { Placements } from './diff.ts';

/** One denied replica. */
export interface PolicyViolation { service: string; node: string; policyIds: string[]; basis: string }

/** Policy evidence of a plan. */
export interface PolicyEvidence {
  /** False when the scenario has no policies (then `satisfied` is empty and `note` says so). */
  evaluated: boolean;
  /** Ids of the place/migrate policies (and placement preferences) consulted that denied no replica, sorted. */
  satisfied: string[];
  violations: PolicyViolation[];
  /** Mean placement preference score (0..100) over the replicas; null without preference policies. */
  meanPreferenceScore: number | null;
  note: string;
}

/**
 * The scenario's policy set, or null when it has none; throws InputError on a bad policy.
 * Entries of spec.orchestrator.policies are file names read through `readPolicy`; inline policy
 * mappings ({name, type, ...}, as in a PolicySet) are accepted too.
 */
export function scenarioPolicies(model: ScenarioModel, file: string, readPolicy?: (path: string) => string): PolicySet | null {
  const list = (model.orchestrator as { policies?: unknown }).policies;
  if (!Array.isArray(list) || list.length === 0) return null;
  const policies: PolicyDoc[] = [];
  const guarded = new Set<Action>();
  const add = (b: PolicyBundle) => { policies.push(...b.policies); b.guardedActions.forEach((a) => guarded.add(a)); };
  const inline = list.filter((x) => typeof x !== 'string');
  for (const path of list.filter((x): x is string => typeof x === 'string')) {
    if (!readPolicy) throw new InputError([{ file, line: 0, col: 0, path: 'spec.orchestrator.policies', message: `policy file '${path}' cannot be read here (no file reader given)` }]);
    add(parsePolicyYaml(readPolicy(path), path));
  }
  // Inline mappings go through the policy loader's checks (and messages) as a PolicySet document.
  if (inline.length) add(parsePolicyYaml(stringify({ apiVersion: POLICY_API_VERSION, kind: 'PolicySet', spec: { policies: inline } }), `${file} (spec.orchestrator.policies)`));
  return compilePolicies({ policies, guardedActions: ACTIONS.filter((a) => guarded.has(a)) }, file);
}

/** Checks every replica of `target` against `set` (null: no policies → not evaluated). */
export function evaluatePlanPolicies(model: ScenarioModel, target: Readonly<Placements>, set: PolicySet | null): PolicyEvidence {
  if (set === null) {
    return { evaluated: false, satisfied: [], violations: [], meanPreferenceScore: null, note: 'the scenario declares no policies (spec.orchestrator.policies); nothing to check' };
  }
  const nodes = new Map(model.nodes.map((n) => [n.id, n]));
  const services = new Map(model.apps.flatMap((a) => a.services.map((s) => [`${a.id}/${s.id}` as string, { app: a, svc: s }] as const)));
  const consulted = new Set<string>([...set.byAction.place.map((p) => p.id), ...set.placement.map((p) => p.id)]);
  const denied = new Set<string>();
  const violations: PolicyViolation[] = [];
  let scoreSum = 0;
  let scored = 0;
  for (const service of Object.keys(target).sort()) {
    const entry = services.get(service);
    if (!entry) throw new Error(`evaluatePlanPolicies: unknown service '${service}'`);
    const workload = { id: service, app: entry.app.id, service: entry.svc.id, labels: { ...entry.app.labels, ...entry.svc.labels }, sensitive: entry.svc.sensitive };
    for (const nodeId of target[service]!) {
      const n = nodes.get(nodeId);
      if (!n) throw new Error(`evaluatePlanPolicies: unknown node '${nodeId}'`);
      const node = { id: n.id, tier: n.tier, region: n.region, zone: n.zone, labels: n.labels, attested: n.attested, arch: n.arch };
      const v = placementConstraints(set, workload, node, 'place');
      if (!v.feasible) {
        violations.push({ service, node: nodeId, policyIds: v.reasons, basis: v.basis });
        for (const id of v.reasons) denied.add(id);
      }
      if (set.placement.length > 0) { scoreSum += v.preferenceScore; scored++; }
    }
  }
  return {
    evaluated: true,
    satisfied: [...consulted].filter((id) => !denied.has(id)).sort(),
    violations,
    meanPreferenceScore: scored ? scoreSum / scored : null,
    note: violations.length ? `${violations.length} replica placement(s) denied by policy` : `every replica allowed by ${consulted.size} placement polic${consulted.size === 1 ? 'y' : 'ies'}`,
  };
}
