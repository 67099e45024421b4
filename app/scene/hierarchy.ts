/**
 * The fabric grouped the way the scene lays it out and aggregates it: region → zone → site →
 * sensor group. A sensor group is the non-mobile sensors hanging from one node (their `uplink`);
 * a site is an edge server with the gateways whose nearest edge (lowest latency) it is, a lone
 * gateway, or a lone edge, plus the sensor groups of those nodes. Regional, cloud and mobile
 * nodes belong to no site: they are always drawn one by one. Arrays are CSR (start/members) so a
 * 100k-node fabric costs a few typed arrays. Pure: no three.js.
 */
import type { FabricDescription } from '../../sim-core/twin/describe.ts';

/** Tier order, bottom layer first (index = tier code in `Hierarchy.tier`). */
export const TIERS = ['sensor', 'gateway', 'edge', 'regional', 'cloud'] as const;
export const T_SENSOR = 0, T_GATEWAY = 1, T_EDGE = 2, T_REGIONAL = 3, T_CLOUD = 4;

/** What the hierarchy is built from. */
export type FabricShape = Pick<FabricDescription, 'nodes' | 'links' | 'regions'>;

/** The grouping; every index refers to description.nodes / links. */
export interface Hierarchy {
  nodeCount: number;
  /** Per node: tier code (T_*). */
  tier: Uint8Array;
  /** Per node: 1 when it moves. */
  mobile: Uint8Array;
  /** Per node: the radio link that attaches a mobile node (its other end changes on handover), else -1. */
  radioLink: Int32Array;
  /** Per link: 1 for radio links (ends read from the frame). */
  linkIsRadio: Uint8Array;
  regionNames: string[];
  /** Per node: index into regionNames. */
  regionOf: Int32Array;
  groupCount: number;
  groupHub: Int32Array;
  /** groupMembers[groupStart[g] .. groupStart[g+1]) are group g's sensors. */
  groupStart: Int32Array;
  groupMembers: Int32Array;
  /** Per node: its sensor group, else -1. */
  groupOf: Int32Array;
  siteCount: number;
  siteZone: Int32Array;
  /** siteNodes[siteNodeStart[s] ..): the site's nodes drawn one by one when its sensors are aggregated. */
  siteNodeStart: Int32Array;
  siteNodes: Int32Array;
  /** siteGroups[siteGroupStart[s] ..): the site's sensor groups. */
  siteGroupStart: Int32Array;
  siteGroups: Int32Array;
  /** Per site: all nodes in it (its nodes plus their sensors). */
  siteSize: Int32Array;
  /** Per node: its site, else -1. */
  siteOf: Int32Array;
  zoneCount: number;
  zoneNames: string[];
  zoneRegion: Int32Array;
  zoneSiteStart: Int32Array;
  zoneSites: Int32Array;
  /** Per zone: all nodes in its sites. */
  zoneSize: Int32Array;
}

const tierCode = (t: string): number => Math.max(0, TIERS.indexOf(t as (typeof TIERS)[number]));

