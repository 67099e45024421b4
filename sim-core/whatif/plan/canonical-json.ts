/**
 * Canonical JSON for hashing (in the spirit of RFC 8785, JCS): object keys sorted by UTF-16 code
 * units, no whitespace, numbers as JSON.stringify writes them (ECMAScript shortest round-trip,
 * which is what JCS specifies). Values JSON cannot carry exactly are programmer errors.
 */

/** Canonical JSON text of a plain JSON value; throws naming the path of a non-finite number, undefined, or non-plain value. */
export function canonicalJson(value: unknown, path = '$'): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean': return value ? 'true' : 'false';
    case 'string': return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`canonicalJson: ${path} is ${value}, which JSON cannot represent`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, i) => canonicalJson(v, `${path}[${i}]`)).join(',')}]`;
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new Error(`canonicalJson: ${path} is a ${proto?.constructor?.name ?? 'non-plain object'}, not plain JSON`);
      const rec = value as Record<string, unknown>;
      const keys = Object.keys(rec).sort();
      const parts: string[] = [];
      for (const k of keys) {
        if (rec[k] === undefined) throw new Error(`canonicalJson: ${path}.${k} is undefined; omit the key or use null`);
        parts.push(`${JSON.stringify(k)}:${canonicalJson(rec[k], `${path}.${k}`)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new Error(`canonicalJson: ${path} is a ${typeof value}, not JSON`);
  }
}
