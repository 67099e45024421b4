/**
 * The controller with no simulator: plain observed state in, actions with reasons out, for each
 * of the three models (centralized, hierarchical, decentralized). Relocation targets come from
 * the production scheduler (schedulerPlacer over Kubernetes-shaped nodes), so the scores are real.
 */
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../../../sim-core/orchestrator/scheduler/api-types.ts';
import { buildProfile } from '../../../../sim-core/orchestrator/scheduler/profile.ts';
import { edgeProfileSpec, edgeRegistry } from '../../../../sim-core/orchestrator/scheduler/plugins/edge-profile.ts';
import { newHistory, recordHeartbeat, type DetectorSpec } from '../../../../sim-core/orchestrator/detector/failure-detector.ts';
import { decide } from '../../../../sim-core/orchestrator/control/controller.ts';
import type { Action } from '../../../../sim-core/orchestrator/control/actions.ts';
import type { ControllerConfig, ObservedState, WatchedNode } from '../../../../sim-core/orchestrator/control/observed.ts';
import { schedulerPlacer } from '../../../../sim-core/orchestrator/control/scheduler-placer.ts';

const GI = 1024 ** 3;
const HB = 1000;
const profile = buildProfile(edgeProfileSpec(), edgeRegistry());
const k8sNode = (name: string, cpu: number): Node => ({ name, labels: { 'kubernetes.io/hostname': name }, allocatable: { cpu, memory: 16 * GI, pods: 110 }, edge: { zone: `z-${name}` } });
const tpl: Omit<Pod, 'name'> = { namespace: 'default', containers: [{ requests: { cpu: 1000, memory: GI } }] };

/** A history with a heartbeat every HB ms from 0 to lastMs. */
function beats(lastMs: number, spec: DetectorSpec): WatchedNode['history'] {
  const h = newHistory(spec, 0);
  for (let t = HB; t <= lastMs; t += HB) recordHeartbeat(h, t);
  return h;
}
const watch = (node: string, lastMs: number, spec: DetectorSpec, extra: Partial<WatchedNode> = {}): WatchedNode =>
  ({ node, history: beats(lastMs, spec), declaredAtMs: null, reportsTo: null, ...extra });
const kinds = (as: Action[]) => as.map((a) => `${a.kind} ${a.by}${'node' in a && a.node ? ` ${a.node}` : ''}${'service' in a && a.service ? ` ${a.service}` : ''}`);

const PHI: DetectorSpec = { kind: 'phi', threshold: 8, windowSize: 50, minSdMs: 100, firstIntervalMs: HB };
const TIMEOUT: DetectorSpec = { kind: 'timeout', timeoutMs: 3 * HB };

