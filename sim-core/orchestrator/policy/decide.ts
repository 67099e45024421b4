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

/** Decides `req` against `set`; throws only on a programmer error (unknown action). */
export function decide(set: PolicySet, req: DecisionRequest): Decision {
  const list = set.byAction[req.action];
  if (list === undefined) throw new Error(`decide: unknown action ${JSON.stringify(req.action)}; expected one of ${ACTIONS.join(', ')}`);
  const acc: ObligationAcc = { encrypt: false, maxRetentionMs: Infinity };
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
    if (v === Verdict.Deny) (denyIds ??= []).push(p.id);
    else if (v === Verdict.Allow) { (allowIds ??= []).push(p.id); granted = true; }
    else if (v === Verdict.Obligate) (allowIds ??= []).push(p.id);
  }
  if (denyIds) return { decision: 'deny', policyIds: denyIds, basis: 'policy', obligations: {}, errors: errors ?? [] };
  if (set.guarded[req.action] && !granted) {
    return { decision: 'deny', policyIds: [], basis: 'default-deny', obligations: {}, errors: errors ?? [] };
  }
  const obligations: Obligations = {};
  if (acc.encrypt) obligations.encrypt = true;
  if (acc.maxRetentionMs !== Infinity) obligations.maxRetentionMs = acc.maxRetentionMs;
  return { decision: 'allow', policyIds: allowIds ?? [], basis: granted ? 'policy' : 'unguarded', obligations, errors: errors ?? [] };
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
  const req: DecisionRequest = { action: 'route', stream: q.stream, to: q.to, path: q.path };
  if (q.from !== undefined) req.from = q.from;
  if (q.transit !== undefined) req.transit = q.transit;
  if (q.context !== undefined) req.context = q.context;
  return decide(set, req);
}
