/**
 * Policy YAML → validated PolicyBundle (and PolicySet). A file holds one or more documents,
 * each `kind: Policy` (metadata.name + spec) or `kind: PolicySet` (spec.policies: [{name, …}],
 * spec.guardedActions). Every problem becomes an InputIssue with file, line:col and field path;
 * inside an expression the column is that of the offending token in the file.
 */
import { closest, didYouMean } from '../../text/did-you-mean.ts';
import { InputError, type InputIssue } from '../../text/input-error.ts';
import { showValue } from '../../text/units.ts';
import { parseYamlSource, type FieldPath, type YamlSource } from '../../text/yaml-source.ts';
import { compilePolicies, type PolicySet } from './compile.ts';
import { exprPosition, splitDocuments } from './source-map.ts';
import { readSpec, type Reader } from './validate-spec.ts';
import { ExprSyntaxError } from './expr/tokenize.ts';
import { compileExpr } from './expr/evaluate.ts';
import { ACTIONS, type Action, type PolicyBundle, type PolicyDoc } from './types.ts';

/** The apiVersion policy documents must carry. */
export const POLICY_API_VERSION = 'edgetwin.io/v1alpha1';
const NAME_RE = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Parses and validates policy YAML; throws InputError listing every issue found. */
export function parsePolicyYaml(text: string, file: string): PolicyBundle {
  const issues: InputIssue[] = [];
  const policies: PolicyDoc[] = [];
  const guarded = new Set<Action>();
  const seen = new Map<string, string>();
  for (const doc of splitDocuments(text)) {
    let src: YamlSource;
    try {
      src = parseYamlSource(doc.text, file);
    } catch (e) {
      if (e instanceof InputError) { issues.push(...e.issues); continue; }
      throw e;
    }
    const r = makeReader(src, text, issues);
    const v = src.value;
    if (v === null || v === undefined) continue;
    if (!isObj(v)) { r.fail([], `expected a policy document (apiVersion, kind, metadata, spec), got ${showValue(v)}`); continue; }
    r.keys(v, [], ['apiVersion', 'kind', 'metadata', 'spec']);
    if (v.apiVersion !== POLICY_API_VERSION) r.fail(['apiVersion'], `expected '${POLICY_API_VERSION}', got ${showValue(v.apiVersion)}`);
    const spec = v.spec;
    if (!isObj(spec)) { r.fail(['spec'], `expected a mapping, got ${showValue(spec)}`); continue; }
    const add = (p: PolicyDoc | undefined, path: FieldPath) => {
      if (!p) return;
      const prev = seen.get(p.id);
      if (prev !== undefined) { r.fail(path, `duplicate policy name '${p.id}' (first defined at ${prev})`); return; }
      const at = src.locate(path);
      seen.set(p.id, `${at.line}:${at.col}`);
      policies.push(p);
    };
    if (v.kind === 'Policy') {
      const meta = v.metadata;
      if (!isObj(meta)) { r.fail(['metadata'], 'expected a mapping with a name'); continue; }
      r.keys(meta, ['metadata'], ['name', 'labels', 'annotations']);
      const id = readName(r, meta.name, ['metadata', 'name']);
      const s = readSpec(r, spec, ['spec']);
      if (id !== undefined && s) add({ id, spec: s.spec, ...(s.description ? { description: s.description } : {}) }, ['metadata', 'name']);
    } else if (v.kind === 'PolicySet') {
      if (v.metadata !== undefined && !isObj(v.metadata)) r.fail(['metadata'], 'expected a mapping');
      r.keys(spec, ['spec'], ['policies', 'guardedActions', 'description']);
      if (spec.guardedActions !== undefined) {
        r.list(spec.guardedActions, ['spec', 'guardedActions'], (a, p) => {
          if (typeof a === 'string' && (ACTIONS as readonly string[]).includes(a)) guarded.add(a as Action);
          else r.fail(p, `unknown action ${showValue(a)}; expected one of ${ACTIONS.join(', ')}${typeof a === 'string' ? didYouMean(a, ACTIONS) : ''}`);
        });
      }
      r.list(spec.policies, ['spec', 'policies'], (item, p) => {
        if (!isObj(item)) { r.fail(p, `expected a policy mapping, got ${showValue(item)}`); return; }
        const id = readName(r, item.name, [...p, 'name']);
        const { name: _name, ...rest } = item;
        const s = readSpec(r, rest, p);
        if (id !== undefined && s) add({ id, spec: s.spec, ...(s.description ? { description: s.description } : {}) }, [...p, 'name']);
      });
    } else {
      const k = typeof v.kind === 'string' ? didYouMean(v.kind, ['Policy', 'PolicySet']) : '';
      r.fail(['kind'], `expected 'Policy' or 'PolicySet', got ${showValue(v.kind)}${k}`);
    }
  }
  if (issues.length > 0) throw new InputError(issues);
  return { policies, guardedActions: ACTIONS.filter((a) => guarded.has(a)) };
}

/** parsePolicyYaml then compilePolicies: the one call the CLI, twin and connectors need. */
export function loadPolicySet(text: string, file: string): PolicySet {
  return compilePolicies(parsePolicyYaml(text, file), file);
}

function readName(r: Reader, v: unknown, path: FieldPath): string | undefined {
  if (typeof v !== 'string' || !NAME_RE.test(v)) {
    r.fail(path, `expected a name of lowercase letters, digits, '-' and '.', got ${showValue(v)}`);
    return undefined;
  }
  return v;
}

function makeReader(src: YamlSource, fullText: string, issues: InputIssue[]): Reader {
  const fmt = (path: FieldPath) => path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
  const r: Reader = {
    fail(path, message, which = 'value') {
      const at = src.locate(path, which);
      issues.push({ file: src.file, line: at.line, col: at.col, path: fmt(path), message });
    },
    keys(obj, path, allowed) {
      for (const k of Object.keys(obj)) {
        if (allowed.includes(k)) continue;
        const hint = closest(k, allowed);
        r.fail([...path, k], `unknown field '${k}'${hint ? `; did you mean '${hint}'?` : `; expected one of ${allowed.join(', ')}`}`, 'key');
      }
    },
    list(v, path, each) {
      if (!Array.isArray(v)) { r.fail(path, `expected a list, got ${showValue(v)}`); return; }
      v.forEach((item, i) => each(item, [...path, i]));
    },
    expr(v, path) {
      if (typeof v !== 'string') { r.fail(path, `expected an expression string, got ${showValue(v)}`); return undefined; }
      try {
        compileExpr(v);
        return v;
      } catch (e) {
        if (!(e instanceof ExprSyntaxError)) throw e;
        const at = exprPosition(fullText, src.locate(path), v, e.pos);
        issues.push({ file: src.file, line: at.line, col: at.col, path: fmt(path), message: `invalid expression: ${e.detail} (column ${e.pos + 1} of the expression)` });
        return undefined;
      }
    },
  };
  return r;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