describe('centralized: one master watches every node', () => {
  const cfg: ControllerConfig = { model: 'centralized', master: 'm', regional: {}, members: [], heartbeatEveryMs: HB, detector: PHI, gracePeriodMs: 2000 };
  const nodes = ['m', 'a', 'b', 'c'].map((id) => ({ id, region: 'r', component: 0 }));

  it('a node silent for 10 s is declared failed with phi and missed beats; the healthy ones are not', () => {
    const o: ObservedState = {
      nodes: nodes.map((n) => (n.id === 'b' ? { ...n, component: -1 } : n)),
      watched: { m: [watch('a', 60_000, PHI), watch('b', 50_000, PHI), watch('c', 60_000, PHI)] },
      desired: { a: ['app/x'], b: ['app/y'], c: [] }, running: { a: ['app/x'], c: [] },
    };
    const out = decide(cfg, o, 60_000, () => { throw new Error('no relocation expected'); });
    expect(kinds(out)).toEqual(['declare-failed m b']);
    const d = out[0] as Extract<Action, { kind: 'declare-failed' }>;
    expect(d.detection).toMatchObject({ detector: 'phi', missedBeats: 10, sinceMs: 50_000, silentMs: 10_000 });
    expect(d.detection.phi!).toBeGreaterThanOrEqual(8);
  });

  it('a timeout detector reports missed beats, not phi; 2.9 s of silence is not yet a failure', () => {
    const c2 = { ...cfg, detector: TIMEOUT };
    const o: ObservedState = { nodes, watched: { m: [watch('a', 10_000, TIMEOUT), watch('b', 8000, TIMEOUT)] }, desired: {}, running: {} };
    expect(kinds(decide(c2, o, 10_900, () => null))).toEqual([]);
    const out = decide(c2, o, 11_000, () => null);
    expect(kinds(out)).toEqual(['declare-failed m b']);
    expect((out[0] as Extract<Action, { kind: 'declare-failed' }>).detection).toEqual({ detector: 'timeout', missedBeats: 3, sinceMs: 8000, silentMs: 3000 });
  });

  it('after the grace period, the declared node’s replicas are relocated with the scheduler’s scores; before it, nothing', () => {
    const o: ObservedState = {
      nodes: nodes.map((n) => (n.id === 'b' ? { ...n, component: -1 } : n)),
      watched: { m: [watch('a', 60_000, PHI), watch('b', 50_000, PHI, { declaredAtMs: 59_000 }), watch('c', 60_000, PHI)] },
      desired: { a: ['app/x'], b: ['app/x', 'app/y'], c: [] }, running: { a: ['app/x'], c: [] },
    };
    // a has 2 cores, one used by x; c has 8 free: LeastAllocated prefers c.
    const placer = () => schedulerPlacer({ nodes: [k8sNode('a', 2000), k8sNode('c', 8000), k8sNode('m', 8000)], running: { 'app/x': ['a'] }, templates: { 'app/x': tpl, 'app/y': tpl }, profile });
    expect(kinds(decide(cfg, o, 60_000, placer()))).toEqual([]);
    const out = decide(cfg, o, 61_000, placer());
    expect(kinds(out)).toEqual(['relocate m app/x', 'relocate m app/y']);
    const [rx, ry] = out as Extract<Action, { kind: 'relocate' }>[];
    // x may not go to a (it already runs there) and not to b (declared): c, unless m scores higher.
    expect(rx!.from).toBe('b');
    expect(rx!.to).not.toBe('a');
    expect(rx!.reason.feasibleNodes).toBe(2); // c and m (a excluded: desired there already)
    expect(Object.keys(rx!.reason.scores).length).toBeGreaterThan(0);
    expect(rx!.reason.total).toBeGreaterThan(0);
    expect(rx!.reason.runnerUp).toBeDefined();
    expect(rx!.reason.runnerUp!.total).toBeLessThanOrEqual(rx!.reason.total!);
    expect(ry!.reason.feasibleNodes).toBe(3);
  });

  it('the master unreachable: a silent node stays suspected (not declared), and nothing is reconciled', () => {
    const o: ObservedState = {
      nodes, controllersDown: ['m'], watched: { m: [watch('a', 60_000, PHI), watch('b', 50_000, PHI)] },
      desired: { a: ['app/x'] }, running: { a: [] },
    };
    const out = decide(cfg, o, 60_000, () => null);
    expect(kinds(out)).toEqual(['suspect m b']);
    expect((out[0] as Extract<Action, { kind: 'suspect' }>).detail).toMatch(/unreachable/);
  });

  it('desired ≠ observed → reconcile start and stop, each saying why', () => {
    const o: ObservedState = {
      nodes, watched: { m: [watch('a', 60_000, PHI), watch('c', 60_000, PHI)] },
      desired: { a: ['app/x', 'app/y'], c: [] }, running: { a: ['app/x'], c: ['app/z'] },
    };
    const out = decide(cfg, o, 60_000, () => null) as Extract<Action, { kind: 'reconcile' }>[];
    expect(out.map((a) => `${a.op} ${a.service} on ${a.node}`)).toEqual(['stop app/z on c', 'start app/y on a']);
    expect(out[0]!.because).toMatch(/desired ≠ observed: plan has no replica on c/);
    expect(out[1]!.because).toMatch(/desired ≠ observed: plan places a replica on a/);
  });

  it('a node with no room anywhere is refused with no-feasible-node', () => {
    const o: ObservedState = {
      nodes: nodes.map((n) => (n.id === 'b' ? { ...n, component: -1 } : { ...n, hostable: [] })),
      watched: { m: [watch('a', 60_000, PHI), watch('b', 50_000, PHI, { declaredAtMs: 50_000 })] },
      desired: { b: ['app/gpu'] }, running: {},
    };
    const out = decide(cfg, o, 60_000, () => null);
    expect(out).toEqual([expect.objectContaining({ kind: 'refuse', by: 'm', reason: 'no-feasible-node', service: 'app/gpu', node: 'b' })]);
  });
});

