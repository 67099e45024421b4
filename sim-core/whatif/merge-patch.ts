/**
 * JSON Merge Patch (RFC 7386) over a scenario document, with one extension that scenarios need:
 * when both sides are lists and every patch element is an object with an `id`, elements merge by
 * id (unknown ids are appended) instead of the list being replaced — so a variant can say
 * "service detect of app traffic is placed on the cloud" without restating the whole app list.
 */

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);
const hasId = (v: Json): v is Record<string, Json> & { id: string } => isObject(v) && typeof v.id === 'string';

/** Returns target with patch applied (RFC 7386; null deletes; id-lists merge by id). Inputs are not mutated. */
export function mergePatch(target: Json, patch: Json): Json {
  if (Array.isArray(patch)) {
    if (Array.isArray(target) && patch.length > 0 && patch.every(hasId)) return mergeById(target, patch);
    return structuredClone(patch);
  }
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function mergeById(target: Json[], patch: (Record<string, Json> & { id: string })[]): Json[] {
  const out = target.slice();
  for (const p of patch) {
    const i = out.findIndex((e) => hasId(e) && e.id === p.id);
    if (i >= 0) out[i] = mergePatch(out[i], p);
    else out.push(mergePatch({}, p));
  }
  return out;
}
