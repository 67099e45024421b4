/**
 * Validation of one policy `spec` mapping into a typed PolicySpec, reporting through a Reader
 * (which knows file positions). Unknown fields get a did-you-mean; enumerations list the options.
 */
import { didYouMean } from '../../text/did-you-mean.ts';
import { parseDurationMs, showValue } from '../../text/units.ts';
import type { FieldPath } from '../../text/yaml-source.ts';
import {
  ACTIONS, AUTOMATION_ACTIONS, ENTITY_NAMES, POLICY_TYPES, type Action, type AutomationAction, type AutomationStep,
  type EntityMatch, type Matcher, type PlacementCondition, type PlacementPreference, type PolicySpec,
} from './types.ts';

/** Reports issues at field paths; `expr` returns the text when it parses, else reports it. */
export interface Reader {
  fail(path: FieldPath, message: string, which?: 'key' | 'value'): void;
  keys(obj: Record<string, unknown>, path: FieldPath, allowed: readonly string[]): void;
  list(v: unknown, path: FieldPath, each: (item: unknown, path: FieldPath) => void): void;
  expr(v: unknown, path: FieldPath): string | undefined;
}

// Mirrors LinkType in scenario/model.ts (not imported: orchestrator/ stays free of scenario types).
const LINK_TYPES = ['fibre', 'ethernet', '5g', 'lte', 'wifi', 'lora', 'satellite'];
const FIELDS: Record<PolicySpec['type'], readonly string[]> = {
  access: ['effect', 'actions', 'match', 'when'],
  placement: ['match', 'when', 'require', 'prefer'],
  residency: ['tags', 'regions', 'zones'],
  encryption: ['linkTypes', 'tags'],
  retention: ['tags', 'maxRetention'],
  attestation: ['match', 'when'],
  talk: ['sameApp', 'allow'],
  automation: ['forEach', 'when', 'actions'],
};

