import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compilePolicies } from '../../../../sim-core/orchestrator/policy/compile.ts';
import { decide } from '../../../../sim-core/orchestrator/policy/decide.ts';
import { ACTIONS, type Action, type DecisionRequest, type PlacementPreference, type PolicyDoc, type PolicySpec } from '../../../../sim-core/orchestrator/policy/types.ts';

// Small vocabularies so random policies and requests actually meet.
const TIERS = ['edge', 'regional', 'cloud'];
const REGIONS = ['eu-west', 'us-east'];
const TAGS = ['pii', 'raw-video', 'telemetry'];
const LINKS = ['fibre', 'lte', 'satellite'];
// Some conditions fail to evaluate on some requests (missing attributes): errors are part of the game.
const WHENS = [
  'node.tier == "edge"', 'stream.tags contains "pii"', 'workload.labels.app == "pay"',
  'principal.role in ["sre"]', 'node.gpus > 0', 'to.region startsWith "eu"', 'context.freeze == true',
];

const actions = fc.uniqueArray(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 3 });
const sub = (xs: string[]) => fc.uniqueArray(fc.constantFrom(...xs), { minLength: 1, maxLength: xs.length });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const specArb: fc.Arbitrary<PolicySpec> = fc.oneof(
  fc.record({
    type: fc.constant('access' as const), effect: fc.constantFrom('allow' as const, 'deny' as const), actions,
    match: maybe(fc.record({ node: fc.record({ tier: sub(TIERS) }) })), when: maybe(fc.constantFrom(...WHENS)),
  }, { requiredKeys: ['type', 'effect', 'actions'] }),
  fc.record({ type: fc.constant('residency' as const), tags: sub(TAGS), regions: sub(REGIONS) }),
  fc.record({ type: fc.constant('encryption' as const), linkTypes: sub(LINKS), tags: maybe(sub(TAGS)) }, { requiredKeys: ['type', 'linkTypes'] }),
  fc.record({ type: fc.constant('retention' as const), tags: sub(TAGS), maxRetentionMs: fc.integer({ min: 1, max: 1e9 }) }),
  fc.record({ type: fc.constant('attestation' as const), when: maybe(fc.constantFrom(...WHENS)) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('talk' as const), sameApp: fc.boolean(), allow: fc.array(fc.record({ from: fc.record({ app: sub(['pay', 'cam']) }), to: fc.record({ app: sub(['pay', 'cam', 'ui']) }) }), { maxLength: 2 }) }),
  fc.record({
    type: fc.constant('placement' as const), require: fc.array(fc.record({ when: fc.constantFrom(...WHENS) }), { maxLength: 2 }), prefer: fc.constant([] as PlacementPreference[]),
  }),
);

const docsArb = fc.array(specArb, { maxLength: 12 }).map((specs): PolicyDoc[] => specs.map((spec, i) => ({ id: `p${String(i).padStart(2, '0')}`, spec })));

const nodeArb = fc.record({
  tier: fc.constantFrom(...TIERS), region: fc.constantFrom(...REGIONS), attested: fc.boolean(), gpus: fc.integer({ min: 0, max: 2 }),
}, { requiredKeys: ['tier', 'region'] });
const reqArb: fc.Arbitrary<DecisionRequest> = fc.record({
  action: fc.constantFrom(...ACTIONS) as fc.Arbitrary<Action>,
  node: nodeArb, to: nodeArb,
  stream: fc.record({ tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }) }),
  workload: fc.record({ app: fc.constantFrom('pay', 'cam', 'ui'), sensitive: fc.boolean(), labels: fc.record({ app: fc.constantFrom('pay', 'cam') }, { requiredKeys: [] }) }),
  principal: fc.record({ app: fc.constantFrom('pay', 'cam', 'ui'), role: fc.constantFrom('sre', 'dev') }, { requiredKeys: [] }),
  path: fc.array(fc.record({ type: fc.constantFrom(...LINKS), encryptionCapable: fc.boolean() }, { requiredKeys: ['type'] }), { maxLength: 3 }),
  context: fc.record({ freeze: fc.boolean() }, { requiredKeys: [] }),
}, { requiredKeys: ['action'] });

describe('decision properties', () => {
  it('the decision does not depend on the order of the policies (seed 0xD1)', () => {
    fc.assert(fc.property(docsArb, fc.array(reqArb, { minLength: 1, maxLength: 8 }), fc.func(fc.integer()), (docs, reqs, key) => {
      const shuffled = [...docs].map((d, i) => ({ d, k: key(i) })).sort((a, b) => a.k - b.k).map((x) => x.d);
      const a = compilePolicies(docs), b = compilePolicies(shuffled), c = compilePolicies([...docs].reverse());
      for (const r of reqs) {
        const want = decide(a, r);
        expect(decide(b, r)).toEqual(want);
        expect(decide(c, r)).toEqual(want);
      }
    }), { seed: 0xd1, numRuns: 400 });
  });

  it('adding an allow never turns a policy deny into allow, nor changes which policies denied (seed 0xD2)', () => {
    const extraAllow = fc.record({ actions, when: maybe(fc.constantFrom(...WHENS)) });
    fc.assert(fc.property(docsArb, extraAllow, fc.array(reqArb, { minLength: 1, maxLength: 8 }), (docs, extra, reqs) => {
      const before = compilePolicies(docs);
      const after = compilePolicies([...docs, { id: 'zz-extra-allow', spec: { type: 'access', effect: 'allow', ...extra } }]);
      for (const r of reqs) {
        const d0 = decide(before, r);
        if (d0.decision !== 'deny' || d0.basis !== 'policy') continue;
        const d1 = decide(after, r);
        expect(d1.decision).toBe('deny');
        expect(d1.policyIds).toEqual(d0.policyIds);
      }
    }), { seed: 0xd2, numRuns: 400 });
  });

  it('adding a deny never turns a deny into allow (seed 0xD3)', () => {
    const extraDeny = fc.record({ actions, when: maybe(fc.constantFrom(...WHENS)) });
    fc.assert(fc.property(docsArb, extraDeny, fc.array(reqArb, { minLength: 1, maxLength: 8 }), (docs, extra, reqs) => {
      const before = compilePolicies(docs);
      const after = compilePolicies([...docs, { id: 'zz-extra-deny', spec: { type: 'access', effect: 'deny', ...extra } }]);
      for (const r of reqs) if (decide(before, r).decision === 'deny') expect(decide(after, r).decision).toBe('deny');
    }), { seed: 0xd3, numRuns: 400 });
  });

  it('every decision explains itself: policy denials and grants name ids, defaults name none, errors name real policies (seed 0xD4)', () => {
    fc.assert(fc.property(docsArb, reqArb, (docs, r) => {
      const d = decide(compilePolicies(docs), r);
      const ids = new Set(docs.map((x) => x.id));
      if (d.basis === 'policy') expect(d.policyIds.length).toBeGreaterThan(0);
      if (d.basis === 'default-deny') expect(d.policyIds).toEqual([]);
      for (const id of d.policyIds) expect(ids.has(id)).toBe(true);
      for (const e of d.errors) expect(ids.has(e.policyId)).toBe(true);
      expect([...d.policyIds].sort()).toEqual(d.policyIds);
      if (d.decision === 'deny') expect(d.obligations).toEqual({});
    }), { seed: 0xd4, numRuns: 1000 });
  });
});
