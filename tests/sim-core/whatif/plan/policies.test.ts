import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../sim-core/text/input-error.ts';
import { parseScenario } from '../../../../sim-core/scenario/parse.ts';
import { evaluatePlanPolicies, scenarioPolicies } from '../../../../sim-core/whatif/plan/policies.ts';
import { WHATIF_FIXTURES } from '../../../fixtures/whatif/build-result.ts';

const base = readFileSync(join(WHATIF_FIXTURES, 'plan-small.scenario.yaml'), 'utf8');
// The scenario names a policy file (tests/fixtures/whatif/plan-small.policies.yaml): detection
// must run on edge-tier nodes; arm64 is preferred (weight 1).
const withPolicies = `${base}  orchestrator:
    placement: static
    policies: [plan-small.policies.yaml]
`;
const policyText = readFileSync(join(WHATIF_FIXTURES, 'plan-small.policies.yaml'), 'utf8');
const read = (p: string) => { expect(p).toBe('plan-small.policies.yaml'); return policyText; };

describe('plan policies', () => {
  it('without policies: not evaluated, empty list, a note', () => {
    const model = parseScenario(base, 's.yaml');
    const e = evaluatePlanPolicies(model, { 'detect/infer': ['gw-1'] }, scenarioPolicies(model, 's.yaml'));
    expect(e).toMatchObject({ evaluated: false, satisfied: [], violations: [] });
    expect(e.note).toContain('no policies');
  });

  it('an allowed placement lists the policies it satisfies', () => {
    const model = parseScenario(withPolicies, 's.yaml');
    const e = evaluatePlanPolicies(model, { 'detect/infer': ['edge-1'] }, scenarioPolicies(model, 's.yaml', read));
    expect(e.evaluated).toBe(true);
    expect(e.satisfied).toEqual(['detect-on-edge', 'prefer-arm']);
    expect(e.violations).toEqual([]);
    expect(e.meanPreferenceScore).toBe(0); // edge-1 is x86_64
  });

  it('a denied placement names the service, node and denying policy', () => {
    const model = parseScenario(withPolicies, 's.yaml');
    const e = evaluatePlanPolicies(model, { 'detect/infer': ['gw-1'] }, scenarioPolicies(model, 's.yaml', read));
    expect(e.violations).toEqual([{ service: 'detect/infer', node: 'gw-1', policyIds: ['detect-on-edge'], basis: 'policy' }]);
    expect(e.satisfied).toEqual(['prefer-arm']);
    expect(e.meanPreferenceScore).toBe(100); // gw-1 is arm64
  });

  it('a malformed policy file is bad input naming that file', () => {
    const model = parseScenario(withPolicies, 's.yaml');
    expect(() => scenarioPolicies(model, 's.yaml', () => policyText.replace('type: placement\n      match', 'type: placemnt\n      match'))).toThrow(/plan-small.policies.yaml:\d+:\d+/);
    expect(() => scenarioPolicies(model, 's.yaml')).toThrow(InputError);
  });
});
