/**
 * NodeAffinity (kube nodeaffinity/node_affinity.go): Filter enforces spec.nodeSelector and the
 * requiredDuringScheduling terms (and a profile's addedAffinity); Score sums the weights of the
 * matching preferred terms and NormalizeScore scales by the maximum (DefaultNormalizeScore).
 */
import type { NodeAffinity as NodeAffinitySpec, NodeSelectorTerm, Pod } from '../api-types.ts';
import type { CycleState, FailSink, FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin, Status, NodeDependence, EquivalenceAware } from '../types.ts';
import { status } from '../types.ts';
import { addDefaultNormalized, defaultNormalizeScore, type FusedScorer } from '../score-math.ts';
import { compilePreferred, compileTerm, NodeMatcher, requiredNodeAffinity, type WeightedTerm } from '../node-selector.ts';

/** Plugin name. */
export const NAME = 'NodeAffinity';
/** kube ErrReasonPod. */
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
/** kube errReasonEnforced (the profile's addedAffinity). */
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";

/** NodeAffinityArgs. */
export interface NodeAffinityArgs { addedAffinity?: NodeAffinitySpec }

const SKIP = status('Skip', NAME);
const FAIL_POD = status('UnschedulableAndUnresolvable', NAME, ERR_REASON_POD);
const FAIL_ENFORCED = status('UnschedulableAndUnresolvable', NAME, ERR_REASON_ENFORCED);

interface FilterState { pod: NodeMatcher; added: NodeMatcher | null }
interface ScoreState { terms: ((n: number) => boolean)[]; weights: number[] }

/** Builds the plugin; addedAffinity applies to every pod of the profile. */
export function newNodeAffinity(args: NodeAffinityArgs = {}) {
  const addedReq = args.addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const addedRequired = addedReq ? { nodeSelector: [], terms: addedReq.nodeSelectorTerms.map(compileTerm) } : null;
  const addedPreferred: WeightedTerm[] = compilePreferred(args.addedAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
  const FILTER_KEY = `${NAME}/filter`;

  return {
    name: NAME,
    /** The label keys of the pod's (and the profile's added) node selector and affinity terms; matchFields → node identity. */
    nodeDependence: (cycle: CycleState): NodeDependence | null => {
      const keys = nodeAffinityKeys(cycle.pod.pod, args.addedAffinity);
      return keys === null ? null : { valueKeys: keys, domainKeys: [] };
    },
    preFilter(cycle: CycleState): Status | null {
      const pod = cycle.pod.pod;
      const noRequired = pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution === undefined;
      if (noRequired && addedRequired === null && pod.nodeSelector === undefined) return SKIP;
      cycle.data.set(FILTER_KEY, {
        pod: new NodeMatcher(cycle.state, requiredNodeAffinity(pod)),
        added: addedRequired ? new NodeMatcher(cycle.state, addedRequired) : null,
      } satisfies FilterState);
      return null;
    },
    filter(cycle: CycleState, nodes: Int32Array, count: number, fail: FailSink): number {
      const s = cycle.data.get(FILTER_KEY) as FilterState;
      let w = 0;
      for (let i = 0; i < count; i++) {
        const n = nodes[i]!;
        if (s.added !== null && !s.added.matches(n)) fail(n, FAIL_ENFORCED);
        else if (!s.pod.matches(n)) fail(n, FAIL_POD);
        else nodes[w++] = n;
      }
      return w;
    },
    preScore(cycle: CycleState): Status | null {
      const preferred = [...addedPreferred, ...compilePreferred(cycle.pod.pod.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution)];
      if (preferred.length === 0) return SKIP;
      cycle.data.set(NAME, {
        terms: preferred.map((p) => NodeMatcher.term(cycle.state, p.term)),
        weights: preferred.map((p) => p.weight),
      } satisfies ScoreState);
      return null;
    },
    score(cycle: CycleState, nodes: Int32Array, count: number, out: Float64Array): void {
      const s = cycle.data.get(NAME) as ScoreState;
      for (let i = 0; i < count; i++) {
        const n = nodes[i]!;
        let sum = 0;
        for (let j = 0; j < s.terms.length; j++) if (s.terms[j]!(n)) sum += s.weights[j]!;
        out[i] = sum;
      }
    },
    normalizeScore(_cycle: CycleState, _nodes: Int32Array, count: number, scores: Float64Array): void {
      defaultNormalizeScore(scores, count, false);
    },
    addWeightedScores(cycle: CycleState, nodes: Int32Array, count: number, weight: number, totals: Float64Array, scratch: Float64Array): void {
      this.score(cycle, nodes, count, scratch);
      addDefaultNormalized(scratch, count, false, weight, totals);
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & FusedScorer & EquivalenceAware;
}

/**
 * Label keys that pod's node selector and node affinity (and the profile's added affinity) read;
 * null when a term matches on fields (metadata.name: the node's identity).
 */
export function nodeAffinityKeys(pod: Pod, added: NodeAffinitySpec | undefined): string[] | null {
  const keys = Object.keys(pod.nodeSelector ?? {});
  const terms: NodeSelectorTerm[] = [];
  for (const a of [pod.affinity?.nodeAffinity, added]) {
    if (!a) continue;
    terms.push(...(a.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []));
    for (const p of a.preferredDuringSchedulingIgnoredDuringExecution ?? []) terms.push(p.preference);
  }
  for (const t of terms) {
    if ((t.matchFields ?? []).length > 0) return null;
    for (const r of t.matchExpressions ?? []) keys.push(r.key);
  }
  return keys;
}
