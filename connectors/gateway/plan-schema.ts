/**
 * The JSON Schema a posted plan must match before the gateway hashes and verifies it: the fields
 * verifyPlan and the plan list read, with their types. Extra fields are kept (the format only adds
 * fields, and every field is hashed), so nothing here changes a valid plan.
 */
import { PLAN_KIND } from '../../sim-core/whatif/plan/index.ts';

const gateRun = { type: 'object', required: ['value'], properties: { value: { type: ['number', 'null'] } } } as const;

const gateResult = {
  type: 'object',
  required: ['id', 'op', 'threshold', 'unit', 'enabled', 'pass', 'worst', 'worstAt', 'runs'],
  properties: {
    id: { type: 'string' }, op: { enum: ['<=', '>='] }, threshold: { type: 'number' }, unit: { type: 'string' },
    enabled: { type: 'boolean' }, pass: { type: 'boolean' }, worst: { type: ['number', 'null'] }, worstAt: { type: 'string' },
    runs: { type: 'array', items: gateRun },
  },
} as const;

const violation = {
  type: 'object', required: ['service', 'node', 'policyIds', 'basis'],
  properties: { service: { type: 'string' }, node: { type: 'string' }, policyIds: { type: 'array', items: { type: 'string' } }, basis: { type: 'string' } },
} as const;

/** Body schema of POST /api/v1/plans. */
export const PLAN_BODY_SCHEMA = {
  type: 'object',
  required: ['kind', 'version', 'experiment', 'variant', 'gates', 'policies', 'status', 'blockers', 'hash'],
  properties: {
    kind: { const: PLAN_KIND },
    version: { type: 'integer', minimum: 1 },
    experiment: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 200 } } },
    variant: { type: 'string', minLength: 1, maxLength: 200 },
    gates: { type: 'object', required: ['results'], properties: { results: { type: 'array', items: gateResult } } },
    policies: { type: 'object', required: ['violations'], properties: { violations: { type: 'array', items: violation } } },
    status: { enum: ['approvable', 'blocked'] },
    blockers: { type: 'array', items: { type: 'string' } },
    hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  },
} as const;

/** Params schema of /api/v1/plans/:hash. */
export const HASH_PARAMS_SCHEMA = {
  type: 'object', required: ['hash'], properties: { hash: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
} as const;

/** Body schema of POST /api/v1/plans/:hash/approve (the body may be absent). */
export const APPROVE_BODY_SCHEMA = {
  type: ['object', 'null'], additionalProperties: false, properties: { comment: { type: 'string', maxLength: 2000 } },
} as const;
