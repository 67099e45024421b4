/**
 * labelSelector and fieldSelector query parameters for the Kubernetes API stand-in's list and
 * watch: equality-based requirements (`k=v`, `k==v`, `k!=v`, `k`, `!k`, comma = AND) and the set
 * forms `k in (a,b)` / `k notin (a,b)`; field selectors on metadata.name, metadata.namespace and
 * spec.nodeName (`=`, `==`, `!=`). Parsing returns an error string instead of throwing. Pure.
 *
 * This is part of a STAND-IN for a Kubernetes API server: no API server installs here.
 */

/** A compiled selector: true when an object matches. */
export type ObjectMatcher = (obj: { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> }; spec?: unknown }) => boolean;

type Req = { key: string; op: 'in' | 'notin' | 'exists' | '!exists'; values: string[] };

/** Splits on commas outside parentheses. */
function splitTop(text: string): string[] {
  const out: string[] = [];
  let depth = 0, cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

const KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Parses a labelSelector; an error message on bad syntax. */
export function parseLabelSelector(text: string): ObjectMatcher | { error: string } {
  const reqs: Req[] = [];
  for (const part of splitTop(text)) {
    let m: RegExpExecArray | null;
    if ((m = /^(\S+?)\s*(==|=|!=)\s*(\S*)$/.exec(part))) {
      const [, key, op, value] = m;
      if (!KEY.test(key!) || !VALUE.test(value!)) return { error: `unable to parse requirement: ${JSON.stringify(part)}` };
      reqs.push({ key: key!, op: op === '!=' ? 'notin' : 'in', values: [value!] });
    } else if ((m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part))) {
      const values = m[3]!.split(',').map((s) => s.trim());
      if (!KEY.test(m[1]!) || !values.every((v) => VALUE.test(v))) return { error: `unable to parse requirement: ${JSON.stringify(part)}` };
      reqs.push({ key: m[1]!, op: m[2] as 'in' | 'notin', values });
    } else if ((m = /^(!?)([^\s!=(),]+)$/.exec(part))) {
      if (!KEY.test(m[2]!)) return { error: `unable to parse requirement: ${JSON.stringify(part)}` };
      reqs.push({ key: m[2]!, op: m[1] ? '!exists' : 'exists', values: [] });
    } else return { error: `unable to parse requirement: ${JSON.stringify(part)}` };
  }
  return (obj) => {
    const labels = obj.metadata?.labels ?? {};
    return reqs.every((r) => {
      const has = Object.hasOwn(labels, r.key);
      switch (r.op) {
        case 'exists': return has;
        case '!exists': return !has;
        case 'in': return has && r.values.includes(labels[r.key]!);
        case 'notin': return !has || !r.values.includes(labels[r.key]!);
      }
    });
  };
}

const FIELDS: Record<string, (obj: Parameters<ObjectMatcher>[0]) => string> = {
  'metadata.name': (o) => o.metadata?.name ?? '',
  'metadata.namespace': (o) => o.metadata?.namespace ?? '',
  'spec.nodeName': (o) => String((o.spec as { nodeName?: unknown } | undefined)?.nodeName ?? ''),
};

/** Parses a fieldSelector; an error message naming the unsupported field. */
export function parseFieldSelector(text: string): ObjectMatcher | { error: string } {
  const reqs: { get: (o: Parameters<ObjectMatcher>[0]) => string; eq: boolean; value: string }[] = [];
  for (const part of splitTop(text)) {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) return { error: `invalid field selector: ${JSON.stringify(part)}` };
    const get = FIELDS[m[1]!.trim()];
    if (!get) return { error: `field label not supported: ${m[1]!.trim()} (the stand-in supports ${Object.keys(FIELDS).join(', ')})` };
    reqs.push({ get, eq: m[2] !== '!=', value: m[3]!.trim() });
  }
  return (obj) => reqs.every((r) => (r.get(obj) === r.value) === r.eq);
}
