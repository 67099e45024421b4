/**
 * Canonical JSON for hashing and signing: RFC 8785 (JCS) through the `canonicalize` library
 * (keys sorted by UTF-16 code units, no whitespace, ECMAScript number serialisation). JCS itself
 * drops undefined and stringifies what JSON.stringify would; a value that cannot round-trip is a
 * programmer error here, so it is refused first, naming its path.
 */
import canonicalize from 'canonicalize';

/** RFC 8785 text of a plain JSON value; throws naming the path of a non-finite number, undefined, or non-plain value. */
export function canonicalJson(value: unknown): string {
  checkPlain(value, '$');
  return canonicalize(value) as string;
}

function checkPlain(value: unknown, path: string): void {
  if (value === null) return;
  switch (typeof value) {
    case 'boolean': case 'string': return;
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`canonicalJson: ${path} is ${value}, which JSON cannot represent`);
      return;
    case 'object': {
      if (Array.isArray(value)) { value.forEach((v, i) => checkPlain(v, `${path}[${i}]`)); return; }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new Error(`canonicalJson: ${path} is a ${proto?.constructor?.name ?? 'non-plain object'}, not plain JSON`);
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined) throw new Error(`canonicalJson: ${path}.${k} is undefined; omit the key or use null`);
        checkPlain(v, `${path}.${k}`);
      }
      return;
    }
    default:
      throw new Error(`canonicalJson: ${path} is a ${typeof value}, not JSON`);
  }
}
