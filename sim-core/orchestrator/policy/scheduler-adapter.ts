/**
 * The policy engine as a scheduler plugin (Filter + Score) for the framework in ../scheduler/:
 * Filter rejects nodes a policy denies (`place`: placement `require`, attestation, access deny,
 * default deny when place is guarded) with the policy ids as reasons; Score is the preference
 * score 0..100. Policy evaluation errors are never dropped: they are collected per cycle in
 * `cycle.data.get(NAME)` (a PolicyCycleReport) and passed to `onError` when given.
 */
import type { Node } from '../scheduler/api-types.ts';
import type { PodInfo } from '../scheduler/pod-info.ts';
import { status, type CycleState, type FailSink, type FilterPlugin, type ScorePlugin } from '../scheduler/types.ts';
import type { PolicySet } from './compile.ts';
import { decide } from './decide.ts';
import { preferenceScore } from './placement.ts';
import type { PolicyError, PolicyNode, PolicyWorkload } from './types.ts';

/** Plugin name. */
export const NAME = 'EdgePolicy';

/** What the plugin records in cycle.data under NAME. */
export interface PolicyCycleReport { errors: PolicyError[] }

/** Options: the action decided (`place`, or `migrate` when relocating) and an error sink. */
export interface PolicyPluginOptions { action?: 'place' | 'migrate'; onError?: (e: PolicyError, nodeName: string) => void }

/** Builds the EdgePolicy plugin over a compiled policy set. */
export function newPolicyPlugin(set: PolicySet, opts: PolicyPluginOptions = {}) {
  const action = opts.action ?? 'place';
  // Nodes are immutable per snapshot: convert each once.
  const nodeCache = new WeakMap<Node, PolicyNode>();
  const policyNode = (n: Node): PolicyNode => {
    let v = nodeCache.get(n);
    if (!v) { v = toPolicyNode(n); nodeCache.set(n, v); }
    return v;
  };
  const report = (cycle: CycleState, errors: readonly PolicyError[], nodeName: string) => {
    if (errors.length === 0) return;
    let r = cycle.data.get(NAME) as PolicyCycleReport | undefined;
    if (!r) { r = { errors: [] }; cycle.data.set(NAME, r); }
    for (const e of errors) { r.errors.push(e); opts.onError?.(e, nodeName); }
  };
  return {
    name: NAME,
    filter(cycle: CycleState, nodes: Int32Array, count: number, fail: FailSink): number {
      const workload = toPolicyWorkload(cycle.pod);
      let w = 0;
      for (let i = 0; i < count; i++) {
        const n = nodes[i]!;
        const node = cycle.state.nodes[n]!;
        const d = decide(set, { action, workload, node: policyNode(node) });
        report(cycle, d.errors, node.name);
        if (d.decision === 'allow') nodes[w++] = n;
        else fail(n, status('Unschedulable', NAME, ...(d.basis === 'default-deny' ? [`no policy allows ${action}`] : d.policyIds.map((id) => `denied by policy ${id}`))));
      }
      return w;
    },
    score(cycle: CycleState, nodes: Int32Array, count: number, out: Float64Array): void {
      const workload = toPolicyWorkload(cycle.pod);
      for (let i = 0; i < count; i++) {
        const node = cycle.state.nodes[nodes[i]!]!;
        const p = preferenceScore(set, workload, policyNode(node), action);
        report(cycle, p.errors, node.name);
        out[i] = p.score;
      }
    },
  } satisfies FilterPlugin & ScorePlugin;
}

/**
 * Scheduler Node → PolicyNode: the edge record (arch, region, zone, attested, watts…) flattened,
 * tier from `edge.tier` or label `edgetwin.io/tier`, gpus from allocatable `nvidia.com/gpu`.
 */
export function toPolicyNode(n: Node): PolicyNode {
  const labels = n.labels ?? {};
  const edge = n.edge ?? {};
  const out: PolicyNode = { ...edge, id: n.name, labels: { ...labels }, allocatable: { ...n.allocatable }, attested: edge.attested === true };
  const tier = edge.tier ?? labels['edgetwin.io/tier'];
  if (tier !== undefined) out.tier = tier as string;
  const region = edge.region ?? labels['topology.kubernetes.io/region'];
  if (region !== undefined) out.region = region;
  const zone = edge.zone ?? labels['topology.kubernetes.io/zone'];
  if (zone !== undefined) out.zone = zone;
  const arch = edge.arch ?? labels['kubernetes.io/arch'];
  if (arch !== undefined) out.arch = arch;
  out.gpus = n.allocatable['nvidia.com/gpu'] ?? (typeof edge.gpus === 'number' ? edge.gpus : 0);
  return out;
}

/**
 * PodInfo → PolicyWorkload: app from label `app.kubernetes.io/part-of` (else `app`), service from
 * `app.kubernetes.io/name` (else `app`, else the pod name), `sensitive` from pod.edge.sensitive,
 * requests in millicores and bytes.
 */
export function toPolicyWorkload(p: PodInfo): PolicyWorkload {
  const labels = p.labels;
  const out: PolicyWorkload = {
    id: p.key, name: p.pod.name, namespace: p.namespace, labels: { ...labels },
    service: labels['app.kubernetes.io/name'] ?? labels.app ?? p.pod.name,
    sensitive: p.pod.edge?.sensitive === true,
    requests: { cpuMillicores: p.requests.get('cpu') ?? 0, memoryBytes: p.requests.get('memory') ?? 0 },
  };
  const app = labels['app.kubernetes.io/part-of'] ?? labels.app;
  if (app !== undefined) out.app = app;
  return out;
}
