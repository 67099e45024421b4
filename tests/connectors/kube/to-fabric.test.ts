/**
 * Kubernetes nodes and pods → the twin's fabric and placement (pure): allocatable parsed with
 * Kubernetes quantity rules, region/zone labels, taints, the Ready condition as fleet state,
 * service keys from pod labels, what counts as placed, malformed objects refused and counted.
 */
import { describe, expect, it } from 'vitest';
import { kubeFabric, nodeState, nodeToTwin, placementsOf, podToPlacement, runningVersionOf, serviceKeyOf } from '../../../connectors/kubernetes/to-fabric.ts';
import { nodeObject, podObject } from '../support/kube-stand-in.ts';

console.log('[to-fabric.test.ts] NOTE: these node and pod objects have the shapes the Kubernetes API STAND-IN serves (no API server installs on this machine).');

describe('to-fabric: nodes', () => {
  it.each([
    // cpu quantity → millicores, memory quantity → bytes (rounded up, as apimachinery's MilliValue/Value)
    ['1500m', '8Gi', 1500, 8 * 2 ** 30],
    ['2', '128974848', 2000, 128974848],
    ['0.5', '129M', 500, 129_000_000],
    ['100u', '1e3', 1, 1000],
    ['3.0001', '1.5Ki', 3001, 1536],
  ])('cpu %s, memory %s → %d millicores, %d bytes', (cpu, memory, mc, bytes) => {
    const n = nodeToTwin(nodeObject({ name: 'a', cpu, memory })).value!;
    expect(n.cpuMillicores).toBe(mc);
    expect(n.memoryBytes).toBe(bytes);
  });

  it('labels give region, zone and arch; taints and extended resources come through', () => {
    const n = nodeToTwin(nodeObject({
      name: 'edge-1', labels: { 'topology.kubernetes.io/region': 'eu-west', 'topology.kubernetes.io/zone': 'eu-west-1b', 'kubernetes.io/arch': 'arm64' },
      taints: [{ key: 'edgetwin.io/battery', value: 'low', effect: 'PreferNoSchedule' }, { key: 'dedicated', effect: 'NoSchedule' }],
      extra: { 'nvidia.com/gpu': '2' },
    })).value!;
    expect([n.region, n.zone, n.arch]).toEqual(['eu-west', 'eu-west-1b', 'arm64']);
    expect(n.taints).toEqual([{ key: 'edgetwin.io/battery', value: 'low', effect: 'PreferNoSchedule' }, { key: 'dedicated', value: '', effect: 'NoSchedule' }]);
    expect(n.allocatable['nvidia.com/gpu']).toBe(2);
    expect(n.schedulerNode.edge?.zone).toBe('eu-west-1b');
    const bare = nodeToTwin(nodeObject({ name: 'b' })).value!;
    expect([bare.region, bare.zone]).toEqual([null, null]);
  });

  it.each([
    ['True', false, [], 'ready'],
    ['True', true, [], 'draining'],
    ['False', false, [], 'down'],
    ['Unknown', false, [], 'offline'],
    [null, false, [], 'unknown'],
    ['True', false, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }], 'offline'],
  ] as const)('Ready %s, unschedulable %s, taints %j → %s', (ready, unschedulable, taints, state) => {
    const n = nodeToTwin(nodeObject({ name: 'c', ready, unschedulable, taints: [...taints] })).value!;
    expect(n.ready).toBe(ready);
    expect(nodeState(n)).toBe(state);
  });

  it('refuses what is not a node; keeps a node with a bad quantity, naming the field', () => {
    expect(nodeToTwin('nope').value).toBeNull();
    expect(nodeToTwin({ metadata: {} }).value).toBeNull();
    const bad = nodeObject({ name: 'd', cpu: 'lots' });
    const c = nodeToTwin(bad);
    expect(c.value!.cpuMillicores).toBeNull();
    expect(c.problems.join(' ')).toMatch(/allocatable\.cpu/);
  });
});

