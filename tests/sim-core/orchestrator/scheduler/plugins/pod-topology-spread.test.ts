import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../../../sim-core/orchestrator/scheduler/state.ts';
import { newPodTopologySpread } from '../../../../../sim-core/orchestrator/scheduler/plugins/pod-topology-spread.ts';
import { compileLabelSelector } from '../../../../../sim-core/orchestrator/scheduler/labels.ts';
import type { Status } from '../../../../../sim-core/orchestrator/scheduler/types.ts';
import type { TopologySpreadConstraint } from '../../../../../sim-core/orchestrator/scheduler/api-types.ts';
import { node, pod, runFilter, runScore } from '../helpers.ts';

const foo = { app: 'foo' };
const zone = (z: string) => ({ labels: { zone: z } });
const c = (extra: Partial<TopologySpreadConstraint>): TopologySpreadConstraint => ({
  maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: foo }, ...extra,
});

function cluster(counts: Record<string, number>, zones: Record<string, string | undefined>): ClusterState {
  const s = ClusterState.from(Object.entries(zones).map(([n, z]) => node(n, {}, z ? zone(z) : {})));
  for (const [n, k] of Object.entries(counts)) for (let i = 0; i < k; i++) s.addPod(pod({ labels: foo }), n);
  return s;
}
const failures = (m: Map<string, Status> | 'skip') => (m === 'skip' ? 'skip' : Object.fromEntries([...m].map(([n, s]) => [n, s.reasons[0]])));

describe('PodTopologySpread filter', () => {
  // zone a: n1 (2 foo) + n2 (0); zone b: n3 (1); n4 has no zone label
  const s = cluster({ n1: 2, n3: 1 }, { n1: 'a', n2: 'a', n3: 'b', n4: undefined });
  it('skew = domain count + self - global min must stay <= maxSkew', () => {
    // a: 2+1-1 = 2 > 1 → fail; b: 1+1-1 = 1 ok; n4 lacks the key
    expect(failures(runFilter(newPodTopologySpread(), s, pod({ labels: foo, topologySpreadConstraints: [c({})] })))).toEqual({
      n1: "node(s) didn't match pod topology spread constraints",
      n2: "node(s) didn't match pod topology spread constraints",
      n4: "node(s) didn't match pod topology spread constraints (missing required label)",
    });
  });
  it('a pod its own selector does not match adds no self count', () => {
    // a: 2+0-1 = 1 ok
    expect(failures(runFilter(newPodTopologySpread(), s, pod({ labels: { app: 'bar' }, topologySpreadConstraints: [c({})] })))).toEqual({
      n4: "node(s) didn't match pod topology spread constraints (missing required label)",
    });
  });
  it('fewer domains than minDomains makes the global minimum 0', () => {
    // 2 domains < 3: b: 1+1-0 = 2 > 1 → every node fails
    const got = failures(runFilter(newPodTopologySpread(), s, pod({ labels: foo, topologySpreadConstraints: [c({ minDomains: 3 })] })));
    expect(Object.keys(got)).toEqual(['n1', 'n2', 'n3', 'n4']);
  });
  it('nodeAffinityPolicy Honor drops domains the pod cannot use from the minimum', () => {
    // pod may only use zone a nodes (nodeSelector) → zone b not counted: min = 2 → a: 2+1-2 = 1 ok
    const p = pod({ labels: foo, nodeSelector: { zone: 'a' }, topologySpreadConstraints: [c({})] });
    expect(failures(runFilter(newPodTopologySpread(), s, p))).toMatchObject({ n4: expect.any(String) });
    expect((failures(runFilter(newPodTopologySpread(), s, p)) as Record<string, string>).n1).toBeUndefined();
    // Ignore: zone b counts again → a fails
    const q = pod({ labels: foo, nodeSelector: { zone: 'a' }, topologySpreadConstraints: [c({ nodeAffinityPolicy: 'Ignore' })] });
    expect((failures(runFilter(newPodTopologySpread(), s, q)) as Record<string, string>).n1).toBeDefined();
  });
  it('no DoNotSchedule constraints → Skip', () => {
    expect(runFilter(newPodTopologySpread(), s, pod({ labels: foo }))).toBe('skip');
  });
});

describe('PodTopologySpread score', () => {
  it('hostname: cnt*ln(nodes+2) + maxSkew-1, rounded, then 100*(max+min-s)/max', () => {
    const s = cluster({ n1: 2, n3: 1 }, { n1: 'a', n2: 'a', n3: 'b' });
    const p = pod({ labels: foo, topologySpreadConstraints: [c({ topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' })] });
    // w = ln(3+2) = 1.609: n1 round(3.219) = 3, n2 0, n3 round(1.609) = 2 → 100*(3-3)/3 = 0, 100, 100*(3-2)/3 = 33
    expect(runScore(newPodTopologySpread(), s, p)).toEqual({ n1: 0, n2: 100, n3: 33 });
  });
  it('zone: counts per domain, weight ln(domains+2)', () => {
    const s = cluster({ n1: 1, n2: 1 }, { n1: 'a', n2: 'a', n3: 'b' });
    const p = pod({ labels: foo, topologySpreadConstraints: [c({ maxSkew: 2, whenUnsatisfiable: 'ScheduleAnyway' })] });
    // w = ln(4) = 1.386; a = 2 → 2*1.386 + 1 = 3.77 → 4; b = 0 + 1 = 1 → a: 100*(4+1-4)/4 = 25, b: 100*(4+1-1)/4 = 100
    expect(runScore(newPodTopologySpread(), s, p)).toEqual({ n1: 25, n2: 25, n3: 100 });
  });
  it('explicit constraints ignore (score 0) feasible nodes lacking the key', () => {
    const s = cluster({ n1: 1 }, { n1: 'a', n2: 'b', n3: undefined });
    const p = pod({ labels: foo, topologySpreadConstraints: [c({ whenUnsatisfiable: 'ScheduleAnyway' })] });
    // w = ln(2+2); n1 = round(1.386) = 1, n2 = 0 → n1 100*(1+0-1)/1 = 0, n2 100, n3 ignored 0
    expect(runScore(newPodTopologySpread(), s, p)).toEqual({ n1: 0, n2: 100, n3: 0 });
  });
  it('system default constraints apply only with a default selector (services/controllers)', () => {
    const s = cluster({ n1: 2 }, { n1: 'a', n2: 'b' });
    expect(runScore(newPodTopologySpread(), s, pod({ labels: foo }))).toBe('skip');
    s.defaultSpreadSelector = () => compileLabelSelector({ matchLabels: foo });
    // hostname maxSkew 3: n1 = round(2*ln(4) + 2) = round(4.77) = 5, n2 = 2; zone key "topology.kubernetes.io/zone" absent
    // → not required (system defaulting), no contribution. 100*(5+2-5)/5 = 40, 100*(5+2-2)/5 = 100
    expect(runScore(newPodTopologySpread(), s, pod({ labels: foo }))).toEqual({ n1: 40, n2: 100 });
  });
  it('validates args', () => {
    expect(() => newPodTopologySpread({ defaultingType: 'System', defaultConstraints: [c({})] })).toThrow(/must be empty when defaultingType is System/);
    expect(() => newPodTopologySpread({ defaultingType: 'List', defaultConstraints: [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }] })).toThrow(/maxSkew: must be a positive integer, got 0/);
  });
});
