/**
 * Node selection by labels and fields (kube component-helpers nodeaffinity): a pod's required
 * node affinity = spec.nodeSelector AND (any of the requiredDuringScheduling terms). A term ANDs
 * its matchExpressions and matchFields (only metadata.name, In/NotIn with one value); an empty
 * or unparsable term matches nothing (kube ignores parse errors for backwards compatibility).
 * NodeMatcher binds such a selector to a ClusterState's label columns so a match is a few
 * typed-array lookups per node.
 */
import type { NodeSelectorTerm, Pod, PreferredSchedulingTerm } from './api-types.ts';
import { labelOf, requirement, requirementMatchesValue, type Labels, type Requirement } from './labels.ts';
import type { ClusterState } from './state.ts';

/** A compiled NodeSelectorTerm; `valid` false = parse error, never matches. */
export interface CompiledTerm { readonly labels: readonly Requirement[]; readonly names: readonly Requirement[]; readonly valid: boolean }

/** spec.nodeSelector AND required terms (null = no required affinity). */
export interface RequiredNodeAffinity { readonly nodeSelector: readonly Requirement[]; readonly terms: readonly CompiledTerm[] | null }

/** A compiled preferred term with its weight. */
export interface WeightedTerm { readonly weight: number; readonly term: CompiledTerm }

const INVALID: CompiledTerm = Object.freeze({ labels: [], names: [], valid: false });

/** Compiles one term; empty or malformed → a term that matches nothing. */
export function compileTerm(t: NodeSelectorTerm): CompiledTerm {
  const exprs = t.matchExpressions ?? [], fields = t.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return INVALID;
  try {
    const names = fields.map((f) => {
      if (f.key !== 'metadata.name') throw new Error(`matchFields: unsupported key ${f.key}`);
      if ((f.operator !== 'In' && f.operator !== 'NotIn') || (f.values ?? []).length !== 1) throw new Error('matchFields: In/NotIn with one value');
      return requirement(f.key, f.operator, f.values);
    });
    return Object.freeze({ labels: exprs.map((e) => requirement(e.key, e.operator, e.values ?? [])), names, valid: true });
  } catch {
    return INVALID;
  }
}

/** GetRequiredNodeAffinity(pod): spec.nodeSelector AND the required terms. */
export function requiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  const nodeSelector = Object.entries(pod.nodeSelector ?? {}).map(([k, v]) => requirement(k, 'In', [v]));
  const req = pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return { nodeSelector, terms: req ? req.nodeSelectorTerms.map(compileTerm) : null };
}

/** Whether a term matches a node given its labels and name (object path, for tests and explanations). */
export function termMatches(t: CompiledTerm, labels: Labels | undefined, name: string): boolean {
  if (!t.valid) return false;
  for (const r of t.labels) if (!requirementMatchesValue(r, labelOf(labels, r.key))) return false;
  for (const r of t.names) if (!requirementMatchesValue(r, name)) return false;
  return true;
}

/** Compiles preferred terms, dropping weight-0 and empty ones as kube does. */
export function compilePreferred(terms: readonly PreferredSchedulingTerm[] | undefined): WeightedTerm[] {
  const out: WeightedTerm[] = [];
  for (const t of terms ?? []) {
    const term = compileTerm(t.preference);
    if (t.weight === 0 || !term.valid) continue;
    out.push({ weight: t.weight, term });
  }
  return out;
}

interface BoundReq { ids: Int32Array; accept: Uint8Array }
interface BoundTerm { reqs: BoundReq[]; names: { idx: number; isIn: boolean }[]; valid: boolean }

/** A selector bound to one state's label columns; matches(n) allocates nothing. */
export class NodeMatcher {
  private readonly sel: BoundReq[];
  private readonly terms: BoundTerm[] | null;
  constructor(private readonly state: ClusterState, req: RequiredNodeAffinity) {
    this.sel = req.nodeSelector.map((r) => bindReq(state, r));
    this.terms = req.terms ? req.terms.map((t) => bindTerm(state, t)) : null;
  }
  /** Bound form of one term (used for preferred terms). */
  static term(state: ClusterState, t: CompiledTerm): (n: number) => boolean {
    const b = bindTerm(state, t);
    return (n) => termOk(b, n);
  }
  /** Whether every node matches (no nodeSelector, no required terms). */
  matchesAll(): boolean {
    return this.sel.length === 0 && this.terms === null;
  }
  /** Whether node n satisfies nodeSelector and the required terms. */
  matches(n: number): boolean {
    for (let i = 0; i < this.sel.length; i++) {
      const r = this.sel[i]!;
      if (r.accept[r.ids[n]! + 1] === 0) return false;
    }
    const terms = this.terms;
    if (terms === null) return true;
    for (let i = 0; i < terms.length; i++) if (termOk(terms[i]!, n)) return true;
    return false;
  }
}

function termOk(t: BoundTerm, n: number): boolean {
  if (!t.valid) return false;
  for (let j = 0; j < t.reqs.length; j++) {
    const r = t.reqs[j]!;
    if (r.accept[r.ids[n]! + 1] === 0) return false;
  }
  for (let j = 0; j < t.names.length; j++) if ((n === t.names[j]!.idx) !== t.names[j]!.isIn) return false;
  return true;
}

function bindTerm(state: ClusterState, t: CompiledTerm): BoundTerm {
  // A name that is not a live node gets index -1: In never matches, NotIn always does.
  const names = t.names.map((r) => ({ idx: state.indexOf([...r.values][0]!), isIn: r.op === 'In' }));
  return { reqs: t.labels.map((r) => bindReq(state, r)), names, valid: t.valid };
}

/** accept[id + 1] says whether label value id (-1 = missing) satisfies r. */
function bindReq(state: ClusterState, r: Requirement): BoundReq {
  const col = state.labelColumn(r.key);
  const accept = new Uint8Array(col.values.length + 1);
  if (r.op === 'In') {
    for (const v of r.values) { const id = col.idOf.get(v); if (id !== undefined) accept[id + 1] = 1; }
  } else if (r.op === 'NotIn') {
    accept.fill(1);
    for (const v of r.values) { const id = col.idOf.get(v); if (id !== undefined) accept[id + 1] = 0; }
  } else {
    accept[0] = requirementMatchesValue(r, undefined) ? 1 : 0;
    for (let id = 0; id < col.values.length; id++) accept[id + 1] = requirementMatchesValue(r, col.values[id]) ? 1 : 0;
  }
  return { ids: col.ids, accept };
}