describe('to-fabric: pods and placement', () => {
  it.each([
    [{ 'edgetwin.io/service': 'shop.api' }, 'x', 'shop/api'],
    [{ 'edgetwin.io/service': 'my.shop.api', 'app.kubernetes.io/part-of': 'my.shop' }, 'x', 'my.shop/api'],
    [{ 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/name': 'cart' }, 'x', 'shop/cart'],
    [{ 'app.kubernetes.io/name': 'cart' }, 'store', 'store/cart'],
    [{ app: 'web' }, 'default', 'default/web'],
    [{ 'k8s-app': 'dns' }, 'kube-system', 'kube-system/dns'],
    [{ tier: 'x' }, 'default', null],
  ])('labels %j in namespace %s → %s', (labels, ns, key) => {
    expect(serviceKeyOf(labels as Record<string, string>, ns)).toBe(key);
  });

  it('placement counts bound, live pods per replica; pending, finished and terminating ones do not count', () => {
    const pods = [
      podObject({ name: 'a1', namespace: 'shop', labels: { app: 'api' }, nodeName: 'n2' }),
      podObject({ name: 'a2', namespace: 'shop', labels: { app: 'api' }, nodeName: 'n1' }),
      podObject({ name: 'a3', namespace: 'shop', labels: { app: 'api' }, nodeName: 'n1' }),
      podObject({ name: 'a4', namespace: 'shop', labels: { app: 'api' } }),
      podObject({ name: 'job', namespace: 'shop', labels: { app: 'batch' }, nodeName: 'n1', phase: 'Succeeded' }),
      { ...podObject({ name: 'old', namespace: 'shop', labels: { app: 'web' }, nodeName: 'n2' }), metadata: { name: 'old', namespace: 'shop', labels: { app: 'web' }, deletionTimestamp: '2026-01-01T00:00:00Z' } },
    ].map((p) => podToPlacement(p).value!);
    expect(placementsOf(pods)).toEqual({ 'shop/api': ['n1', 'n1', 'n2'] });
  });

  it('kubeFabric: fleet nodes with sources kubernetes and running services; malformed objects counted, not thrown', () => {
    const f = kubeFabric(
      [nodeObject({ name: 'n1', labels: { 'topology.kubernetes.io/zone': 'z1' } }), nodeObject({ name: 'n2', ready: 'False' }), 42, { metadata: { name: 7 } }],
      [podObject({ name: 'p', namespace: 'shop', labels: { app: 'api' }, nodeName: 'n1' }), null, { metadata: {} }],
      1234,
    );
    expect(f.fleet.map((n) => [n.id, n.state, n.sources, n.running])).toEqual([
      ['n1', 'ready', ['kubernetes'], ['shop/api']],
      ['n2', 'down', ['kubernetes'], []],
    ]);
    expect(f.fleet[0]!.labels['topology.kubernetes.io/zone']).toBe('z1');
    expect(f.fleet[0]!.lastSeenMs).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(f.malformed.map((m) => [m.kind, m.refused])).toEqual([['Node', true], ['Node', true], ['Pod', true], ['Pod', true]]);
    const partial = kubeFabric([nodeObject({ name: 'n9', cpu: 'lots' })], [], null);
    expect(partial.fleet.map((n) => n.id)).toEqual(['n9']);
    expect(partial.malformed).toEqual([{ kind: 'Node', name: 'n9', refused: false, problems: [expect.stringMatching(/allocatable\.cpu/)] }]);
    expect(f.placements).toEqual({ 'shop/api': ['n1'] });
  });
});

describe('to-fabric: the version a node runs', () => {
  const marked = (annotations: Record<string, string>) => {
    const n = nodeObject({ name: 'e1' });
    n.metadata.annotations = annotations;
    return nodeToTwin(n);
  };
  const pod = (name: string, phase: string) => podToPlacement(podObject({ name, namespace: 'd', labels: { 'edgetwin.io/service': 'd.infer' }, nodeName: 'e1', phase })).value!;
  const v3 = { 'push.edgetwin.io/version': '3', 'push.edgetwin.io/workloads': '{"d/infer":2}' };

  it.each([
    ['both replicas Running', ['Running', 'Running'], 3],
    ['one still Pending', ['Running', 'Pending'], 0],
    ['more than asked', ['Running', 'Running', 'Running'], 3],
    ['none', [], 0],
  ])('applied version 3 with 2× d/infer, %s → %d', (_what, phases, version) => {
    const n = marked(v3).value!;
    expect(runningVersionOf(n, phases.map((ph, i) => pod(`p${i}`, ph)))).toBe(version);
  });

  it('a Running pod whose Ready condition is False does not count', () => {
    const n = marked(v3).value!;
    const notReady = podObject({ name: 'p9', namespace: 'd', labels: { 'edgetwin.io/service': 'd.infer' }, nodeName: 'e1' });
    (notReady.status as any).conditions = [{ type: 'Ready', status: 'False' }];
    const ready = structuredClone(notReady);
    ready.metadata.name = 'p8';
    (ready.status as any).conditions = [{ type: 'Ready', status: 'True' }];
    const pods = [pod('p0', 'Running'), podToPlacement(notReady).value!];
    expect(runningVersionOf(n, pods)).toBe(0);
    expect(runningVersionOf(n, [...pods, podToPlacement(ready).value!])).toBe(3);
  });

  it('no annotations: 0; malformed annotations: 0 and a problem', () => {
    expect(runningVersionOf(nodeToTwin(nodeObject({ name: 'e1' })).value!, [pod('p', 'Running')])).toBe(0);
    const bad = marked({ 'push.edgetwin.io/version': 'three', 'push.edgetwin.io/workloads': '{' });
    expect(bad.value!.applied).toBeNull();
    expect(bad.problems.join(' ')).toMatch(/push\.edgetwin\.io\/version/);
  });
});
