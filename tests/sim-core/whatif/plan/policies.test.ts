import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../sim-core/scenario/input-error.ts';
import { parseScenario } from '../../../../sim-core/scenario/parse.ts';
import { evaluatePlanPolicies, scenarioPolicies } from '../../../../sim-core/whatif/plan/policies.ts';
import { WHATIF_FIXTURES } from '../../../fixtures/whatif/build-result.ts';

const base = readFileSync(join(WHATIF_FIXTURES, 'plan-small.scenario.yaml'), 'utf8');
// Two placement policies: detection must run on edge-tier nodes; it prefers arm64 (weight 1).
const withPolicies = `${base}  orchestrator:
    policies:
      - name: detect-on-edge
        type: placement
        match: {workload: {app: detect}}
        require:
          - node: {tier: edge}
      - name: prefer-arm
        type: placement
        prefer:
          - {weight: 1, node: {arch: arm64}}
`;

describe('plan policies', () => {
  it('without policies: not evaluated, empty list, a note', () => {
    const model = parseScenario(base, 's.yaml');
    const e = evaluatePlanPolicies(model, { 'detect/infer': ['gw-1'] }, scenarioPolicies(model, 's.yaml'));
    expect(e).toMatchObject({ evaluated: false, satisfied: [], violations: [] });
    expect(e.note).toContain('no policies');
  });

  it('an allowed placement lists the policies it satisfies', () => {
    const model = parseScenario(withPolicies, 's.yaml');
    const e = evaluatePlanPolicies(model, { 'detect/infer': ['edge-1'] }, scenarioPolicies(model, 's.yaml'));
    expect(e.evaluated).toBe(true);
    expect(e.satisfied).toEqual(['detect-on-edge', 'prefer-arm']);
    expect(e.violations).toEqual([]);
    expect(e.meanPreferenceScore).toBe(0); // edge-1 is x86_64
  });

  it('a denied placement names the service, node and denying policy', () => {
    const model = parseScenario(withPolicies, 's.yaml');
    const e = evaluatePlanPolicies(model, { 'detect/infer': ['gw-1'] }, scenarioPolicies(model, 's.yaml'));
    expect(e.violations).toEqual([{ service: 'detect/infer', node: 'gw-1', policyIds: ['detect-on-edge'], basis: 'policy' }]);
    expect(e.satisfied).toEqual(['prefer-arm']);
    expect(e.meanPreferenceScore).toBe(100); // gw-1 is arm64
  });

  it('a malformed policy is bad input', () => {
    const model = parseScenario(withPolicies.replace('type: placement\n        match', 'type: placemnt\n        match'), 's.yaml');
    expect(() => scenarioPolicies(model, 's.yaml')).toThrow(InputError);
  });
});
