/**
 * The compiled form of a request-deciding policy, shared by compile.ts and the rule builders.
 */
import type { Action, DecisionRequest, PolicySpec } from './types.ts';

/** Outcome of one policy on one request; obligations are written into the accumulator. */
export const Verdict = { None: 0, Allow: 1, Deny: 2, Obligate: 3 } as const;
/** One of the Verdict codes. */
export type Verdict = (typeof Verdict)[keyof typeof Verdict];

/** Mutable obligation accumulator for one decision. */
export interface ObligationAcc { encrypt: boolean; maxRetentionMs: number }

/** A policy ready to evaluate; `check` throws (ExprEvalError) when it cannot be evaluated. */
export interface CompiledPolicy {
  readonly id: string;
  readonly type: PolicySpec['type'];
  /** Actions `check` is consulted for. */
  readonly actions: readonly Action[];
  /** Whether it can allow, which makes its actions guarded (default deny). */
  readonly grants: boolean;
  check(req: DecisionRequest, acc: ObligationAcc): Verdict;
}
