import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../../../sim-core/orchestrator/scheduler/api-types.ts';
import { newPodInfo } from '../../../../sim-core/orchestrator/scheduler/pod-info.ts';
import { ClusterState } from '../../../../sim-core/orchestrator/scheduler/state.ts';
import type { CycleState, Status } from '../../../../sim-core/orchestrator/scheduler/types.ts';
import { compilePolicies } from '../../../../sim-core/orchestrator/policy/compile.ts';
import { NAME, newPolicyPlugin, toPolicyNode, toPolicyWorkload, type PolicyCycleReport } from '../../../../sim-core/orchestrator/policy/scheduler-adapter.ts';
import { loadFixtures } from './fixtures.ts';

const REGION = 'topology.kubernetes.io/region';
const node = (name: string, tier: string, region: string, gpus: number, attested: boolean): Node => ({
  name, allocatable: { cpu: 4000, memory: 8 * 2 ** 30, pods: 110, 'nvidia.com/gpu': gpus },
  labels: { [REGION]: region, 'kubernetes.io/arch': 'arm64', 'edgetwin.io/tier': tier }, edge: { attested, region },
});
const nodes = [
  node('edge-paris', 'edge', 'eu-west', 1, true),
  node('edge-nyc', 'edge', 'us-east', 1, false),
  node('rdc-paris', 'regional', 'eu-west', 4, true),
  node('gw-lyon', 'gateway', 'eu-west', 0, true),
];
const pod = (name: string, labels: Record<string, string>, edge: Pod['edge'] = {}): Pod => ({ name, namespace: 'shop', labels, containers: [{ requests: { cpu: 500, memory: 2 ** 28 } }], edge });

function cycle(state: ClusterState, p: Pod): CycleState {
  return { state, pod: newPodInfo(p), host: {}, nsLabels: {}, data: new Map() };
}

function run(plugin: ReturnType<typeof newPolicyPlugin>, p: Pod) {
  const state = ClusterState.from(nodes);
  const c = cycle(state, p);
  const idx = Int32Array.from(nodes.map((_, i) => i));
  const failed = new Map<string, Status>();
  const k = plugin.filter(c, idx, idx.length, (n, s) => failed.set(state.names[n]!, s));
  const feasible = [...idx.slice(0, k)].map((n) => state.names[n]!);
  const out = new Float64Array(k);
  plugin.score(c, idx, k, out);
  return { feasible, failed, scores: Object.fromEntries(feasible.map((n, i) => [n, out[i]!])), report: c.data.get(NAME) as PolicyCycleReport | undefined };
}

describe('EdgePolicy scheduler plugin', () => {
  const set = loadFixtures('placement-automation.yaml', 'security.yaml');

  it('filters by placement require and attestation, scores by preference (gpu-inference: edge 70 + eu-west 30)', () => {
    const r = run(newPolicyPlugin(set), pod('detector', { app: 'vision', accelerator: 'gpu', 'data-class': 'pii' }));
    expect(r.feasible).toEqual(['edge-paris', 'rdc-paris']);
    expect(r.failed.get('edge-nyc')).toEqual({ code: 'Unschedulable', plugin: NAME, reasons: ['denied by policy attested-payment-pii'] });
    expect(r.failed.get('gw-lyon')).toEqual({ code: 'Unschedulable', plugin: NAME, reasons: ['denied by policy gpu-inference'] });
    expect(r.scores).toEqual({ 'edge-paris': 100, 'rdc-paris': 30 });
    expect(r.report).toBeUndefined();
  });

  it('pods no policy selects pass every node with score 0', () => {
    const r = run(newPolicyPlugin(set), pod('web', { app: 'shop' }));
    expect(r.feasible).toEqual(nodes.map((n) => n.name));
    expect(Object.values(r.scores)).toEqual([0, 0, 0, 0]);
  });

  it('evaluation errors are recorded in cycle.data and passed to onError, never dropped', () => {
    const bad = compilePolicies([{ id: 'needs-cost', spec: { type: 'access', effect: 'deny', actions: ['place'], when: 'node.costPerHour > 1' } }]);
    const seen: string[] = [];
    const r = run(newPolicyPlugin(bad, { onError: (e, n) => seen.push(`${e.policyId}@${n}`) }), pod('web', { app: 'shop' }));
    expect(r.feasible).toHaveLength(4);
    expect(r.report!.errors).toHaveLength(4);
    expect(r.report!.errors[0]!.message).toContain('no attribute "costPerHour"');
    expect(seen).toEqual(nodes.map((n) => `needs-cost@${n.name}`));
  });

  it('default deny when place is guarded names the cause', () => {
    const guarded = compilePolicies({ policies: [], guardedActions: ['place'] });
    const r = run(newPolicyPlugin(guarded), pod('web', { app: 'shop' }));
    expect(r.feasible).toEqual([]);
    expect(r.failed.get('edge-paris')!.reasons).toEqual(['no policy allows place']);
  });

  it('converts scheduler nodes and pods into the policy view', () => {
    expect(toPolicyNode(nodes[0]!)).toMatchObject({ id: 'edge-paris', tier: 'edge', region: 'eu-west', arch: 'arm64', attested: true, gpus: 1 });
    const w = toPolicyWorkload(newPodInfo(pod('cart-0', { 'app.kubernetes.io/part-of': 'checkout', 'app.kubernetes.io/name': 'cart' }, { sensitive: true })));
    expect(w).toMatchObject({ id: 'shop/cart-0', app: 'checkout', service: 'cart', sensitive: true, requests: { cpuMillicores: 500, memoryBytes: 2 ** 28 } });
  });
});
