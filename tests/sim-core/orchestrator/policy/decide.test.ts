import { describe, expect, it } from 'vitest';
import { compilePolicies } from '../../../../sim-core/orchestrator/policy/compile.ts';
import { decide, routeDecision } from '../../../../sim-core/orchestrator/policy/decide.ts';
import type { PolicyDoc, PolicyNode } from '../../../../sim-core/orchestrator/policy/types.ts';
import { loadFixtures } from './fixtures.ts';

const euEdge: PolicyNode = { id: 'edge-paris-1', tier: 'edge', region: 'eu-west', zone: 'eu-west-a', attested: true };
const euRegional: PolicyNode = { id: 'rdc-frankfurt', tier: 'regional', region: 'eu-central', zone: 'eu-central-a', attested: true };
const usCloud: PolicyNode = { id: 'cloud-virginia', tier: 'cloud', region: 'us-east', zone: 'us-east-1', attested: true };
const camera = { id: 'cam-lobby', tags: ['camera-footage', 'raw-video'] };
const telemetry = { id: 'vibration', tags: ['telemetry'] };

describe('data governance (fixture data-governance.yaml)', () => {
  const set = loadFixtures('data-governance.yaml');

  it('residency: EU camera footage routed to an EU node is allowed, unguarded, with no obligation on fibre', () => {
    const d = routeDecision(set, { stream: camera, from: euEdge, to: euRegional, path: [{ type: 'fibre' }] });
    expect(d).toEqual({ decision: 'allow', policyIds: [], basis: 'unguarded', obligations: {}, errors: [] });
  });

  it('residency: routing it to a US cloud is denied by eu-camera-residency', () => {
    const d = routeDecision(set, { stream: camera, from: euEdge, to: usCloud, path: [{ type: 'fibre' }] });
    expect(d.decision).toBe('deny');
    expect(d.policyIds).toEqual(['eu-camera-residency']);
    expect(d.basis).toBe('policy');
    expect(d.obligations).toEqual({});
  });

  it('residency: a transit hop outside the EU also counts as leaving', () => {
    const d = routeDecision(set, { stream: camera, from: euEdge, to: euRegional, path: [], transit: [usCloud] });
    expect(d.policyIds).toEqual(['eu-camera-residency']);
    expect(d.decision).toBe('deny');
  });

  it('residency fails closed: a destination without a region is not known to be inside', () => {
    expect(routeDecision(set, { stream: camera, to: { id: 'mystery' }, path: [] }).decision).toBe('deny');
  });

  it('residency does not touch untagged data', () => {
    expect(routeDecision(set, { stream: telemetry, from: euEdge, to: usCloud, path: [{ type: 'fibre' }] }).decision).toBe('allow');
  });

  it('residency applies to store decisions on the storing node', () => {
    expect(decide(set, { action: 'store', stream: { tags: ['pii'] }, node: usCloud })).toMatchObject({ decision: 'deny', policyIds: ['eu-camera-residency'] });
    expect(decide(set, { action: 'store', stream: { tags: ['pii'] }, node: euEdge }).decision).toBe('allow');
  });

  it('encryption: a path over LTE or satellite gets the encrypt obligation and names the policy', () => {
    for (const type of ['lte', 'satellite']) {
      const d = routeDecision(set, { stream: telemetry, from: euEdge, to: usCloud, path: [{ type: 'ethernet' }, { type }] });
      expect(d).toEqual({ decision: 'allow', policyIds: ['encrypt-wireless-wan'], basis: 'unguarded', obligations: { encrypt: true }, errors: [] });
    }
  });

  it('encryption: a link that cannot encrypt denies the route', () => {
    const d = routeDecision(set, { stream: telemetry, from: euEdge, to: euRegional, path: [{ type: 'satellite', encryptionCapable: false }] });
    expect(d).toMatchObject({ decision: 'deny', policyIds: ['encrypt-wireless-wan'] });
  });

  it('encryption: per-hop decisions read `link` when there is no path', () => {
    expect(decide(set, { action: 'route', stream: telemetry, to: euEdge, link: { type: 'lte' } }).obligations).toEqual({ encrypt: true });
    expect(decide(set, { action: 'route', stream: telemetry, to: euEdge, link: { type: 'wifi' } }).obligations).toEqual({});
  });

  it('deny wins over obligations: residency denial drops the encrypt obligation', () => {
    const d = routeDecision(set, { stream: camera, from: euEdge, to: usCloud, path: [{ type: 'satellite' }] });
    expect(d).toMatchObject({ decision: 'deny', policyIds: ['eu-camera-residency'], obligations: {} });
  });

  it('retention: raw video is capped at 24 h, the smallest cap wins, both policies are named', () => {
    const d = decide(set, { action: 'store', stream: camera, node: euEdge });
    expect(d).toEqual({ decision: 'allow', policyIds: ['raw-video-24h', 'telemetry-30d'], basis: 'unguarded', obligations: { maxRetentionMs: 24 * 3_600_000 }, errors: [] });
    expect(decide(set, { action: 'store', stream: telemetry, node: usCloud }).obligations).toEqual({ maxRetentionMs: 30 * 86_400_000 });
    expect(decide(set, { action: 'store', stream: { tags: ['detections'] }, node: usCloud }).obligations).toEqual({});
  });
});

