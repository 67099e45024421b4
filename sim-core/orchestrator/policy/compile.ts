/**
 * Compiles validated policy documents into a PolicySet: expressions compiled once, policies
 * sorted by id (so decisions never depend on file order) and indexed by the action they touch.
 */
import { InputError } from '../../text/input-error.ts';
import { compileExpr, type CompiledExpr } from './expr/evaluate.ts';
import { ExprSyntaxError } from './expr/tokenize.ts';
import { compileEntity, compileMatcher } from './match.ts';
import { Verdict, type CompiledPolicy } from './compiled.ts';
import { buildDataRule } from './rules-data.ts';
import { buildSecurityRule } from './rules-security.ts';
import {
  ACTIONS, type Action, type AutomationStep, type DecisionRequest, type Matcher, type PlacementCondition,
  type PolicyBundle, type PolicyDoc, type PolicySpec,
} from './types.ts';

/** A compiled soft preference of a placement policy. */
export interface CompiledPreference { weight: number; test(req: DecisionRequest): boolean }
/** Placement policy scoring part: its selector and weighted preferences. */
export interface CompiledPlacement { id: string; selects(req: DecisionRequest): boolean; prefer: CompiledPreference[] }
/** A compiled automation rule. */
export interface CompiledAutomation { id: string; forEach?: 'node' | 'workload' | 'stream' | 'link'; when: CompiledExpr; actions: AutomationStep[] }

/** A compiled, immutable policy set; build with compilePolicies. */
export interface PolicySet {
  /** All request-deciding policies, sorted by id. */
  readonly policies: readonly CompiledPolicy[];
  /** For each action, the policies to consult, sorted by id. */
  readonly byAction: Readonly<Record<Action, readonly CompiledPolicy[]>>;
  /** Actions denied unless a policy allows them. */
  readonly guarded: Readonly<Record<Action, boolean>>;
  readonly placement: readonly CompiledPlacement[];
  readonly automation: readonly CompiledAutomation[];
}

/** Compiles policies (or a bundle with guarded actions); throws InputError on a bad expression or duplicate id. */
export function compilePolicies(input: PolicyBundle | readonly PolicyDoc[], file = '<policies>'): PolicySet {
  const bundle: PolicyBundle = Array.isArray(input) ? { policies: [...input], guardedActions: [] } : (input as PolicyBundle);
  const docs = [...bundle.policies].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < docs.length; i++) {
    if (docs[i]!.id === docs[i - 1]!.id) throw issue(file, `policy "${docs[i]!.id}"`, 'duplicate policy id; names must be unique across the set');
  }
  const policies: CompiledPolicy[] = [];
  const placement: CompiledPlacement[] = [];
  const automation: CompiledAutomation[] = [];
  for (const doc of docs) {
    const expr = (src: string, field: string): CompiledExpr => compileField(src, file, `policy "${doc.id}" spec.${field}`);
    const s = doc.spec;
    switch (s.type) {
      case 'access': {
        const selects = selector(s.match, s.when, expr);
        const v = s.effect === 'allow' ? Verdict.Allow : Verdict.Deny;
        const none = Verdict.None;
        policies.push({ id: doc.id, type: s.type, actions: [...new Set(s.actions)], grants: s.effect === 'allow', check: (req) => (selects(req) ? v : none) });
        break;
      }
      case 'placement': {
        const selects = selector(s.match, s.when, expr);
        const required = s.require.map((c, i) => condition(c, (src) => expr(src, `require[${i}].when`)));
        if (required.length > 0) {
          policies.push({
            id: doc.id, type: s.type, actions: ['place', 'migrate'], grants: false,
            check: (req) => {
              if (!selects(req)) return Verdict.None;
              for (const r of required) if (!r(req)) return Verdict.Deny;
              return Verdict.None;
            },
          });
        }
        const prefer = s.prefer.map((p, i) => ({ weight: p.weight, test: condition(p, (src) => expr(src, `prefer[${i}].when`)) }));
        if (prefer.length > 0) placement.push({ id: doc.id, selects, prefer });
        break;
      }
      case 'residency': case 'encryption': case 'retention':
        policies.push(buildDataRule(doc.id, s));
        break;
      case 'attestation': {
        const selects = s.match || s.when ? selector(s.match, s.when, expr) : (req: DecisionRequest) => req.workload?.sensitive === true;
        policies.push(buildSecurityRule(doc.id, s, selects));
        break;
      }
      case 'talk':
        policies.push(buildSecurityRule(doc.id, s, () => true));
        break;
      case 'automation':
        automation.push({ id: doc.id, forEach: s.forEach, when: expr(s.when, 'when'), actions: s.actions });
        break;
      default:
        throw new Error(`compilePolicies: unknown policy type ${JSON.stringify((s as { type: unknown }).type)} in "${doc.id}"`);
    }
  }
  const byAction = Object.fromEntries(ACTIONS.map((a) => [a, policies.filter((p) => p.actions.includes(a))])) as Record<Action, CompiledPolicy[]>;
  const guarded = Object.fromEntries(ACTIONS.map((a) => [a, bundle.guardedActions.includes(a) || byAction[a].some((p) => p.grants)])) as Record<Action, boolean>;
  return { policies, byAction, guarded, placement, automation };
}

/** Selector from an optional matcher and an optional expression; both must hold. */
function selector(match: Matcher | undefined, when: string | undefined, expr: (src: string, field: string) => CompiledExpr): (req: DecisionRequest) => boolean {
  const cond = when === undefined ? undefined : expr(when, 'when');
  const test = cond?.test;
  const m = match === undefined ? undefined : compileMatcher(match);
  if (m && test) return (req) => m(req) && test(req as unknown as Record<string, unknown>);
  if (m) return m;
  if (test) return test as unknown as (req: DecisionRequest) => boolean;
  return () => true;
}

function condition(c: PlacementCondition, expr: (src: string) => CompiledExpr): (req: DecisionRequest) => boolean {
  const cond = c.when === undefined ? undefined : expr(c.when);
  const node = c.node === undefined ? undefined : compileEntity(c.node);
  return (req) => (node === undefined || node(req.node)) && (cond === undefined || cond.test(req as unknown as Record<string, unknown>));
}

function compileField(src: string, file: string, path: string): CompiledExpr {
  try {
    return compileExpr(src);
  } catch (e) {
    if (e instanceof ExprSyntaxError) throw issue(file, path, `invalid expression: ${e.message}`);
    throw e;
  }
}

function issue(file: string, path: string, message: string): InputError {
  return new InputError([{ file, line: 0, col: 0, path, message }]);
}
