/**
 * The authorizer: one request in, one explained Decision out. Deny wins; a guarded action with
 * no allowing policy is denied by default; a policy that throws while evaluating is skipped and
 * reported with its id. Policies are consulted in id order, so the result is independent of the
 * order in which they were written.
 */
import { Verdict, type ObligationAcc } from './compiled.ts';
import type { PolicySet } from './compile.ts';
import {
  ACTIONS, type Decision, type DecisionRequest, type Obligations, type PolicyError,
  type PolicyLink, type PolicyNode, type PolicyStream,
} from './types.ts';

const { Allow: ALLOW, Deny: DENY, Obligate: OBLIGATE } = Verdict;

// Reused across calls: checks are synchronous and never re-enter decide, so one accumulator suffices.
const ACC: ObligationAcc = { encrypt: false, maxRetentionMs: Infinity };

// Empty parts are shared and frozen (no allocation per decision); callers copy before mutating.
const NO_IDS = Object.freeze([]) as unknown as string[];
const NO_ERRORS = Object.freeze([]) as unknown as PolicyError[];
const NO_OBLIGATIONS = Object.freeze({}) as Obligations;

/** Decides `req` against `set` (empty arrays in the result are shared and frozen); throws only on a programmer error (unknown action). */
export function decide(set: PolicySet, req: DecisionRequest): Decision {
  const list = set.byAction[req.action];
  if (list === undefined) throw new Error(`decide: unknown action ${JSON.stringify(req.action)}; expected one of ${ACTIONS.join(', ')}`);
  const acc = ACC;
  acc.encrypt = false;
  acc.maxRetentionMs = Infinity;
  let denyIds: string[] | undefined;
  let allowIds: string[] | undefined;
  let granted = false;
  let errors: PolicyError[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const p = list[i]!;
    let v: Verdict;
    try {
      v = p.check(req, acc);
    } catch (e) {
      (errors ??= []).push({ policyId: p.id, message: e instanceof Error ? e.message : String(e) });
      continue;
    }
    if (v === DENY) (denyIds ??= []).push(p.id);
    else if (v === ALLOW) { (allowIds ??= []).push(p.id); granted = true; }
    else if (v === OBLIGATE) (allowIds ??= []).push(p.id);
  }
  if (denyIds) return { decision: 'deny', policyIds: denyIds, basis: 'policy', obligations: NO_OBLIGATIONS, errors: errors ?? NO_ERRORS };
  if (set.guarded[req.action] && !granted) {
    return { decision: 'deny', policyIds: NO_IDS, basis: 'default-deny', obligations: NO_OBLIGATIONS, errors: errors ?? NO_ERRORS };
  }
  let obligations = NO_OBLIGATIONS;
  if (acc.encrypt || acc.maxRetentionMs !== Infinity) {
    obligations = {};
    if (acc.encrypt) obligations.encrypt = true;
    if (acc.maxRetentionMs !== Infinity) obligations.maxRetentionMs = acc.maxRetentionMs;
  }
  return { decision: 'allow', policyIds: allowIds ?? NO_IDS, basis: granted ? 'policy' : 'unguarded', obligations, errors: errors ?? NO_ERRORS };
}

/** A routing question: may this stream's data go from `from` to `to` over `path`? */
export interface RouteQuery {
  stream: PolicyStream;
  from?: PolicyNode;
  to: PolicyNode;
  /** Links of the route in order (their `type` drives encryption rules). */
  path: PolicyLink[];
  /** Intermediate nodes, checked by residency like the destination. */
  transit?: PolicyNode[];
  context?: Record<string, unknown>;
}

/** `decide` for action `route`: residency denials and encryption obligations, with ids. */
export function routeDecision(set: PolicySet, q: RouteQuery): Decision {
  // One object shape for every route request keeps the evaluators' property loads monomorphic;
  // absent fields stay undefined, which expressions and matchers treat as missing.
  return decide(set, { action: 'route', stream: q.stream, from: q.from, to: q.to, path: q.path, transit: q.transit, context: q.context });
}
