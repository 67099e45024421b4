/**
 * Placement benchmarks: batch placement of 1,000 pods on 5,000 nodes with the edge profile
 * (every node filtered and scored, each pod bound, then the improvement pass), reported as
 * pods/s, with the initial pass alone as the in-run baseline; and the reconciler on 10,000
 * services (3 replicas each, 2,000 nodes, 2% of nodes down, 1% cordoned, some services rescaled), in ms.
 */
import type { BenchResult, BenchSuite } from './harness.ts';
import { median, timeRuns } from './harness.ts';
import type { Node, Pod } from '../../sim-core/orchestrator/scheduler/api-types.ts';
import { ClusterState } from '../../sim-core/orchestrator/scheduler/state.ts';
import { buildProfile } from '../../sim-core/orchestrator/scheduler/profile.ts';
import { seededIntn } from '../../sim-core/orchestrator/scheduler/select-host.ts';
import { edgeProfileSpec, edgeRegistry } from '../../sim-core/orchestrator/scheduler/plugins/edge-profile.ts';
import type { SchedulingHost } from '../../sim-core/orchestrator/scheduler/types.ts';
import { placeBatch } from '../../sim-core/orchestrator/placement/batch.ts';
import { expandPlan } from '../../sim-core/orchestrator/placement/plan.ts';
import { reconcile } from '../../sim-core/orchestrator/placement/reconciler.ts';
import { applyActions, type DesiredState, type NodeHealth, type ObservedState } from '../../sim-core/orchestrator/placement/reconcile-types.ts';

const GI = 1024 ** 3;

function fleet(n: number): Node[] {
  const r = seededIntn(11);
  return Array.from({ length: n }, (_, i) => {
    const tier = i % 50 === 0 ? 'regional' : i % 5 === 0 ? 'edge' : 'gateway';
    const big = tier !== 'gateway';
    return {
      name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}` },
      allocatable: { cpu: big ? 32000 : 4000, memory: (big ? 128 : 8) * GI, pods: 110 },
      edge: {
        arch: big ? 'x86_64' : r(2) ? 'arm64' : 'armv7', zone: `zone-${i % 40}`, region: `region-${i % 8}`, attested: i % 3 === 0,
        idleWatts: big ? 120 : 4, maxWatts: big ? 400 : 12, costPerHour: big ? 1 + r(100) / 100 : 0.05 + r(10) / 100,
        ...(i % 20 === 0 ? { accelerators: [{ type: 'gpu', count: 2 }] } : {}),
      },
    } as Node;
  });
}

/** Host: latency from a sensor `sensor-k` grows with the ring distance between k and the node index. */
function host(nodes: number): SchedulingHost {
  return {
    latencyMs: (s, i) => { const k = Number(s.slice(7)); const d = Math.abs(k - i) % nodes; return 1 + Math.min(d, nodes - d) * 0.05; },
    bandwidthBps: (s, i) => 1e9 / (1 + Math.abs(Number(s.slice(7)) - i) / 100),
  };
}

function plan(pods: number, nodes: number): Pod[] {
  const r = seededIntn(5);
  const services = Array.from({ length: pods / 4 }, (_, i) => {
    const kind = r(10);
    const src = `sensor-${r(nodes)}`;
    const edge: Pod['edge'] = kind < 5 ? { arches: ['arm64', 'x86_64'], dataSourceNodes: [src], latencyBudgetMs: 5 + r(20), ingressBps: 5e6 }
      : kind < 7 ? { arches: ['x86_64'] } : kind < 8 ? { arches: ['x86_64'], accelerator: 'gpu' } : { arches: ['x86_64', 'arm64', 'armv7'], sensitive: r(2) === 0 };
    return { app: `app${i % 50}`, service: `svc${i}`, replicas: 4, template: { namespace: 'prod', containers: [{ requests: { cpu: 250 + r(8) * 125, memory: (256 + r(8) * 128) * 1024 ** 2 } }], edge } };
  });
  return expandPlan(services);
}

const suite: BenchSuite = {
  name: 'placement',
  async run({ quick }) {
    const nodeCount = quick ? 500 : 5000, podCount = quick ? 100 : 1000, reps = quick ? 1 : 3;
    const nodes = fleet(nodeCount), pods = plan(podCount, nodeCount), h = host(nodeCount);
    const profile = buildProfile(edgeProfileSpec(), edgeRegistry());
    let last: ReturnType<typeof placeBatch> | undefined;
    const full = await timeRuns(reps, () => { last = placeBatch(ClusterState.from(nodes), pods, { profile, host: h, seed: 1 }); });
    const greedy = await timeRuns(reps, () => placeBatch(ClusterState.from(nodes), pods, { profile, host: h, seed: 1, improve: false }));
    const rate = (ms: number[]) => podCount / (median(ms) / 1000);
    const out: BenchResult[] = [
      { name: `batch placement, edge profile, ${podCount} pods on ${nodeCount} nodes (with improvement)`, value: rate(full), unit: 'pods/s',
        note: `${podCount - last!.unschedulable}/${podCount} placed, ${last!.moves.length} moves, objective ${last!.before.value.toFixed(2)} → ${last!.after.value.toFixed(2)}` },
      { name: `batch placement, initial pass only (baseline)`, value: rate(greedy), unit: 'pods/s', note: `improvement pass costs ${(median(full) - median(greedy)).toFixed(0)} ms` },
    ];

    const svcCount = quick ? 1000 : 10000, rNodes = quick ? 200 : 2000;
    const rn = fleet(rNodes).map((n) => ({ ...n, edge: { ...n.edge, accelerators: undefined } }));
    const rr = seededIntn(3);
    const desired: DesiredState = { services: Array.from({ length: svcCount }, (_, i) => ({
      service: `svc-${i}`, replicas: i % 100 === 0 ? 4 : i % 100 === 1 ? 2 : 3,
      template: { namespace: 'prod', containers: [{ requests: { cpu: 50, memory: 64 * 1024 ** 2 } }], edge: { arches: ['x86_64', 'arm64', 'armv7'] } },
    })) };
    const replicas: Record<string, string[]> = {};
    for (let i = 0; i < svcCount; i++) replicas[`svc-${i}`] = [0, 1, 2].map(() => `node-${rr(rNodes)}`);
    const health: Record<string, NodeHealth> = {};
    for (let i = 0; i < rNodes; i++) { const x = rr(100); if (x < 2) health[`node-${i}`] = 'down'; else if (x < 3) health[`node-${i}`] = 'cordoned'; }
    const observed: ObservedState = { replicas, health };
    let res: ReturnType<typeof reconcile> | undefined;
    const rec = await timeRuns(reps, () => { res = reconcile(desired, observed, { nodes: rn, profile, seed: 1 }); });
    const converged = applyActions(observed, res!.actions);
    const steady = await timeRuns(reps, () => reconcile(desired, converged, { nodes: rn, profile, seed: 1 }));
    out.push(
      { name: `reconciler, ${svcCount} services × ~3 replicas on ${rNodes} nodes (with drift)`, value: median(rec), unit: 'ms',
        note: `${res!.actions.length} actions (${['evict', 'scale', 'migrate', 'place'].map((t) => `${res!.actions.filter((a) => a.type === t).length} ${t}`).join(', ')}), ${res!.blocked.length} blocked` },
      { name: `reconciler, ${svcCount} services, converged (no actions)`, value: median(steady), unit: 'ms' },
    );
    return out;
  },
};

export default suite;
