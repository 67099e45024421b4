/** Plans and validation gates: one import for the CLI, the gateway and the web UI. */
export { makePlan, DEFAULT_VALIDATION_SEEDS, type MakePlanOptions } from './make-plan.ts';
export { approve, verifyPlan, sealPlan, planHash, blockersOf, PLAN_KIND, PLAN_VERSION, type Plan, type PlanBody, type PlanBaseline, type Approval, type ApproveResult } from './plan.ts';
export { diffPlacements, applyDiff, diffSize, type Placements, type PlacementDiff, type PlacementMove } from './diff.ts';
export { evaluateGates, evaluateGateMeasures, checkGateConfig, holds, gateValueText, DEFAULT_GATES, GATE_IDS, type GateConfig, type GateResult, type GateId, type ValidationRun, type MeasuredRun, type GateRunValue } from './gates.ts';
export { measureGates, type GateMeasures, type Measured } from './gates-measure.ts';
export { parseGatesSpec, GATE_KEYS, type GatesSpec } from './gates-spec.ts';
export { parseSnapshot, type PlacementSnapshot } from './snapshot.ts';
export { evaluatePlanPolicies, scenarioPolicies, type PolicyEvidence, type PolicyViolation } from './policies.ts';
export { runValidation, modelPlacement, type ValidationInput } from './validate.ts';
export { sha256Hex, sha256Bytes } from './sha256.ts';
export { canonicalJson } from './canonical-json.ts';