describe('hierarchical: regional orchestrators under a global master', () => {
  const cfg: ControllerConfig = { model: 'hierarchical', master: 'g', regional: { east: 'e0', west: 'w0' }, members: [], heartbeatEveryMs: HB, detector: TIMEOUT, gracePeriodMs: 0 };
  const nodes = [
    { id: 'g', region: 'core', component: 0 }, { id: 'e0', region: 'east', component: 0 }, { id: 'e1', region: 'east', component: -1 },
    { id: 'e2', region: 'east', component: 0 }, { id: 'w0', region: 'west', component: 0 }, { id: 'w1', region: 'west', component: 0 },
  ];
  const base: ObservedState = {
    nodes, watched: { e0: [watch('e1', 10_000, TIMEOUT, { declaredAtMs: 13_000 }), watch('e2', 20_000, TIMEOUT)], w0: [watch('w1', 20_000, TIMEOUT)], g: [] },
    desired: { e1: ['app/x'] }, running: {},
  };

  it('a regional orchestrator places inside its region when it has room', () => {
    const placer = schedulerPlacer({ nodes: ['g', 'e0', 'e2', 'w0', 'w1'].map((n) => k8sNode(n, 4000)), running: {}, templates: { 'app/x': tpl }, profile });
    const out = decide(cfg, base, 20_000, placer) as Extract<Action, { kind: 'relocate' }>[];
    expect(out.map((a) => [a.by, a.to, a.escalatedFrom])).toHaveLength(1);
    expect(out[0]!.by).toBe('e0');
    expect(['e0', 'e2']).toContain(out[0]!.to);
    expect(out[0]!.escalatedFrom).toBeUndefined();
    expect(out[0]!.reason.feasibleNodes).toBe(2);
  });

  it('escalates to the master when its region has no room, and the master places outside the region', () => {
    // The east nodes have 500 millicores: a 1-core replica fits only in the west or the core.
    const placer = schedulerPlacer({ nodes: [k8sNode('g', 4000), k8sNode('e0', 500), k8sNode('e2', 500), k8sNode('w0', 4000), k8sNode('w1', 4000)], running: {}, templates: { 'app/x': tpl }, profile });
    const out = decide(cfg, base, 20_000, placer) as Extract<Action, { kind: 'relocate' }>[];
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'relocate', by: 'g', escalatedFrom: 'e0', service: 'app/x', from: 'e1' });
    expect(['g', 'w0', 'w1']).toContain(out[0]!.to);
  });

  it('a region cut off from the master with no room refuses (controller-unreachable: a node could host it)', () => {
    const cut: ObservedState = { ...base, nodes: nodes.map((n) => (n.region === 'east' && n.component === 0 ? { ...n, component: 1 } : n)) };
    const placer = schedulerPlacer({ nodes: [k8sNode('g', 4000), k8sNode('e0', 500), k8sNode('e2', 500), k8sNode('w0', 4000), k8sNode('w1', 4000)], running: {}, templates: { 'app/x': tpl }, profile });
    const out = decide(cfg, cut, 20_000, placer);
    expect(out).toEqual([expect.objectContaining({ kind: 'refuse', by: 'e0', reason: 'controller-unreachable', service: 'app/x' })]);
  });
});

describe('decentralized: quorum among peers', () => {
  const cfg: ControllerConfig = { model: 'decentralized', master: null, regional: {}, members: ['p1', 'p2', 'p3'], heartbeatEveryMs: HB, detector: TIMEOUT, gracePeriodMs: 0 };
  const watchedBy = (declared: string) => ({
    p1: [watch('p2', 20_000, TIMEOUT), watch('p3', 20_000, TIMEOUT), watch('n1', 10_000, TIMEOUT, { declaredAtMs: declared === 'p1' ? 13_000 : null })],
    p2: [watch('p1', 20_000, TIMEOUT), watch('p3', 20_000, TIMEOUT)],
    p3: [watch('p1', 20_000, TIMEOUT), watch('p2', 20_000, TIMEOUT)],
  });

  it('the leader of a majority relocates', () => {
    const o: ObservedState = {
      nodes: [{ id: 'p1', region: 'r', component: 0 }, { id: 'p2', region: 'r', component: 0 }, { id: 'p3', region: 'r', component: 0 }, { id: 'n1', region: 'r', component: -1 }],
      watched: watchedBy('p1'), desired: { n1: ['app/x'] }, running: {},
    };
    const placer = schedulerPlacer({ nodes: ['p1', 'p2', 'p3'].map((n) => k8sNode(n, 4000)), running: {}, templates: { 'app/x': tpl }, profile });
    expect(kinds(decide(cfg, o, 20_000, placer))).toEqual(['relocate p1 app/x']);
  });

  it('a member cut off from the others has no quorum: it refuses with no-quorum and says why', () => {
    const o: ObservedState = {
      nodes: [{ id: 'p1', region: 'r', component: 0 }, { id: 'p2', region: 'r', component: 1 }, { id: 'p3', region: 'r', component: 2 }, { id: 'n1', region: 'r', component: -1 }],
      watched: { p1: watchedBy('p1').p1.filter((w) => w.node === 'n1') }, desired: { n1: ['app/x'] }, running: {},
    };
    const out = decide(cfg, o, 20_000, () => { throw new Error('must not place without quorum'); });
    expect(out).toEqual([expect.objectContaining({ kind: 'refuse', by: 'p1', reason: 'no-quorum', service: 'app/x', node: 'n1' })]);
    expect((out[0] as Extract<Action, { kind: 'refuse' }>).detail).toMatch(/no group of 2 of 3 members/);
  });

  it('a node that now reports to another member it can reach is unwatched, not declared', () => {
    const o: ObservedState = {
      nodes: [{ id: 'p1', region: 'r', component: 0 }, { id: 'p2', region: 'r', component: 0 }, { id: 'p3', region: 'r', component: 0 }, { id: 'n2', region: 'r', component: 0 }],
      watched: { p2: [watch('n2', 10_000, TIMEOUT, { reportsTo: 'p1' })] }, desired: {}, running: {},
    };
    expect(kinds(decide(cfg, o, 20_000, () => null))).toEqual(['unwatch p2 n2']);
  });
});

