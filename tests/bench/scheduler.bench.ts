/**
 * Scheduler throughput: pods placed per second on 5,000 nodes with kube-scheduler's default
 * profile, every node filtered and scored (no percentageOfNodesToScore sampling), each pod bound
 * so the state changes; then the same with the edge plugins on (the edge profile). The pod mix
 * has plain pods, zone/host spreading, anti-affinity, GPU pods with tolerations, arch selectors
 * and hard spreading. Baselines: the columnar framework with only NodeResourcesFit, and a naive
 * object-per-node NodeResourcesFit (same arithmetic, Records + Maps). Each row's note also gives
 * the rate per second of process CPU time and the load average, because wall-clock medians on a
 * shared machine move with everything else running on it. The default profile also runs with node
 * classes off (./node-classes.ts: equal empty nodes evaluated once per class), which picks the
 * same nodes, to show what the classes buy and what the per-node columnar loops do alone.
 */
import os from 'node:os';
import type { BenchResult, BenchSuite } from './harness.ts';
import { median } from './harness.ts';
import type { Node, Pod } from '../../sim-core/orchestrator/scheduler/api-types.ts';
import { ClusterState } from '../../sim-core/orchestrator/scheduler/state.ts';
import { Scheduler } from '../../sim-core/orchestrator/scheduler/framework.ts';
import { buildProfile, defaultProfileSpec, expandMultiPoint, defaultRegistry } from '../../sim-core/orchestrator/scheduler/profile.ts';
import { edgeProfileSpec, edgeRegistry } from '../../sim-core/orchestrator/scheduler/plugins/edge-profile.ts';
import { seededIntn } from '../../sim-core/orchestrator/scheduler/select-host.ts';
import { podNonZeroRequests, podRequests } from '../../sim-core/orchestrator/scheduler/pod-requests.ts';

const GI = 1024 ** 3, MI = 1024 ** 2;

export function makeNodes(n: number): Node[] {
  const r = seededIntn(42);
  return Array.from({ length: n }, (_, i) => {
    const gpu = i % 10 === 0, arm = i % 7 === 3;
    return {
      name: `node-${i}`,
      labels: { 'kubernetes.io/hostname': `node-${i}`, 'topology.kubernetes.io/zone': `zone-${i % 5}`, 'kubernetes.io/arch': arm ? 'arm64' : 'amd64', rack: `rack-${r(100)}` },
      allocatable: { cpu: arm ? 4000 : 32000, memory: (arm ? 8 : 128) * GI, pods: 110, ...(gpu ? { 'nvidia.com/gpu': 4 } : {}) },
      taints: gpu ? [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] : i % 13 === 0 ? [{ key: 'edge/low-power', value: 'true', effect: 'PreferNoSchedule' }] : [],
      // Read by the edge plugins only (the default profile ignores it).
      edge: { arch: arm ? 'arm64' : 'amd64', zone: `zone-${i % 5}`, watts: arm ? 15 : 350, costPerHour: arm ? 0.02 : 0.4 + r(10) / 100, attested: i % 9 !== 0, ...(gpu ? { accelerators: ['nvidia.com/gpu'] } : {}) },
    };
  });
}

export function makePods(n: number): Pod[] {
  const r = seededIntn(7);
  return Array.from({ length: n }, (_, i) => {
    const app = `app-${r(50)}`;
    const kind = r(100);
    const base: Pod = {
      name: `pod-${i}`, namespace: `ns-${r(5)}`, labels: { app },
      containers: [{ requests: { cpu: 100 + r(10) * 100, memory: (128 + r(16) * 128) * MI } }],
    };
    if (kind < 60) return base;
    if (kind < 75) return { ...base, topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app } } },
      { maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app } } },
    ] };
    if (kind < 85) return { ...base, affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app } } } }] } } };
    if (kind < 90) return { ...base, containers: [{ requests: { cpu: 2000, memory: 8 * GI, 'nvidia.com/gpu': 1 } }], tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] };
    if (kind < 95) return { ...base, nodeSelector: { 'kubernetes.io/arch': 'arm64' } };
    return { ...base, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app } } }] };
  });
}

function fitOnlyProfile() {
  return buildProfile({ schedulerName: 'fit', points: expandMultiPoint([{ name: 'NodeResourcesFit', weight: 1 }], defaultRegistry()), pluginArgs: new Map() });
}

