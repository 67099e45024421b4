import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../../../sim-core/text/yaml-source.ts';
import { clusterFromList, podFromSource } from '../../../../sim-core/orchestrator/k8s/cluster.ts';
import { RES_CPU, RES_MEMORY } from '../../../../sim-core/orchestrator/scheduler/state.ts';
import { InputError } from '../../../../sim-core/text/input-error.ts';

const fixture = (f: string) => new URL(`../../../fixtures/k8s/${f}`, import.meta.url);
const load = (f: string) => parseYamlSource(readFileSync(fixture(f), 'utf8'), f);

describe('kubectl List → ClusterState', () => {
  const dump = clusterFromList(load('edge-cluster.json'));
  const st = dump.state;
  it('nodes with allocatable, taints, labels, edge attributes', () => {
    expect(st.nodeCount).toBe(8);
    const gpu = st.indexOf('gpu-1');
    expect(st.alloc[RES_CPU]![gpu]).toBe(31800);
    expect(st.alloc[st.resource('nvidia.com/gpu')]![gpu]).toBe(2);
    expect(st.nodes[gpu]!.edge).toMatchObject({ arch: 'amd64', zone: 'zone-b', region: 'region-1', watts: 420, accelerators: ['nvidia.com/gpu'] });
    expect(st.unschedulable[st.indexOf('edge-srv-3')]).toBe(1);
    expect(st.taintSets[st.taintSetId[st.indexOf('cp-1')]!]).toEqual([{ key: 'node-role.kubernetes.io/control-plane', value: '', effect: 'NoSchedule' }]);
  });
  it('running pods count; Succeeded/Failed are ignored; pending pods are returned', () => {
    const reg = st.indexOf('regional-1');
    // kube-proxy 100m + best-effort debug pod (0 requested, 100m non-zero); the Succeeded report pod is ignored
    expect(st.requested[RES_CPU]![reg]).toBe(100);
    expect(st.nonZeroCpu[reg]).toBe(200);
    expect(st.nonZeroMem[reg]).toBe(64 * 1024 * 1024 + 200 * 1024 * 1024);
    expect(st.podCount[reg]).toBe(2);
    expect(st.requested[RES_MEMORY]![st.indexOf('gpu-1')]).toBe(64 * 1024 * 1024 + 16 * 1024 ** 3);
    expect(dump.pending.map((p) => p.name)).toEqual(['pending-1']);
    expect(st.namespaceLabels('shop')).toEqual({ 'kubernetes.io/metadata.name': 'shop', team: 'retail' });
  });
  it('services and the controlling ReplicaSet give the default spreading selector', () => {
    const web = podFromSource(load('pod-web.yaml'));
    const sel = st.defaultSpreadSelector!(web);
    expect(sel.reqs.map((r) => `${r.key}=${[...r.values].join(',')}`).sort()).toEqual(['app=web', 'app=web', 'pod-template-hash=5d9c7b6f8']);
  });
  it('bad fields are reported with file:line:col and path', () => {
    const text = '{"apiVersion":"v1","kind":"List","items":[\n{"kind":"Node","metadata":{"name":"a"},"status":{"allocatable":{"cpu":"four"}}},\n{"kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"resources":{"requests":{"memory":"1Gb"}}}],"tolerations":[{"effect":"Sometimes"}]}}]}';
    let err: InputError | undefined;
    try { clusterFromList(parseYamlSource(text, 'dump.json')); } catch (e) { err = e as InputError; }
    expect(err).toBeInstanceOf(InputError);
    expect(err!.issues.map((i) => `${i.line} ${i.path}`)).toEqual([
      '2 items[0].status.allocatable.cpu',
      '3 items[1].spec.containers[0].resources.requests.memory',
      '3 items[1].spec.tolerations[0].effect',
    ]);
    expect(err!.message).toMatch(/dump\.json:2:\d+: items\[0\]\.status\.allocatable\.cpu: not a valid non-negative quantity: "four"/);
  });
});

describe('Pod manifest', () => {
  it('reads requests, affinity, spread and owner', () => {
    const p = podFromSource(load('pod-web.yaml'));
    expect(p.containers[0]!.requests).toEqual({ cpu: 500, memory: 512 * 1024 * 1024 });
    expect(p.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms[0]!.matchExpressions).toEqual([{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }]);
    expect(p.topologySpreadConstraints![0]).toMatchObject({ maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' });
    expect(p.controller).toEqual({ kind: 'ReplicaSet', name: 'web-5d9c7b6f8', apiVersion: 'apps/v1' });
  });
  it('an operator typo is located', () => {
    const text = 'kind: Pod\nmetadata: {name: x}\nspec:\n  containers: [{name: a}]\n  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n          - matchExpressions:\n              - {key: a, operator: Inn, values: [b]}\n';
    expect(() => podFromSource(parseYamlSource(text, 'pod.yaml'))).toThrow(/pod\.yaml:10:\d+: spec\.affinity\.nodeAffinity\.requiredDuringSchedulingIgnoredDuringExecution\.nodeSelectorTerms\[0\]\.matchExpressions\[0\]\.operator: unknown value "Inn"/);
  });
  it('an empty matchLabels key is bad input, not a throw from the selector compiler (found by tests/fuzz/extender.test.ts)', () => {
    const text = 'kind: Pod\nmetadata: {name: x}\nspec:\n  containers: [{name: a}]\n  topologySpreadConstraints:\n    - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {"": x}}}\n';
    expect(() => podFromSource(parseYamlSource(text, 'pod.yaml'))).toThrow(/pod\.yaml:6:\d+: spec\.topologySpreadConstraints\[0\]\.labelSelector\.matchLabels\.: a label key must not be empty/);
  });
});
