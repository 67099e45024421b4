import { describe, expect, it } from 'vitest';
import { compilePolicies } from '../../../../sim-core/orchestrator/policy/compile.ts';
import { placementConstraints } from '../../../../sim-core/orchestrator/policy/placement.ts';
import type { PolicyDoc } from '../../../../sim-core/orchestrator/policy/types.ts';
import { loadFixtures } from './fixtures.ts';

const REGION = 'topology.kubernetes.io/region';
const gpuWorkload = { id: 'detector-0', app: 'vision', labels: { accelerator: 'gpu' } };
const node = (tier: string, region: string, gpus: number, arch = 'arm64') => ({ id: `${tier}-${region}`, tier, arch, gpus, region, labels: { [REGION]: region }, attested: true });

describe('placementConstraints (fixture placement-automation.yaml: gpu-inference)', () => {
  const set = loadFixtures('placement-automation.yaml');

  it.each([
    // require: gpus > 0 and arch in [x86_64, arm64]; prefer: edge (70) + eu-west (30); score = floor(100·matched/100)
    ['edge eu-west gpu', node('edge', 'eu-west', 1), true, 100],
    ['edge us-east gpu', node('edge', 'us-east', 1), true, 70],
    ['regional eu-west gpu', node('regional', 'eu-west', 4), true, 30],
    ['regional us-east gpu', node('regional', 'us-east', 4), true, 0],
    ['edge eu-west no gpu', node('edge', 'eu-west', 0), false, 100],
    ['edge eu-west gpu armv7', node('edge', 'eu-west', 1, 'armv7'), false, 100],
  ])('%s → feasible %s, score %i', (_name, n, feasible, score) => {
    const v = placementConstraints(set, gpuWorkload, n);
    expect(v.feasible).toBe(feasible);
    expect(v.reasons).toEqual(feasible ? [] : ['gpu-inference']);
    expect(v.preferenceScore).toBe(score);
    expect(v.errors).toEqual([]);
  });

  it('workloads the policy does not select are unconstrained and unscored', () => {
    const v = placementConstraints(set, { id: 'ingest', labels: { accelerator: 'none' } }, node('gateway', 'us-east', 0, 'armv7'));
    expect(v).toEqual({ feasible: true, reasons: [], basis: 'unguarded', preferenceScore: 0, errors: [] });
  });
});

describe('preference arithmetic across policies', () => {
  const docs: PolicyDoc[] = [
    { id: 'a', spec: { type: 'placement', require: [], prefer: [{ weight: 10, node: { tier: 'edge' } }, { weight: 20, when: 'node.cost < 1' }] } },
    { id: 'b', spec: { type: 'placement', require: [], prefer: [{ weight: 3, node: { zone: 'z1' } }] } },
  ];
  const set = compilePolicies(docs);

  it('sums matched weights over total weights of every selecting policy, truncating', () => {
    // matched 10 + 0 + 3 = 13 of 33 → floor(1300/33) = 39
    expect(placementConstraints(set, {}, { tier: 'edge', cost: 5, zone: 'z1' }).preferenceScore).toBe(39);
    // matched 10 + 20 + 0 = 30 of 33 → floor(3000/33) = 90
    expect(placementConstraints(set, {}, { tier: 'edge', cost: 0.5, zone: 'z2' }).preferenceScore).toBe(90);
  });

  it('a policy whose preference fails is left out of the score entirely and reported', () => {
    // `a` errors (no cost attribute): only `b` counts → 3 of 3 = 100
    const v = placementConstraints(set, {}, { tier: 'edge', zone: 'z1' });
    expect(v.preferenceScore).toBe(100);
    expect(v.errors.map((e) => e.policyId)).toEqual(['a']);
    expect(v.errors[0]!.message).toContain('no attribute "cost"');
  });

  it('feasibility includes attestation and access denials, with their ids as reasons', () => {
    const s = compilePolicies([...docs, { id: 'att', spec: { type: 'attestation' } }]);
    const v = placementConstraints(s, { sensitive: true }, { tier: 'edge', cost: 0, zone: 'z1', attested: false }, 'migrate');
    expect(v).toMatchObject({ feasible: false, reasons: ['att'], basis: 'policy', preferenceScore: 100 });
  });
});