describe('security (fixture security.yaml)', () => {
  const set = loadFixtures('security.yaml');
  const payments = { id: 'payments-gw-0', app: 'payments', service: 'gateway', labels: { 'data-class': 'payment' } };

  it('attestation: payment workloads are denied on unattested nodes and allowed on attested ones', () => {
    expect(decide(set, { action: 'place', workload: payments, node: { ...euEdge, attested: false } })).toMatchObject({ decision: 'deny', policyIds: ['attested-payment-pii'] });
    expect(decide(set, { action: 'migrate', workload: payments, node: { id: 'n', tier: 'edge' } })).toMatchObject({ decision: 'deny', policyIds: ['attested-payment-pii'] });
    expect(decide(set, { action: 'place', workload: payments, node: euEdge }).decision).toBe('allow');
  });

  it('attestation without a selector guards workloads marked sensitive', () => {
    const w = { id: 'ledger', app: 'billing', sensitive: true };
    expect(decide(set, { action: 'place', workload: w, node: { ...euEdge, attested: false } })).toMatchObject({ decision: 'deny', policyIds: ['attested-sensitive'] });
    expect(decide(set, { action: 'place', workload: { ...w, sensitive: false }, node: { ...euEdge, attested: false } }).decision).toBe('allow');
  });

  it('several denials are all reported, sorted by id', () => {
    const pii = { id: 'crm', app: 'crm', sensitive: true, labels: { 'data-class': 'pii' } };
    const d = decide(set, { action: 'place', workload: pii, node: { ...usCloud, attested: false } });
    expect(d.policyIds).toEqual(['attested-payment-pii', 'attested-sensitive', 'no-pii-on-cloud']);
  });

  it('least privilege: same app may talk, an allowed pair may talk, everything else is denied by default', () => {
    const cart = { app: 'checkout', service: 'cart' };
    const ui = { app: 'checkout', service: 'ui' };
    expect(decide(set, { action: 'talk', principal: ui, workload: cart })).toMatchObject({ decision: 'allow', policyIds: ['least-privilege'], basis: 'policy' });
    expect(decide(set, { action: 'talk', principal: cart, workload: payments })).toMatchObject({ decision: 'allow', policyIds: ['least-privilege'] });
    expect(decide(set, { action: 'talk', principal: ui, workload: payments })).toEqual({ decision: 'deny', policyIds: [], basis: 'default-deny', obligations: {}, errors: [] });
    expect(decide(set, { action: 'talk', principal: payments, workload: cart }).decision).toBe('deny');
    expect(decide(set, { action: 'talk', principal: { app: 'vision', service: 'detector' }, workload: { app: 'telemetry', service: 'ingest' } }).decision).toBe('allow');
  });

  it('access: plan approval needs an ops role; a change freeze denies it even for an SRE (deny wins)', () => {
    const sre = { id: 'alice', role: 'sre' };
    expect(decide(set, { action: 'approve-plan', principal: sre, context: {} })).toMatchObject({ decision: 'allow', policyIds: ['ops-approve-plans'] });
    expect(decide(set, { action: 'approve-plan', principal: { id: 'bob', role: 'dev' }, context: {} })).toMatchObject({ decision: 'deny', basis: 'default-deny' });
    expect(decide(set, { action: 'push', principal: sre, context: { changeFreeze: true } })).toMatchObject({ decision: 'deny', policyIds: ['change-freeze'], basis: 'policy' });
  });
});

