/**
 * Public surface of the policy engine (see types.ts for the policy language and semantics).
 */
export { compilePolicies, type PolicySet, type CompiledPlacement, type CompiledAutomation } from './compile.ts';
export { decide, routeDecision, type RouteQuery } from './decide.ts';
export { placementConstraints, preferenceScore, type PlacementVerdict } from './placement.ts';
export { evaluateAutomation } from './automation.ts';
export { parsePolicyYaml, loadPolicySet, POLICY_API_VERSION } from './load.ts';
export { compileExpr, ExprEvalError, type CompiledExpr, type Env } from './expr/evaluate.ts';
export { ExprSyntaxError } from './expr/tokenize.ts';
export * from './types.ts';
