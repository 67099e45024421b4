/**
 * The store stage of the lifecycle: results written to node storage with a lifespan (purged at
 * its end, evicted oldest-first when storage is full), and critical results copied to nodes
 * higher up the fabric.
 */
import { releaseReplica } from './transport.ts';
import type { TwinState } from './state.ts';
import { tracePurge, traceStore } from './message-events.ts';

/** Writes an item to node storage, counting evictions and scheduling its purge. */
export function storeItem(s: TwinState, node: number, sizeBytes: number, lifespanMs: number, copy = false): void {
  const { item, evicted } = s.storage.table.store(node, sizeBytes);
  for (const old of evicted) {
    const ev = s.storage.table.itemEvent[old]!;
    if (ev >= 0) s.kernel.cancel(ev);
    s.messages.counts.evicted++;
  }
  if (item < 0) return;
  s.messages.counts.stored++;
  if (s.messageEvents) traceStore(s, item, node, sizeBytes, evicted.length, copy);
  if (lifespanMs < Infinity) s.storage.table.itemEvent[item] = s.kernel.schedule(lifespanMs, s.kinds.purge, item);
}

/** Purge event: a stored item's lifespan ended. */
export function onPurge(s: TwinState, item: number): void {
  s.storage.table.itemEvent[item] = -1;
  if (s.storage.table.purge(item)) {
    s.messages.counts.purged++;
    if (s.messageEvents) tracePurge(s, item);
  }
}

/** Replica arrival event: a copied critical result reached its target node. */
export function onReplicaArrive(s: TwinState, j: number): void {
  const job = s.storage.replicaJobs[j]!;
  releaseReplica(s, j);
  if (!s.fabric.topology.isNodeUp(job.node)) return;
  storeItem(s, job.node, job.sizeBytes, job.lifespanMs, true);
  s.messages.counts.replicated++;
}

/** Replica targets: up nodes of a higher tier than `node`, nearest first, other than node itself. */
export function replicaTargets(s: TwinState, node: number, count: number): number[] {
  const rank = { sensor: 0, gateway: 1, edge: 2, regional: 3, cloud: 4 } as const;
  const myRank = rank[s.model.nodes[node]!.tier];
  const candidates = s.storage.replicaCandidates.filter((n) => n !== node && rank[s.model.nodes[n]!.tier] >= myRank && s.fabric.topology.isNodeUp(n));
  const out: number[] = [];
  const pool = [...candidates];
  while (out.length < count && pool.length > 0) {
    const best = s.fabric.router.nearest(node, pool);
    if (best < 0) break;
    out.push(best);
    pool.splice(pool.indexOf(best), 1);
  }
  return out;
}