/** Builds the hierarchy of a fabric (deterministic: the same description gives the same arrays). */
export function buildHierarchy(d: FabricShape): Hierarchy {
  const n = d.nodes.length;
  const tier = new Uint8Array(n), mobile = new Uint8Array(n), radioLink = new Int32Array(n).fill(-1);
  const linkIsRadio = new Uint8Array(d.links.length);
  const regionNames = d.regions.map((r) => r.id);
  const zoneKeys: string[] = [];
  for (const r of d.regions) for (const z of r.zones) zoneKeys.push(`${r.id}\u0000${z}`);
  const regionOf = new Int32Array(n), nodeZone = new Int32Array(n);
  d.nodes.forEach((nd, i) => {
    tier[i] = tierCode(nd.tier);
    mobile[i] = nd.mobile ? 1 : 0;
    let r = regionNames.indexOf(nd.region);
    if (r < 0) { r = regionNames.length; regionNames.push(nd.region); }
    regionOf[i] = r;
    const key = `${nd.region}\u0000${nd.zone}`;
    let z = zoneKeys.indexOf(key);
    if (z < 0) { z = zoneKeys.length; zoneKeys.push(key); }
    nodeZone[i] = z;
  });
  d.links.forEach((l, k) => {
    if (l.type !== 'radio') return;
    linkIsRadio[k] = 1;
    if (mobile[l.a] && radioLink[l.a]! < 0) radioLink[l.a] = k;
    else if (mobile[l.b] && radioLink[l.b]! < 0) radioLink[l.b] = k;
  });

  // Sensor groups, by hub in node order.
  const groupOfHub = new Map<number, number>();
  const groupHubList: number[] = [];
  const groupOf = new Int32Array(n).fill(-1);
  const counts: number[] = [];
  d.nodes.forEach((nd, i) => {
    if (tier[i] !== T_SENSOR || mobile[i] || nd.uplink < 0) return;
    let g = groupOfHub.get(nd.uplink);
    if (g === undefined) { g = groupHubList.length; groupOfHub.set(nd.uplink, g); groupHubList.push(nd.uplink); counts.push(0); }
    groupOf[i] = g;
    counts[g]!++;
  });
  const groupCount = groupHubList.length;
  const groupStart = prefix(counts);
  const groupMembers = fill(groupStart, groupOf, n);

  // Each static gateway picks its lowest-latency static edge neighbour.
  const choice = new Int32Array(n).fill(-1);
  const best = new Float64Array(n).fill(Infinity);
  d.links.forEach((l, k) => {
    if (linkIsRadio[k]) return;
    for (const [g, e] of [[l.a, l.b], [l.b, l.a]] as const) {
      if (tier[g] !== T_GATEWAY || tier[e] !== T_EDGE || mobile[g] || mobile[e]) continue;
      if (l.latencyMs < best[g]! || (l.latencyMs === best[g] && e < choice[g]!)) { best[g] = l.latencyMs; choice[g] = e; }
    }
  });

  // Sites: lists of their one-by-one nodes; the anchor (first node) gives the zone.
  const siteLists: number[][] = [];
  const siteOfInfra = new Int32Array(n).fill(-1);
  const siteFor = (anchor: number): number => {
    if (siteOfInfra[anchor]! < 0) { siteOfInfra[anchor] = siteLists.length; siteLists.push([anchor]); }
    return siteOfInfra[anchor]!;
  };
  for (let i = 0; i < n; i++) {
    if (mobile[i]) continue;
    if (tier[i] === T_EDGE) siteFor(i);
    else if (tier[i] === T_GATEWAY) {
      if (choice[i]! >= 0) { const s = siteFor(choice[i]!); siteLists[s]!.push(i); siteOfInfra[i] = s; }
      else siteFor(i);
    }
  }
  const siteGroupLists: number[][] = siteLists.map(() => []);
  const hubless: number[] = [];
  for (let g = 0; g < groupCount; g++) {
    const s = siteOfInfra[groupHubList[g]!]!;
    if (s >= 0) siteGroupLists[s]!.push(g); else hubless.push(g);
  }
  // A group under a regional, cloud or mobile node is a site of its own (its hub stays outside).
  const siteAnchorZone: number[] = siteLists.map((l) => nodeZone[l[0]!]!);
  for (const g of hubless) {
    siteLists.push([]); siteGroupLists.push([g]);
    siteAnchorZone.push(nodeZone[groupMembers[groupStart[g]!]!]!);
  }
  // Loose sensors (no uplink): one site per zone.
  const looseSite = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (tier[i] !== T_SENSOR || mobile[i] || d.nodes[i]!.uplink >= 0) continue;
    let s = looseSite.get(nodeZone[i]!);
    if (s === undefined) { s = siteLists.length; looseSite.set(nodeZone[i]!, s); siteLists.push([]); siteGroupLists.push([]); siteAnchorZone.push(nodeZone[i]!); }
    siteLists[s]!.push(i);
  }

  // Order sites by zone, then by their lowest node index.
  const firstNode = siteLists.map((l, s) => {
    let m = Infinity;
    for (const i of l) m = Math.min(m, i);
    for (const g of siteGroupLists[s]!) m = Math.min(m, groupMembers[groupStart[g]!]!);
    return m;
  });
  const order = siteLists.map((_, s) => s).sort((a, b) => siteAnchorZone[a]! - siteAnchorZone[b]! || firstNode[a]! - firstNode[b]!);
  const siteCount = order.length;
  const siteZoneRaw = new Int32Array(siteCount);
  const siteOf = new Int32Array(n).fill(-1);
  const siteSize = new Int32Array(siteCount);
  const nodeCounts: number[] = [], groupCounts: number[] = [];
  const flatNodes: number[] = [], flatGroups: number[] = [];
  order.forEach((old, s) => {
    siteZoneRaw[s] = siteAnchorZone[old]!;
    for (const i of siteLists[old]!) { flatNodes.push(i); siteOf[i] = s; }
    let size = siteLists[old]!.length;
    for (const g of siteGroupLists[old]!) {
      flatGroups.push(g);
      for (let k = groupStart[g]!; k < groupStart[g + 1]!; k++) siteOf[groupMembers[k]!] = s;
      size += groupStart[g + 1]! - groupStart[g]!;
    }
    nodeCounts.push(siteLists[old]!.length); groupCounts.push(siteGroupLists[old]!.length);
    siteSize[s] = size;
  });

  // Zones that hold sites, renumbered densely in region/zone order.
  const zoneIndex = new Map<number, number>();
  const zoneNames: string[] = [], zoneRegionList: number[] = [], zoneCountsList: number[] = [];
  const siteZone = new Int32Array(siteCount);
  for (let s = 0; s < siteCount; s++) {
    const raw = siteZoneRaw[s]!;
    let z = zoneIndex.get(raw);
    if (z === undefined) {
      z = zoneNames.length; zoneIndex.set(raw, z);
      const [region, zone] = zoneKeys[raw]!.split('\u0000') as [string, string];
      zoneNames.push(zone); zoneRegionList.push(regionNames.indexOf(region)); zoneCountsList.push(0);
    }
    siteZone[s] = z;
    zoneCountsList[z]!++;
  }
  const zoneCount = zoneNames.length;
  const zoneSiteStart = prefix(zoneCountsList);
  const zoneSites = fill(zoneSiteStart, siteZone, siteCount);
  const zoneSize = new Int32Array(zoneCount);
  for (let s = 0; s < siteCount; s++) zoneSize[siteZone[s]!]! += siteSize[s]!;

  return {
    nodeCount: n, tier, mobile, radioLink, linkIsRadio, regionNames, regionOf,
    groupCount, groupHub: Int32Array.from(groupHubList), groupStart, groupMembers, groupOf,
    siteCount, siteZone, siteNodeStart: prefix(nodeCounts), siteNodes: Int32Array.from(flatNodes),
    siteGroupStart: prefix(groupCounts), siteGroups: Int32Array.from(flatGroups), siteSize, siteOf,
    zoneCount, zoneNames, zoneRegion: Int32Array.from(zoneRegionList), zoneSiteStart, zoneSites, zoneSize,
  };
}

function prefix(counts: ArrayLike<number>): Int32Array {
  const out = new Int32Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) out[i + 1] = out[i]! + counts[i]!;
  return out;
}

/** Members in index order, bucketed by `of` (entries < 0 skipped). */
function fill(start: Int32Array, of: Int32Array, n: number): Int32Array {
  const out = new Int32Array(start[start.length - 1]!);
  const at = start.slice(0, -1);
  for (let i = 0; i < n; i++) { const b = of[i]!; if (b >= 0) out[at[b]!++] = i; }
  return out;
}