describe.each([
  { name: 'centralized', cfg: { model: 'centralized', master: 'm1', regional: {}, members: [] }, extra: [] },
  { name: 'hierarchical', cfg: { model: 'hierarchical', master: 'g', regional: { r: 'm1' }, members: [] }, extra: [{ id: 'g', region: 'core', component: 0 }] },
  { name: 'decentralized', cfg: { model: 'decentralized', master: null, regional: {}, members: ['m3', 'm1', 'm2'] }, extra: [{ id: 'm2', region: 'r', component: 0 }, { id: 'm3', region: 'r', component: 0 }] },
] as const)('$name: the same controller step detects, relocates and reconciles', ({ cfg: model, extra }) => {
  const cfg: ControllerConfig = { ...model, regional: { ...(model.regional as Record<string, string>) }, members: [...model.members], heartbeatEveryMs: HB, detector: PHI, gracePeriodMs: 1000 };
  const nodes = [{ id: 'm1', region: 'r', component: 0 }, { id: 'a', region: 'r', component: 0 }, { id: 'b', region: 'r', component: -1 }, { id: 'c', region: 'r', component: 0 }, ...extra];
  const peers = extra.filter((n) => n.id.startsWith('m')).map((n) => watch(n.id, 30_000, PHI));
  const observed = (declaredAtMs: number | null): ObservedState => ({
    nodes, watched: { m1: [watch('a', 30_000, PHI), watch('b', 20_000, PHI, { declaredAtMs }), watch('c', 30_000, PHI), ...peers] },
    desired: { a: ['app/x', 'app/y'], b: ['app/x'], c: [] }, running: { a: ['app/x'], c: [] },
  });
  const placer = () => schedulerPlacer({ nodes: ['m1', 'a', 'c', ...extra.map((n) => n.id)].map((n) => k8sNode(n, 4000)), running: { 'app/x': ['a'] }, templates: { 'app/x': tpl, 'app/y': tpl }, profile });

  it('a silent node is declared failed by m1 with phi and missed beats; a mismatch on a healthy node is reconciled', () => {
    const out = decide(cfg, observed(null), 30_000, placer());
    expect(kinds(out)).toEqual(['declare-failed m1 b', 'reconcile m1 a app/y']);
    expect((out[0] as Extract<Action, { kind: 'declare-failed' }>).detection).toMatchObject({ detector: 'phi', missedBeats: 10, silentMs: 10_000 });
    expect((out[1] as Extract<Action, { kind: 'reconcile' }>)).toMatchObject({ op: 'start', because: expect.stringMatching(/^desired ≠ observed: /) });
  });

  it('after the grace period its replica is relocated by m1 with the scheduler’s scores, off b and off a (which has it)', () => {
    const out = decide(cfg, observed(28_000), 30_000, placer());
    const r = out.find((a) => a.kind === 'relocate') as Extract<Action, { kind: 'relocate' }>;
    expect(r).toMatchObject({ by: 'm1', service: 'app/x', from: 'b' });
    expect(['a', 'b']).not.toContain(r.to);
    expect(r.reason.total).toBeGreaterThan(0);
    expect(Object.keys(r.reason.scores).length).toBeGreaterThan(3);
  });
});