/** Naive baseline: one object per node, resources in Records, the same NodeResourcesFit arithmetic. */
function naivePlace(nodes: Node[], pods: Pod[]): number {
  const objs = nodes.map((n) => ({ name: n.name, alloc: { ...n.allocatable } as Record<string, number>, req: {} as Record<string, number>, nz: { cpu: 0, memory: 0 }, pods: 0 }));
  const intn = seededIntn(1);
  let placed = 0;
  for (const p of pods) {
    const req = podRequests(p), nz = podNonZeroRequests(p);
    let best = -1, bestScore = -1, ties = 0;
    for (let i = 0; i < objs.length; i++) {
      const o = objs[i]!;
      if (o.pods + 1 > (o.alloc.pods ?? 0)) continue;
      let ok = true;
      for (const [k, v] of req) if (v > 0 && v > (o.alloc[k] ?? 0) - (o.req[k] ?? 0)) { ok = false; break; }
      if (!ok) continue;
      let sum = 0, w = 0;
      for (const k of ['cpu', 'memory'] as const) {
        const a = o.alloc[k] ?? 0;
        if (a === 0) continue;
        const r = o.nz[k] + (nz.get(k) ?? 0);
        sum += r > a ? 0 : Math.trunc(((a - r) * 100) / a); w++;
      }
      const s = w ? Math.trunc(sum / w) : 0;
      if (s > bestScore) { bestScore = s; best = i; ties = 1; } else if (s === bestScore && intn(++ties) === 0) best = i;
    }
    if (best < 0) continue;
    const o = objs[best]!;
    for (const [k, v] of req) o.req[k] = (o.req[k] ?? 0) + v;
    o.nz.cpu += nz.get('cpu') ?? 0; o.nz.memory += nz.get('memory') ?? 0; o.pods++;
    placed++;
  }
  return placed;
}

function measure(reps: number, fn: () => number): { rate: number; cpuRate: number; placed: number; spread: string } {
  const rates: number[] = [], cpuRates: number[] = [];
  let placed = 0;
  fn(); // warm-up
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    placed = fn();
    rates.push(placed / ((performance.now() - t0) / 1000));
    const cpu = process.cpuUsage(c0);
    cpuRates.push(placed / ((cpu.user + cpu.system) / 1e6));
  }
  return { rate: median(rates), cpuRate: median(cpuRates), placed, spread: `min ${Math.round(Math.min(...rates))}, max ${Math.round(Math.max(...rates))}` };
}

/** Load average and the CPU-time rate, for reading a wall-clock median taken on a busy machine. */
function context(m: { cpuRate: number }, load: number): string {
  return `${Math.round(m.cpuRate).toLocaleString('en-US')} pods per CPU-second; load ${load.toFixed(1)} on ${os.cpus().length} cores`;
}

const suite: BenchSuite = {
  name: 'scheduler',
  async run({ quick }) {
    const nodeCount = quick ? 500 : 5000, podCount = quick ? 500 : 3000, reps = quick ? 1 : 5;
    const nodes = makeNodes(nodeCount), pods = makePods(podCount);
    const runWith = (profile: () => ReturnType<typeof fitOnlyProfile>, nodeClasses: 'auto' | 'never' = 'auto') => () => {
      const state = ClusterState.from(nodes);
      const s = new Scheduler(profile(), { seed: 1, nodeClasses });
      let placed = 0;
      for (const p of pods) if (s.scheduleAndAssume(state, p).selected) placed++;
      return placed;
    };
    const full = measure(reps, runWith(() => buildProfile(defaultProfileSpec())));
    const loadFull = os.loadavg()[0]!;
    const edge = measure(reps, runWith(() => buildProfile(edgeProfileSpec(), edgeRegistry())));
    const loadEdge = os.loadavg()[0]!;
    const perNode = measure(reps, runWith(() => buildProfile(defaultProfileSpec()), 'never'));
    const loadPerNode = os.loadavg()[0]!;
    const fit = measure(reps, runWith(fitOnlyProfile, 'never')); // layout alone, against the naive loop
    const naive = measure(reps, () => naivePlace(nodes, pods));
    const load = os.loadavg()[0]!;
    const target = 5000;
    const rows: BenchResult[] = [
      { name: `default profile, ${nodeCount} nodes, bind each`, value: full.rate, unit: 'pods/s', target: '>= 5,000 pods/s', ok: quick ? undefined : full.rate >= target, note: `${full.placed}/${podCount} placed; ${full.spread}; ${context(full, loadFull)}` },
      { name: `edge profile (default + edge plugins), ${nodeCount} nodes, bind each`, value: edge.rate, unit: 'pods/s', target: '>= 5,000 pods/s', ok: quick ? undefined : edge.rate >= target, note: `${edge.placed}/${podCount} placed; ${edge.spread}; ${context(edge, loadEdge)}` },
      { name: `default profile, node classes off (every node evaluated on its own), ${nodeCount} nodes`, value: perNode.rate, unit: 'pods/s', note: `same picks; node classes are ${(full.rate / perNode.rate).toFixed(1)}x; ${perNode.spread}; ${context(perNode, loadPerNode)}` },
      { name: `NodeResourcesFit only (columnar, node classes off), ${nodeCount} nodes`, value: fit.rate, unit: 'pods/s', note: `${fit.spread}; ${context(fit, load)}` },
      { name: `NodeResourcesFit only (naive object-per-node), ${nodeCount} nodes`, value: naive.rate, unit: 'pods/s', note: `columnar is ${(fit.rate / naive.rate).toFixed(1)}x; ${naive.spread}` },
    ];
    return rows;
  },
};
export default suite;
