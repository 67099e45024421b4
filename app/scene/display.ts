/**
 * What is drawn for a choice of levels: a list of items (one node, a sensor group, a site or a
 * zone), every node mapped to the item that shows it, and per-frame item state aggregated from
 * the nodes it stands for: worst state, down/suspect counts, mean metric of the nodes still up,
 * OR of flags. Pure: typed arrays, no three.js.
 */
import { NODE_DOWN, NODE_SUSPECT, NODE_UP } from '../../sim-core/twin/frame.ts';
import type { Hierarchy } from './hierarchy.ts';
import { SITE_COLLAPSED, SITE_GROUPED, type GroupShapes, type Levels } from './lod.ts';
import { normalizeMetric, type MetricName } from './metrics.ts';

export const ITEM_NODE = 0, ITEM_GROUP = 1, ITEM_SITE = 2, ITEM_ZONE = 3;

/** The drawn items. */
export interface Display {
  count: number;
  /** Per item: ITEM_*. */
  kind: Uint8Array;
  /** Per item: node, group, site or zone index (by kind). */
  ref: Int32Array;
  /** Per item: nodes it stands for. */
  size: Int32Array;
  /** Per node: the item that shows it. */
  nodeToItem: Int32Array;
  /** Per node kind item: -1; aggregates: the item's representative node (hub, edge or first node), for fly-to and tooltips. */
  lead: Int32Array;
}

/** Items for `levels`, in order of each item's first node. */
export function buildDisplay(h: Hierarchy, levels: Levels): Display {
  const n = h.nodeCount;
  const nodeToItem = new Int32Array(n);
  const kind: number[] = [], ref: number[] = [], size: number[] = [], lead: number[] = [];
  const groupItem = new Int32Array(h.groupCount).fill(-1), siteItem = new Int32Array(h.siteCount).fill(-1), zoneItem = new Int32Array(h.zoneCount).fill(-1);
  const add = (k: number, r: number, l: number): number => { kind.push(k); ref.push(r); size.push(0); lead.push(l); return kind.length - 1; };
  const siteLead = (s: number): number => {
    const a = h.siteNodeStart[s]!, b = h.siteNodeStart[s + 1]!;
    for (let k = a; k < b; k++) if (h.tier[h.siteNodes[k]!] === 2) return h.siteNodes[k]!;
    if (b > a) return h.siteNodes[a]!;
    const g = h.siteGroups[h.siteGroupStart[s]!]!;
    return g === undefined ? -1 : h.groupMembers[h.groupStart[g]!]!;
  };
  for (let i = 0; i < n; i++) {
    const s = h.siteOf[i]!;
    let item: number;
    if (s < 0) item = add(ITEM_NODE, i, -1);
    else {
      const z = h.siteZone[s]!;
      const g = h.groupOf[i]!;
      if (!levels.zoneOpen[z]) {
        if (zoneItem[z]! < 0) zoneItem[z] = add(ITEM_ZONE, z, siteLead(h.zoneSites[h.zoneSiteStart[z]!]!));
        item = zoneItem[z]!;
      } else if (levels.siteLevel[s] === SITE_COLLAPSED && h.siteSize[s]! > 1) {
        if (siteItem[s]! < 0) siteItem[s] = add(ITEM_SITE, s, siteLead(s));
        item = siteItem[s]!;
      } else if (levels.siteLevel[s] === SITE_GROUPED && g >= 0 && h.groupStart[g + 1]! - h.groupStart[g]! > 1) {
        if (groupItem[g]! < 0) groupItem[g] = add(ITEM_GROUP, g, h.groupHub[g]!);
        item = groupItem[g]!;
      } else item = add(ITEM_NODE, i, -1);
    }
    nodeToItem[i] = item;
    size[item]!++;
  }
  return {
    count: kind.length, kind: Uint8Array.from(kind), ref: Int32Array.from(ref), size: Int32Array.from(size),
    nodeToItem, lead: Int32Array.from(lead),
  };
}

/** Writes each item's base position (x, y, z) into out: nodes from `nodePos`, aggregates from their group shapes. */
export function itemPositions(d: Display, nodePos: Float32Array, g: GroupShapes, out: Float32Array): void {
  for (let it = 0; it < d.count; it++) {
    const r = d.ref[it]!;
    const src = d.kind[it] === ITEM_NODE ? nodePos : d.kind[it] === ITEM_GROUP ? g.groupCenter : d.kind[it] === ITEM_SITE ? g.siteCenter : g.zoneCenter;
    out[it * 3] = src[r * 3]!; out[it * 3 + 1] = src[r * 3 + 1]!; out[it * 3 + 2] = src[r * 3 + 2]!;
  }
}

/** Per-item state for one frame (arrays sized to the display; reused across frames). */
export interface ItemStats {
  /** Worst member state (NODE_*); an aggregate is NODE_DOWN only when every member is down. */
  state: Uint8Array;
  down: Int32Array;
  suspect: Int32Array;
  /** Mean normalised metric (0..1) of the members that are not down (0 when all are down). */
  metric: Float32Array;
  /** OR of member flags. */
  flags: Uint8Array;
  /** Sum of member replicas. */
  replicas: Int32Array;
}

/** Fresh stats arrays for `count` items. */
export function createItemStats(count: number): ItemStats {
  return { state: new Uint8Array(count), down: new Int32Array(count), suspect: new Int32Array(count), metric: new Float32Array(count), flags: new Uint8Array(count), replicas: new Int32Array(count) };
}

/** What aggregation reads of a frame. */
export interface StatsFrame { nodeState: Uint8Array; nodeFlags: Uint8Array; nodeReplicas: Uint16Array }

/** Aggregates node state into item stats; `values` is the metric's per-node array (frame.nodeCpu, …). No frame: everything up, metric 0. */
export function aggregateStats(d: Display, frame: StatsFrame | null, values: ArrayLike<number> | null, metric: MetricName, out: ItemStats): void {
  out.down.fill(0); out.suspect.fill(0); out.metric.fill(0); out.flags.fill(0); out.replicas.fill(0);
  const n = d.nodeToItem.length;
  if (frame) {
    for (let i = 0; i < n; i++) {
      const it = d.nodeToItem[i]!, st = frame.nodeState[i]!;
      if (st === NODE_DOWN) out.down[it]!++;
      else {
        if (st === NODE_SUSPECT) out.suspect[it]!++;
        if (values) out.metric[it]! += normalizeMetric(metric, values[i]!);
      }
      out.flags[it]! |= frame.nodeFlags[i]!;
      out.replicas[it]! += frame.nodeReplicas[i]!;
    }
  }
  for (let it = 0; it < d.count; it++) {
    const up = d.size[it]! - out.down[it]!;
    out.metric[it] = up > 0 ? out.metric[it]! / up : 0;
    out.state[it] = up === 0 ? NODE_DOWN : out.suspect[it]! > 0 ? NODE_SUSPECT : NODE_UP;
  }
}
