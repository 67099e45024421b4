/**
 * The informers' nodes and pods → the scheduler's ClusterState (plus the pending pods), through
 * the same converter `edgetwin schedule --cluster` uses for a `kubectl get nodes,pods -A -o json`
 * dump (sim-core/orchestrator/k8s/cluster.ts), so a what-if from now schedules against the live
 * cluster exactly as against a dump of it. Objects are turned back into API JSON (client-node's
 * typed objects carry Dates and no kind); a field the converter refuses is reported, the object
 * left out, never a throw.
 */
import { clusterFromList, type ClusterDump } from '../../sim-core/orchestrator/k8s/cluster.ts';
import { InputError } from '../../sim-core/text/input-error.ts';

/** The live cluster for the scheduler, and the objects left out (with why). */
export interface LiveCluster extends ClusterDump { refused: { kind: 'Node' | 'Pod'; name: string; problem: string }[] }

const plain = (o: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(o)) as Record<string, unknown>;
const nameOf = (o: Record<string, unknown>) => {
  const m = o.metadata as { name?: unknown; namespace?: unknown } | undefined;
  return `${typeof m?.namespace === 'string' ? `${m.namespace}/` : ''}${String(m?.name ?? '(unnamed)')}`;
};

/** Builds the ClusterState; objects the converter refuses are dropped one by one and listed in `refused`. */
export function liveCluster(nodes: readonly unknown[], pods: readonly unknown[]): LiveCluster {
  let items = [
    ...nodes.map((n) => ({ ...plain(n), kind: 'Node', apiVersion: 'v1' })),
    ...pods.map((p) => ({ ...plain(p), kind: 'Pod', apiVersion: 'v1' })),
  ];
  const refused: LiveCluster['refused'] = [];
  // Each InputError names the offending items by index; drop them and convert again (bounded by the item count).
  for (let round = 0; round <= items.length; round++) {
    try {
      // Objects from the API have no source text: every location is line 0, col 0.
      return { ...clusterFromList({ file: 'kubernetes', value: { kind: 'List', apiVersion: 'v1', items }, locate: () => ({ line: 0, col: 0 }) }), refused };
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const bad = new Map<number, string>();
      for (const issue of e.issues) {
        const m = /^items\[(\d+)\]/.exec(issue.path);
        if (m && !bad.has(Number(m[1]))) bad.set(Number(m[1]), `${issue.path.replace(/^items\[\d+\]\.?/, '') || '(object)'}: ${issue.message}`);
      }
      if (bad.size === 0) throw e;
      for (const [i, problem] of bad) refused.push({ kind: items[i]!.kind as 'Node' | 'Pod', name: nameOf(items[i]!), problem });
      items = items.filter((_, i) => !bad.has(i));
    }
  }
  throw new Error('liveCluster: conversion did not settle'); // unreachable: every round drops at least one item
}