describe('engine semantics', () => {
  const allowAll: PolicyDoc = { id: 'allow-route', spec: { type: 'access', effect: 'allow', actions: ['route'] } };
  const denyLte: PolicyDoc = { id: 'deny-lte', spec: { type: 'access', effect: 'deny', actions: ['route'], match: { link: { type: 'lte' } } } };
  const broken: PolicyDoc = { id: 'broken', spec: { type: 'access', effect: 'deny', actions: ['route'], when: 'stream.priority == "low"' } };

  it('with no policies every action is allowed, basis unguarded', () => {
    const set = compilePolicies([]);
    for (const action of ['place', 'route', 'store', 'talk', 'push'] as const) {
      expect(decide(set, { action })).toEqual({ decision: 'allow', policyIds: [], basis: 'unguarded', obligations: {}, errors: [] });
    }
  });

  it('deny wins over allow', () => {
    const set = compilePolicies([allowAll, denyLte]);
    expect(decide(set, { action: 'route', link: { type: 'lte' } })).toMatchObject({ decision: 'deny', policyIds: ['deny-lte'] });
    expect(decide(set, { action: 'route', link: { type: 'fibre' } })).toMatchObject({ decision: 'allow', policyIds: ['allow-route'] });
  });

  it('an action becomes guarded (default deny) as soon as one policy can allow it', () => {
    const onlyFibre: PolicyDoc = { id: 'fibre-only', spec: { type: 'access', effect: 'allow', actions: ['route'], match: { link: { type: 'fibre' } } } };
    const set = compilePolicies([onlyFibre]);
    expect(decide(set, { action: 'route', link: { type: 'wifi' } })).toMatchObject({ decision: 'deny', basis: 'default-deny', policyIds: [] });
    expect(decide(set, { action: 'place' }).basis).toBe('unguarded');
  });

  it('a PolicySet can guard an action with no allow at all', () => {
    const set = compilePolicies({ policies: [], guardedActions: ['push'] });
    expect(decide(set, { action: 'push' })).toMatchObject({ decision: 'deny', basis: 'default-deny' });
  });

  it('a policy that fails to evaluate is skipped and reported by id; the others still decide', () => {
    const set = compilePolicies([allowAll, broken]);
    const d = decide(set, { action: 'route', stream: { tags: [] } });
    expect(d.decision).toBe('allow');
    expect(d.policyIds).toEqual(['allow-route']);
    expect(d.errors).toEqual([{ policyId: 'broken', message: 'column 8: no attribute "priority" (test it first with `has`)' }]);
  });

  it('a failing allow leaves a guarded action denied by default, with the error reported', () => {
    const set = compilePolicies([{ id: 'bad-allow', spec: { type: 'access', effect: 'allow', actions: ['push'], when: 'principal.role' } }]);
    const d = decide(set, { action: 'push', principal: { role: 'sre' } });
    expect(d).toMatchObject({ decision: 'deny', basis: 'default-deny', errors: [{ policyId: 'bad-allow', message: expect.stringContaining('condition must be a boolean') }] });
  });

  it('a missing request entity inside an expression is an error, not a silent false', () => {
    const set = compilePolicies([broken]);
    expect(decide(set, { action: 'route' }).errors[0]!.message).toContain('"stream" is not part of this request');
  });

  it('an unknown action is a programmer error', () => {
    expect(() => decide(compilePolicies([]), { action: 'fly' as 'route' })).toThrow(/unknown action "fly"/);
  });

  it('duplicate ids are rejected', () => {
    expect(() => compilePolicies([allowAll, { ...denyLte, id: 'allow-route' }])).toThrow(/duplicate policy id/);
  });

  it('a structured matcher and an expression must both hold', () => {
    const p: PolicyDoc = { id: 'deny-big-on-edge', spec: { type: 'access', effect: 'deny', actions: ['place'], match: { node: { tier: ['edge', 'gateway'] } }, when: 'workload.requests.cpuMillicores > 2000' } };
    const set = compilePolicies([p]);
    const big = { requests: { cpuMillicores: 4000 } }, small = { requests: { cpuMillicores: 500 } };
    expect(decide(set, { action: 'place', workload: big, node: { tier: 'edge' } }).decision).toBe('deny');
    expect(decide(set, { action: 'place', workload: small, node: { tier: 'edge' } }).decision).toBe('allow');
    expect(decide(set, { action: 'place', workload: big, node: { tier: 'cloud' } }).decision).toBe('allow');
  });

  it('structured matchers: labels record, any-of lists, tag intersection; missing attributes do not match', () => {
    const p: PolicyDoc = { id: 'm', spec: { type: 'access', effect: 'deny', actions: ['route'], match: { stream: { tags: ['pii', 'gps'] }, to: { labels: { 'topology.kubernetes.io/region': 'us-east' } } } } };
    const set = compilePolicies([p]);
    const to = { labels: { 'topology.kubernetes.io/region': 'us-east' } };
    expect(decide(set, { action: 'route', stream: { tags: ['gps'] }, to }).decision).toBe('deny');
    expect(decide(set, { action: 'route', stream: { tags: ['temp'] }, to }).decision).toBe('allow');
    expect(decide(set, { action: 'route', stream: {}, to }).decision).toBe('allow');
    expect(decide(set, { action: 'route', stream: { tags: ['pii'] }, to: { labels: {} } }).decision).toBe('allow');
  });
});
