/**
 * EdgeLatencyBudget (filter): every data source in pod.edge.dataSourceNodes must reach the node
 * within pod.edge.latencyBudgetMs, by the host's one-way latencyMs(source → node). A source the
 * host reports unreachable (Infinity, NaN or negative) filters the node with its own reason.
 * Pods without sources or without a budget skip the plugin.
 */
import type { CycleState, FailSink, FilterPlugin, PreFilterPlugin, Status, NodeDependence, EquivalenceAware } from '../types.ts';
import { status, STATIC_ONLY } from '../types.ts';
import { checkArgs, hostLatency, podLatencyBudgetMs, podSources } from './edge-attrs.ts';

/** Plugin name. */
export const NAME = 'EdgeLatencyBudget';

/** Reason when a data source cannot reach the node at all. */
export function unreachableReason(source: string): string { return `node(s) are unreachable from data source ${source}`; }
/** Reason when a data source is reachable but slower than the budget. */
export function overBudgetReason(source: string, budgetMs: number): string { return `node(s) exceed the ${budgetMs}ms latency budget from data source ${source}`; }

/** The verdict for one node: ok, or the offending source (first unreachable, else the slowest over budget). */
export type BudgetVerdict = { ok: true } | { ok: false; source: number; unreachable: boolean };

/** Checks one node's latencies from each source (ms) against the budget; pure. */
export function budgetVerdict(latenciesMs: ArrayLike<number>, budgetMs: number): BudgetVerdict {
  let worst = -1;
  for (let s = 0; s < latenciesMs.length; s++) {
    const l = latenciesMs[s]!;
    if (!(l >= 0) || l === Infinity) return { ok: false, source: s, unreachable: true };
    if (l > budgetMs && (worst < 0 || l > latenciesMs[worst]!)) worst = s;
  }
  return worst < 0 ? { ok: true } : { ok: false, source: worst, unreachable: false };
}

/** EdgeLatencyBudget takes no args. */
export type EdgeLatencyBudgetArgs = Record<string, never>;

interface BudgetState { sources: string[]; budgetMs: number; lat: Float64Array; statusOf: (unreachable: boolean, source: number) => Status }

const SKIP = status('Skip', NAME);

/** Builds the plugin; throws on any args (it has none). */
export function newEdgeLatencyBudget(args?: unknown) {
  checkArgs(NAME, args, []);
  return {
    name: NAME,
    /** Path latency from the pod's sources is per node (its place in the network). */
    nodeDependence: (cycle: CycleState): NodeDependence | null => (podLatencyBudgetMs(cycle.pod.pod) !== undefined && podSources(cycle.pod.pod).length > 0 ? null : STATIC_ONLY),
    preFilter(cycle: CycleState): Status | null {
      const budgetMs = podLatencyBudgetMs(cycle.pod.pod);
      const sources = podSources(cycle.pod.pod).map((s) => s.node);
      if (budgetMs === undefined || sources.length === 0) return SKIP;
      // A failure status per (source, kind), made on first use.
      const made: (Status | undefined)[] = [];
      const statusOf = (unreachable: boolean, j: number): Status => {
        const slot = 2 * j + (unreachable ? 1 : 0);
        return (made[slot] ??= status('UnschedulableAndUnresolvable', NAME, unreachable ? unreachableReason(sources[j]!) : overBudgetReason(sources[j]!, budgetMs)));
      };
      cycle.data.set(NAME, { sources, budgetMs, lat: new Float64Array(sources.length), statusOf } satisfies BudgetState);
      return null;
    },
    filter(cycle: CycleState, nodes: Int32Array, count: number, fail: FailSink): number {
      const s = cycle.data.get(NAME) as BudgetState;
      const latencyMs = hostLatency(cycle.host, NAME);
      const names = cycle.state.names;
      let w = 0;
      const sources = s.sources, lat = s.lat, budgetMs = s.budgetMs;
      for (let i = 0; i < count; i++) {
        const n = nodes[i]!;
        // budgetVerdict inlined without its result object: first unreachable source, else the slowest over budget.
        for (let j = 0; j < sources.length; j++) lat[j] = latencyMs(sources[j]!, n, names[n]!);
        let worst = -1, unreachable = -1;
        for (let j = 0; j < sources.length; j++) {
          const l = lat[j]!;
          if (!(l >= 0) || l === Infinity) { unreachable = j; break; }
          if (l > budgetMs && (worst < 0 || l > lat[worst]!)) worst = j;
        }
        if (unreachable < 0 && worst < 0) { nodes[w++] = n; continue; }
        fail(n, s.statusOf(unreachable >= 0, unreachable >= 0 ? unreachable : worst));
      }
      return w;
    },
  } satisfies PreFilterPlugin & FilterPlugin & EquivalenceAware;
}
