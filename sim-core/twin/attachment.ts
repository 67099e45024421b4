/**
 * A sensor's attachment hop (its lowest-latency up link to an up neighbour), cached per node.
 * Every sensor emission needs it, and scanning the sensor's links touches its adjacency list and
 * four per-link arrays at a random index: on the mid fabric that was ~7 % of the run, all cache
 * misses. The choice depends only on link up/down, ends, latencies and node up/down, and each of
 * those bumps Topology.version, so an entry stamped with the version it was computed at is exact.
 */
import type { Route } from '../fabric/routing.ts';
import type { Topology } from '../fabric/topology.ts';

/** Per-node cache of the attachment hop; entries are valid while topology.version equals their stamp. */
export class AttachmentCache {
  /** The attachment link, or -1 when none is up. */
  readonly link: Int32Array;
  /** The node at the far end of `link` (-1 when none). */
  readonly dest: Int32Array;
  /** The directed link resource away from the node (2*link or 2*link+1, FlowNetwork's numbering; -1 when none). */
  readonly resource: Int32Array;
  /** The one-hop route over `link` away from the node (null when none). */
  readonly route: (Route | null)[];
  // Topology version each entry was computed at; -1 = never.
  private readonly stamp: Float64Array;

  /** An empty cache for `nodeCount` nodes. */
  constructor(nodeCount: number) {
    if (!(Number.isInteger(nodeCount) && nodeCount >= 0)) throw new Error(`AttachmentCache: nodeCount must be an integer >= 0, got ${nodeCount}`);
    this.link = new Int32Array(nodeCount).fill(-1);
    this.dest = new Int32Array(nodeCount).fill(-1);
    this.resource = new Int32Array(nodeCount).fill(-1);
    this.route = new Array<Route | null>(nodeCount).fill(null);
    this.stamp = new Float64Array(nodeCount).fill(-1);
  }

  /** Whether node n's entry was computed at topology version `version`. */
  isFresh(n: number, version: number): boolean {
    return this.stamp[n] === version;
  }

  /** Stores node n's hop as computed at `version` (link -1: none; then dest and resource -1, route null). */
  set(n: number, version: number, link: number, dest: number, resource: number, route: Route | null): void {
    this.link[n] = link;
    this.dest[n] = dest;
    this.resource[n] = resource;
    this.route[n] = route;
    this.stamp[n] = version;
  }
}

/** The node's lowest-latency up link to an up neighbour (first such link on equal latency), or -1. */
export function scanAttachmentLink(topo: Topology, node: number): number {
  // Raw views: the checked accessors cost more than the work.
  const inc = topo.linksOf(node), up = topo.linkUpFlags, endA = topo.linkEndsA, endB = topo.linkEndsB;
  const nodeUp = topo.nodeUpFlags, lat = topo.latencyMs;
  let best = -1;
  let bestLatency = Infinity;
  for (let i = 0; i < inc.length; i++) {
    const l = inc[i]!;
    if (up[l] !== 1) continue;
    const other = endA[l] === node ? endB[l]! : endA[l]!;
    if (nodeUp[other] === 1 && lat[l]! < bestLatency) { best = l; bestLatency = lat[l]!; }
  }
  return best;
}
