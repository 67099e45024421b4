/**
 * EdgeFailureDomainSpread (score): spreads a service's replicas over failure domains, zones
 * first, then regions (like PodTopologySpread, but over the edge record's zone/region and the
 * edgetwin.io/service label). Raw penalty per node = replicas of the same service (same
 * namespace) already in its zone × (replicas + 1) + replicas in its region, so an emptier zone
 * always wins and the region count breaks ties. Normalized lower-is-better: the emptiest domain
 * → 100. A node without a zone is its own zone; without a region, its zone is its region.
 * Pods without the service label skip it.
 */
import { labelOf } from '../labels.ts';
import type { ClusterState } from '../state.ts';
import type { CycleState, PreScorePlugin, ScorePlugin, Status, NodeDependence, EquivalenceAware } from '../types.ts';
import { status } from '../types.ts';
import type { FusedScorer } from '../score-math.ts';
import { addLowerIsBetter, cachedPerNode, checkArgs, nodeDomains, normalizeLowerIsBetter, REGION_LABEL, SERVICE_LABEL, ZONE_LABEL } from './edge-attrs.ts';

/** Plugin name. */
export const NAME = 'EdgeFailureDomainSpread';

/** Lexicographic (zone, region) penalty; `total` is the service's replica count so zone dominates. Pure. */
export function spreadPenalty(zoneCount: number, regionCount: number, total: number): number {
  return zoneCount * (total + 1) + regionCount;
}

/** Interned zone and region ids per node. */
export interface DomainColumns { zone: Int32Array; region: Int32Array; zones: number; regions: number }

/** Zone/region ids of every node (cached until a node changes). */
export function domainColumns(state: ClusterState): DomainColumns {
  return cachedPerNode(state, NAME, () => {
    const zid = new Map<string, number>(), rid = new Map<string, number>();
    const zone = new Int32Array(state.nodeCount), region = new Int32Array(state.nodeCount);
    const intern = (m: Map<string, number>, k: string) => { let v = m.get(k); if (v === undefined) m.set(k, (v = m.size)); return v; };
    for (let n = 0; n < state.nodeCount; n++) {
      const d = nodeDomains(state.nodes[n]!);
      const z = d.zone !== undefined ? `zone\u0000${d.zone}` : `node\u0000${state.names[n]}`;
      zone[n] = intern(zid, z);
      region[n] = intern(rid, d.region !== undefined ? `region\u0000${d.region}` : z);
    }
    return { zone, region, zones: zid.size, regions: rid.size };
  });
}

/** Args: serviceLabel overrides the pod label naming the service (default edgetwin.io/service). */
export interface EdgeFailureDomainSpreadArgs { serviceLabel?: string }

interface SpreadState { zoneCounts: Float64Array; regionCounts: Float64Array; total: number; cols: DomainColumns }

const SKIP = status('Skip', NAME);
const DOMAIN_DEPENDENCE: NodeDependence = Object.freeze({ valueKeys: Object.freeze([ZONE_LABEL, REGION_LABEL]), domainKeys: Object.freeze([]) });

/** raw[i] = spreadPenalty of nodes[i]'s zone and region (inlined: zone count × (total + 1) + region count). */
function penaltiesInto(s: SpreadState, nodes: Int32Array, count: number, raw: Float64Array): void {
  const zone = s.cols.zone, region = s.cols.region, zc = s.zoneCounts, rc = s.regionCounts, k = s.total + 1;
  for (let i = 0; i < count; i++) { const n = nodes[i]!; raw[i] = zc[zone[n]!]! * k + rc[region[n]!]!; }
}

/** Builds the plugin; throws on unknown args or an empty serviceLabel. */
export function newEdgeFailureDomainSpread(args?: unknown) {
  const a = checkArgs(NAME, args, ['serviceLabel']) as EdgeFailureDomainSpreadArgs;
  const label = a.serviceLabel ?? SERVICE_LABEL;
  if (typeof label !== 'string' || label === '') throw new Error(`${NAME}Args.serviceLabel: must be a non-empty string, got ${JSON.stringify(a.serviceLabel)}`);
  return {
    name: NAME,
    /** Zone and region come from the edge record (static) or the well-known labels. */
    nodeDependence: (): NodeDependence => DOMAIN_DEPENDENCE,
    preScore(cycle: CycleState): Status | null {
      const svc = labelOf(cycle.pod.labels, label);
      if (svc === undefined) return SKIP;
      const st = cycle.state, cols = domainColumns(st);
      const zoneCounts = new Float64Array(cols.zones), regionCounts = new Float64Array(cols.regions);
      let total = 0;
      for (const p of st.podsWithLabel(label, svc) ?? []) {
        if (p.namespace !== cycle.pod.namespace || p.key === cycle.pod.key || p.nodeIndex < 0 || p.pod.terminating) continue;
        zoneCounts[cols.zone[p.nodeIndex]!]++;
        regionCounts[cols.region[p.nodeIndex]!]++;
        total++;
      }
      cycle.data.set(NAME, { zoneCounts, regionCounts, total, cols } satisfies SpreadState);
      return null;
    },
    score(cycle: CycleState, nodes: Int32Array, count: number, out: Float64Array): void {
      penaltiesInto(cycle.data.get(NAME) as SpreadState, nodes, count, out);
    },
    normalizeScore(_cycle: CycleState, _nodes: Int32Array, count: number, scores: Float64Array): void {
      normalizeLowerIsBetter(scores, count);
    },
    addWeightedScores(cycle: CycleState, nodes: Int32Array, count: number, weight: number, totals: Float64Array, scratch: Float64Array): void {
      const s = cycle.data.get(NAME) as SpreadState;
      if (s.total === 0) return; // no replica anywhere: every node's penalty is 0
      penaltiesInto(s, nodes, count, scratch);
      addLowerIsBetter(scratch, count, weight, totals);
    },
  } satisfies PreScorePlugin & ScorePlugin & FusedScorer & EquivalenceAware;
}
