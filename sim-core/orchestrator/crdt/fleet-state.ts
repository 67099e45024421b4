/**
 * The conventional layout of fleet state inside a CrdtDoc, so agents, the control plane and the
 * twin read and write the same names. One document per scope: "desired" (written by the control
 * plane: placements) and "observed" (written by agents: node status, membership, counters).
 */
import type { CrdtDoc } from './doc.ts';
import type { DocReplica } from './doc-replica.ts';
import { lwwLive, type JsonValue } from './lww-map.ts';

/** Section names used in fleet documents. */
export const FLEET = {
  /** LWW map serviceId → nodeId. */
  placements: 'placements',
  /** LWW map nodeId → NodeStatusRecord. */
  nodeStatus: 'nodeStatus',
  /** OR-set of node ids that joined the fleet (add-wins: a re-join beats a concurrent eviction). */
  members: 'members',
} as const;

/** What an agent reports about its node. */
export interface NodeStatusRecord {
  [k: string]: JsonValue;
  state: 'ready' | 'degraded' | 'down' | 'cordoned';
  /** Physical time of the report at the reporter. */
  reportedAtMs: number;
}

/** Places `serviceId` on `nodeId` at `physicalMs`. */
export function setPlacement(r: DocReplica, serviceId: string, nodeId: string, physicalMs: number): void {
  r.set(FLEET.placements, serviceId, nodeId, physicalMs);
}

/** Unplaces `serviceId` at `physicalMs`. */
export function clearPlacement(r: DocReplica, serviceId: string, physicalMs: number): void {
  r.delete(FLEET.placements, serviceId, physicalMs);
}

/** Records a node's status at `physicalMs`. */
export function setNodeStatus(r: DocReplica, nodeId: string, status: NodeStatusRecord, physicalMs: number): void {
  r.set(FLEET.nodeStatus, nodeId, status, physicalMs);
}

/** serviceId → nodeId for every live placement, services sorted. Throws if a placement is not a string (a writer bug). */
export function placementsOf(doc: CrdtDoc): Map<string, string> {
  const m = doc.maps.get(FLEET.placements);
  const out = new Map<string, string>();
  if (!m) return out;
  for (const [k, v] of lwwLive(m)) {
    if (typeof v !== 'string') throw new Error(`fleet-state: placement of ${k} is not a node id: ${JSON.stringify(v)}`);
    out.set(k, v);
  }
  return out;
}

/** nodeId → status for every live status record, nodes sorted. */
export function nodeStatusOf(doc: CrdtDoc): Map<string, NodeStatusRecord> {
  const m = doc.maps.get(FLEET.nodeStatus);
  return new Map(m ? (lwwLive(m) as [string, NodeStatusRecord][]) : []);
}