/** Validates `spec` (fields `type`, `description` and the type's own); undefined when it reported issues. */
export function readSpec(r: Reader, spec: Record<string, unknown>, path: FieldPath): { spec: PolicySpec; description?: string } | undefined {
  const type = spec.type;
  if (typeof type !== 'string' || !(POLICY_TYPES as readonly string[]).includes(type)) {
    r.fail([...path, 'type'], `expected one of ${POLICY_TYPES.join(', ')}, got ${showValue(type)}${typeof type === 'string' ? didYouMean(type, POLICY_TYPES) : ''}`);
    return undefined;
  }
  const t = type as PolicySpec['type'];
  r.keys(spec, path, ['type', 'description', ...FIELDS[t]]);
  const at = (k: string | number, ...rest: (string | number)[]): FieldPath => [...path, k, ...rest];
  let bad = false;
  const fail = (p: FieldPath, m: string) => { bad = true; r.fail(p, m); };
  const strings = (v: unknown, p: FieldPath, required: boolean, allowed?: readonly string[]): string[] | undefined => {
    if (v === undefined) { if (required) fail(p, 'required: a list of strings'); return undefined; }
    if (!Array.isArray(v) || v.length === 0) { fail(p, `expected a non-empty list of strings, got ${showValue(v)}`); return undefined; }
    v.forEach((s, i) => {
      if (typeof s !== 'string') fail([...p, i], `expected a string, got ${showValue(s)}`);
      else if (allowed && !allowed.includes(s)) fail([...p, i], `unknown value '${s}'; expected one of ${allowed.join(', ')}${didYouMean(s, allowed)}`);
    });
    return v as string[];
  };
  const expr = (v: unknown, p: FieldPath, required = false): string | undefined => {
    if (v === undefined) { if (required) fail(p, 'required: an expression'); return undefined; }
    const s = r.expr(v, p);
    if (s === undefined) bad = true;
    return s;
  };
  const matcher = (v: unknown, p: FieldPath): Matcher | undefined => {
    if (v === undefined) return undefined;
    if (!isObj(v)) { fail(p, `expected a mapping of ${ENTITY_NAMES.join(', ')}, got ${showValue(v)}`); return undefined; }
    r.keys(v, p, ENTITY_NAMES);
    for (const k of Object.keys(v)) if ((ENTITY_NAMES as readonly string[]).includes(k)) entity(v[k], [...p, k]);
    return v as Matcher;
  };
  const entity = (v: unknown, p: FieldPath): EntityMatch | undefined => {
    if (!isObj(v)) { fail(p, `expected a mapping of attribute: value, got ${showValue(v)}`); return undefined; }
    for (const [k, x] of Object.entries(v)) matchValue(x, [...p, k]);
    return v as EntityMatch;
  };
  const matchValue = (v: unknown, p: FieldPath): void => {
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return;
    if (Array.isArray(v)) { v.forEach((x, i) => { if (x !== null && typeof x === 'object') fail([...p, i], `expected a scalar in an any-of list, got ${showValue(x)}`); }); return; }
    if (isObj(v)) { for (const [k, x] of Object.entries(v)) matchValue(x, [...p, k]); return; }
    fail(p, `expected a scalar, list or mapping, got ${showValue(v)}`);
  };
  const conditionOf = (v: unknown, p: FieldPath, withWeight: boolean): PlacementCondition | PlacementPreference | undefined => {
    if (typeof v === 'string' && !withWeight) { const w = expr(v, p); return w === undefined ? undefined : { when: w }; }
    if (!isObj(v)) { fail(p, withWeight ? 'expected {weight, when and/or node}' : 'expected an expression or {when and/or node}'); return undefined; }
    r.keys(v, p, withWeight ? ['weight', 'when', 'node'] : ['when', 'node']);
    if (v.when === undefined && v.node === undefined) fail(p, 'needs `when` (an expression) or `node` (a matcher)');
    const c: PlacementPreference = { weight: 0 };
    const w = expr(v.when, [...p, 'when']);
    if (w !== undefined) c.when = w;
    if (v.node !== undefined) { const n = entity(v.node, [...p, 'node']); if (n) c.node = n; }
    if (!withWeight) { const { weight: _w, ...cond } = c; return cond; }
    if (typeof v.weight !== 'number' || !Number.isInteger(v.weight) || v.weight < 1 || v.weight > 100) fail([...p, 'weight'], `expected an integer weight 1..100, got ${showValue(v.weight)}`);
    else c.weight = v.weight;
    return c;
  };
  const listOf = <T>(v: unknown, p: FieldPath, each: (x: unknown, p: FieldPath) => T | undefined): T[] => {
    if (v === undefined) return [];
    const out: T[] = [];
    if (!Array.isArray(v)) { fail(p, `expected a list, got ${showValue(v)}`); return out; }
    v.forEach((x, i) => { const y = each(x, [...p, i]); if (y !== undefined) out.push(y); });
    return out;
  };

  let out: PolicySpec | undefined;
  switch (t) {
    case 'access': {
      if (spec.effect !== 'allow' && spec.effect !== 'deny') fail(at('effect'), `expected 'allow' or 'deny', got ${showValue(spec.effect)}`);
      const actions = strings(spec.actions, at('actions'), true, ACTIONS) as Action[] | undefined;
      out = { type: t, effect: spec.effect as 'allow' | 'deny', actions: actions ?? [], ...opt('match', matcher(spec.match, at('match'))), ...opt('when', expr(spec.when, at('when'))) };
      break;
    }
    case 'placement': {
      const require = listOf(spec.require, at('require'), (x, p) => conditionOf(x, p, false));
      const prefer = listOf(spec.prefer, at('prefer'), (x, p) => conditionOf(x, p, true) as PlacementPreference | undefined);
      if (spec.require === undefined && spec.prefer === undefined) fail(path, 'a placement policy needs `require` and/or `prefer`');
      out = { type: t, require, prefer, ...opt('match', matcher(spec.match, at('match'))), ...opt('when', expr(spec.when, at('when'))) };
      break;
    }
    case 'residency': {
      const tags = strings(spec.tags, at('tags'), true) ?? [];
      const regions = strings(spec.regions, at('regions'), false);
      const zones = strings(spec.zones, at('zones'), false);
      if (!regions && !zones) fail(path, 'a residency policy needs `regions` and/or `zones`');
      out = { type: t, tags, ...opt('regions', regions), ...opt('zones', zones) };
      break;
    }
    case 'encryption':
      out = { type: t, linkTypes: strings(spec.linkTypes, at('linkTypes'), true, LINK_TYPES) ?? [], ...opt('tags', strings(spec.tags, at('tags'), false)) };
      break;
    case 'retention': {
      const tags = strings(spec.tags, at('tags'), true) ?? [];
      const d = parseDurationMs(spec.maxRetention);
      if (!d.ok) fail(at('maxRetention'), d.message);
      out = { type: t, tags, maxRetentionMs: d.ok ? d.value : 0 };
      break;
    }
    case 'attestation':
      out = { type: t, ...opt('match', matcher(spec.match, at('match'))), ...opt('when', expr(spec.when, at('when'))) };
      break;
    case 'talk': {
      if (spec.sameApp !== undefined && typeof spec.sameApp !== 'boolean') fail(at('sameApp'), `expected true or false, got ${showValue(spec.sameApp)}`);
      const allow = listOf(spec.allow, at('allow'), (x, p) => {
        if (!isObj(x)) { fail(p, 'expected {from, to}'); return undefined; }
        r.keys(x, p, ['from', 'to']);
        const from = entity(x.from ?? {}, [...p, 'from']), to = entity(x.to ?? {}, [...p, 'to']);
        if (x.from === undefined || x.to === undefined) fail(p, 'needs both `from` and `to` (service matchers)');
        return from && to ? { from, to } : undefined;
      });
      out = { type: t, sameApp: spec.sameApp !== false, allow };
      break;
    }
    case 'automation': {
      const forEach = spec.forEach;
      if (forEach !== undefined && !['node', 'workload', 'stream', 'link'].includes(forEach as string)) fail(at('forEach'), `expected node, workload, stream or link, got ${showValue(forEach)}`);
      const when = expr(spec.when, at('when'), true);
      const actions = listOf(spec.actions, at('actions'), (x, p): AutomationStep | undefined => {
        if (!isObj(x)) { fail(p, 'expected {action, params}'); return undefined; }
        r.keys(x, p, ['action', 'params']);
        if (typeof x.action !== 'string' || !(AUTOMATION_ACTIONS as readonly string[]).includes(x.action)) {
          fail([...p, 'action'], `expected one of ${AUTOMATION_ACTIONS.join(', ')}, got ${showValue(x.action)}${typeof x.action === 'string' ? didYouMean(x.action, AUTOMATION_ACTIONS) : ''}`);
          return undefined;
        }
        if (x.params !== undefined && !isObj(x.params)) { fail([...p, 'params'], `expected a mapping, got ${showValue(x.params)}`); return undefined; }
        return { action: x.action as AutomationAction, params: (x.params as Record<string, unknown>) ?? {} };
      });
      if (spec.actions === undefined || actions.length === 0) fail(at('actions'), 'required: a non-empty list of {action, params}');
      out = { type: t, when: when ?? '', actions, ...opt('forEach', forEach as 'node' | undefined) };
      break;
    }
  }
  if (spec.description !== undefined && typeof spec.description !== 'string') fail(at('description'), 'expected a string');
  if (bad || !out) return undefined;
  return typeof spec.description === 'string' ? { spec: out, description: spec.description } : { spec: out };
}

function opt<K extends string, V>(k: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [k]: v }) as { [P in K]?: V };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
