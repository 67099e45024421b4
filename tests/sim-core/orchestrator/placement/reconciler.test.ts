/**
 * Reconciler: hand cases for each action kind and the phase order, and fast-check properties:
 * applying the actions then reconciling again yields no actions (idempotence), the result is
 * deterministic, and after applying, every intent runs exactly its replica count unless blocked.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Node, Pod } from '../../../../sim-core/orchestrator/scheduler/api-types.ts';
import { buildProfile } from '../../../../sim-core/orchestrator/scheduler/profile.ts';
import { edgeProfileSpec, edgeRegistry } from '../../../../sim-core/orchestrator/scheduler/plugins/edge-profile.ts';
import { reconcile } from '../../../../sim-core/orchestrator/placement/reconciler.ts';
import { applyActions, type DesiredState, type NodeHealth, type ObservedState } from '../../../../sim-core/orchestrator/placement/reconcile-types.ts';

const GI = 1024 ** 3;
const profile = buildProfile(edgeProfileSpec(), edgeRegistry());
const mk = (name: string, cpu = 4000, edge: Node['edge'] = {}): Node => ({ name, labels: { 'kubernetes.io/hostname': name }, allocatable: { cpu, memory: 16 * GI, pods: 110 }, edge: { zone: `z-${name}`, ...edge } });
const tpl = (cpu = 1000, edge: Pod['edge'] = {}): Omit<Pod, 'name'> => ({ namespace: 'default', containers: [{ requests: { cpu, memory: GI } }], edge });
const NODES = [mk('a'), mk('b'), mk('c'), mk('d', 4000, { arch: 'arm64' })];
const brief = (r: ReturnType<typeof reconcile>) => r.actions.map((a) => `${a.type} ${a.service}${a.from ? ` from ${a.from}` : ''}${a.to ? ` to ${a.to}` : ''}`);

describe('reconcile: hand cases', () => {
  it('converged state → no actions', () => {
    const desired: DesiredState = { services: [{ service: 'web', replicas: 2, template: tpl() }] };
    expect(reconcile(desired, { replicas: { web: ['a', 'b'] }, health: {} }, { nodes: NODES, profile })).toEqual({ actions: [], blocked: [] });
  });

  it('evicts from a down node, a cordoned node and an unknown node, then places replacements; phase order evict → scale → migrate → place', () => {
    const desired: DesiredState = { services: [
      { service: 'api', replicas: 3, template: tpl() },
      { service: 'batch', replicas: 1, template: tpl() },
      { service: 'db', nodes: ['c'], template: tpl() },
    ] };
    const observed: ObservedState = { replicas: { api: ['a', 'b', 'ghost'], batch: ['a', 'c', 'c'], db: ['b'], old: ['c'] }, health: { a: 'down', b: 'cordoned' } };
    const r = reconcile(desired, observed, { nodes: NODES, profile });
    const lines = brief(r);
    expect(lines.slice(0, 5)).toEqual([
      'evict api from a', 'evict api from b', 'evict api from ghost', 'evict batch from a', 'evict db from b',
    ]);
    expect(r.actions.slice(0, 5).map((a) => a.reason)).toEqual([
      'node a is down', 'no longer feasible on b: node(s) were unschedulable', 'node ghost is not in the fleet', 'node a is down', 'no longer feasible on b: node(s) were unschedulable',
    ]);
    // batch keeps one of its two replicas on c (scale 2 → 1); the undeclared service goes to zero
    expect(lines.slice(5, 7)).toEqual(['scale batch from c', 'scale old from c']);
    expect(r.actions[6]!.reason).toBe('service old is no longer declared');
    // db's plan: its replica was evicted from b, so c is placed; api gets 3 new replicas from the scheduler
    expect(lines.slice(7)).toEqual(expect.arrayContaining(['place db to c']));
    expect(lines.filter((l) => l.startsWith('place api'))).toHaveLength(3);
    expect(r.actions.filter((a) => a.type === 'place' && a.service === 'api').every((a) => a.to === 'c' || a.to === 'd')).toBe(true);
    expect(r.blocked).toEqual([]);
  });

  it('plan: migrates surplus → missing pairwise; a surplus replica whose destination is blocked is scaled away', () => {
    const desired: DesiredState = { services: [{ service: 'cam', nodes: ['c', 'd'], template: tpl(1000, { arches: ['x86_64'] }) }] };
    const r = reconcile(desired, { replicas: { cam: ['a', 'b'] }, health: {} }, { nodes: [mk('a', 4000, { arch: 'x86_64' }), mk('b', 4000, { arch: 'x86_64' }), mk('c', 4000, { arch: 'x86_64' }), mk('d', 4000, { arch: 'arm64' })], profile });
    // need [c, d], surplus [a, b]: a → c migrates; b → d is blocked (arm64), so b goes (scale phase runs before migrate)
    expect(brief(r)).toEqual(['scale cam from b', 'migrate cam from a to c']);
    expect(r.actions[0]!.reason).toBe('plan has no replica on b (its destination d is blocked)');
    expect(r.blocked).toEqual([{ service: 'cam', node: 'd', reason: 'planned node d is infeasible: node(s) have arch arm64, not among the image platforms x86_64' }]);
  });

  it('scale down removes where the service is most crowded first', () => {
    const desired: DesiredState = { services: [{ service: 'w', replicas: 2, template: tpl(100) }] };
    expect(brief(reconcile(desired, { replicas: { w: ['a', 'b', 'b', 'c'] }, health: {} }, { nodes: NODES, profile }))).toEqual(['scale w from b', 'scale w from c']);
  });

  it('an unschedulable replica is blocked, not an action', () => {
    const desired: DesiredState = { services: [{ service: 'huge', replicas: 1, template: tpl(64000) }] };
    const r = reconcile(desired, { replicas: {}, health: {} }, { nodes: NODES, profile });
    expect(r.actions).toEqual([]);
    expect(r.blocked[0]!.reason).toMatch(/^replica 1\/1 unschedulable: 0\/4 nodes are available: 4 Insufficient cpu\.$/);
  });

  it('applyActions is pure and rejects removing a replica that is not there', () => {
    const o: ObservedState = { replicas: { s: ['a'] }, health: {} };
    expect(applyActions(o, [{ type: 'migrate', service: 's', from: 'a', to: 'b', reason: '' }, { type: 'place', service: 't', to: 'c', reason: '' }])).toEqual({ replicas: { s: ['b'], t: ['c'] }, health: {} });
    expect(o.replicas.s).toEqual(['a']);
    expect(() => applyActions(o, [{ type: 'evict', service: 's', from: 'z', reason: '' }])).toThrow(/no such replica/);
  });
});

// ---- properties ----

const nodeNames = ['n0', 'n1', 'n2', 'n3', 'n4'];
const world = fc.record({
  cpus: fc.array(fc.constantFrom(2000, 4000, 8000), { minLength: 5, maxLength: 5 }),
  archs: fc.array(fc.constantFrom('x86_64', 'arm64'), { minLength: 5, maxLength: 5 }),
  health: fc.array(fc.constantFrom<NodeHealth>('up', 'up', 'up', 'down', 'cordoned'), { minLength: 5, maxLength: 5 }),
  services: fc.array(fc.record({
    plan: fc.boolean(), replicas: fc.integer({ min: 0, max: 4 }), nodes: fc.array(fc.constantFrom(...nodeNames, 'gone'), { maxLength: 3 }),
    cpu: fc.constantFrom(500, 1000, 1500), arch: fc.constantFrom(null, 'x86_64', 'arm64'), anti: fc.constantFrom(false, false, true),
    running: fc.array(fc.constantFrom(...nodeNames, 'gone'), { maxLength: 4 }),
  }), { maxLength: 5 }),
  seed: fc.integer({ min: 0, max: 100 }),
});
type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function setup(w: World) {
  const nodes = nodeNames.map((n, i) => mk(n, w.cpus[i]!, { arch: w.archs[i]! }));
  const services = w.services.map((s, i) => {
    const template = tpl(s.cpu, s.arch ? { arches: [s.arch] } : {});
    if (s.anti) template.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'edgetwin.io/service': `s${i}` } } }] } };
    return s.plan ? { service: `s${i}`, nodes: s.nodes, template } : { service: `s${i}`, replicas: s.replicas, template };
  });
  const replicas: Record<string, string[]> = {};
  w.services.forEach((s, i) => { if (s.running.length) replicas[`s${i}`] = s.running; });
  const health: Record<string, NodeHealth> = {};
  nodeNames.forEach((n, i) => { if (w.health[i] !== 'up') health[n] = w.health[i]!; });
  return { desired: { services } as DesiredState, observed: { replicas, health } as ObservedState, opts: { nodes, profile, seed: w.seed } };
}

describe('reconcile properties (fast-check)', () => {
  it('idempotent: applying the actions and reconciling again yields no actions, and the same blocked list', () => {
    let withActions = 0;
    fc.assert(fc.property(world, (w) => {
      const { desired, observed, opts } = setup(w);
      const first = reconcile(desired, observed, opts);
      if (first.actions.length) withActions++;
      const next = applyActions(observed, first.actions);
      const second = reconcile(desired, next, opts);
      expect(second.actions).toEqual([]);
      expect(second.blocked.length).toBeLessThanOrEqual(first.blocked.length);
    }), { numRuns: 300, seed: 42 });
    expect(withActions).toBeGreaterThan(150);
  });

  it('after applying, each intent runs its replica count on up nodes unless blocked; plans run exactly their feasible nodes', () => {
    fc.assert(fc.property(world, (w) => {
      const { desired, observed, opts } = setup(w);
      const r = reconcile(desired, observed, opts);
      const next = applyActions(observed, r.actions);
      for (const s of desired.services) {
        const running = next.replicas[s.service] ?? [];
        for (const n of running) expect(['up', undefined]).toContain(next.health[n]);
        if ('replicas' in s && !r.blocked.some((b) => b.service === s.service)) expect(running).toHaveLength(s.replicas);
        if ('nodes' in s) {
          const blockedNodes = r.blocked.filter((b) => b.service === s.service).map((b) => b.node!);
          const expected = [...s.nodes];
          for (const b of blockedNodes) expected.splice(expected.indexOf(b), 1);
          expect([...running].filter((n) => s.nodes.includes(n)).sort()).toEqual(expected.sort());
        }
      }
      for (const s of Object.keys(next.replicas)) expect(desired.services.some((d) => d.service === s)).toBe(true);
    }), { numRuns: 300, seed: 5 });
  });

  it('deterministic for the same inputs', () => {
    fc.assert(fc.property(world, (w) => {
      const a = setup(w), b = setup(w);
      expect(reconcile(a.desired, a.observed, a.opts)).toEqual(reconcile(b.desired, b.observed, b.opts));
    }), { numRuns: 100, seed: 11 });
  });
});
