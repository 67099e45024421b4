/**
 * core/v1 Node JSON → scheduler Node: name, labels, taints, unschedulable, status.allocatable
 * (falls back to status.capacity when a node reports no allocatable), status.images, and the
 * edge record (arch/region/zone from the well-known labels, plus numeric or boolean
 * `edgetwin.io/<attribute>` annotations such as edgetwin.io/watts or edgetwin.io/attested).
 */
import type { EdgeNodeAttributes, Node, ResourceList, Taint } from '../scheduler/api-types.ts';
import type { FieldPath } from '../../text/yaml-source.ts';
import { parseResourceQuantity } from './quantity.ts';
import type { Reader } from './reader.ts';

/** Annotation prefix for edge attributes on live nodes. */
export const EDGE_ANNOTATION_PREFIX = 'edgetwin.io/';

/** Reads a ResourceList of quantity strings; records an issue per bad quantity. */
export function readResources(r: Reader, v: unknown, path: FieldPath): ResourceList | undefined {
  const o = r.obj(v, path);
  if (!o) return undefined;
  const out: ResourceList = {};
  for (const [name, q] of Object.entries(o)) {
    const n = parseResourceQuantity(name, q);
    if (n === undefined || n < 0) { r.fail([...path, name], `not a valid non-negative quantity: ${JSON.stringify(q)} (e.g. 500m, 2, 1Gi)`); continue; }
    out[name] = n;
  }
  return out;
}

/** Converts one Node object at `path`; undefined (with issues recorded) when unusable. */
export function readNode(r: Reader, v: unknown, path: FieldPath): Node | undefined {
  const o = r.obj(v, path);
  if (!o) { r.fail(path, 'a Node object is required'); return undefined; }
  const meta = r.obj(o.metadata, [...path, 'metadata']) ?? {};
  const spec = r.obj(o.spec, [...path, 'spec']) ?? {};
  const st = r.obj(o.status, [...path, 'status']) ?? {};
  const name = r.str(meta.name, [...path, 'metadata', 'name']);
  if (!name) { r.fail([...path, 'metadata', 'name'], 'node name is required'); return undefined; }
  const labels = r.strMap(meta.labels, [...path, 'metadata', 'labels']) ?? {};
  const taints: Taint[] = [];
  r.arr(spec.taints, [...path, 'spec', 'taints']).forEach((t, i) => {
    const p = [...path, 'spec', 'taints', i];
    const to = r.obj(t, p);
    if (!to) return;
    const key = r.str(to.key, [...p, 'key']);
    const effect = r.oneOf(to.effect, [...p, 'effect'], ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const);
    if (!key || !effect) { if (!key) r.fail([...p, 'key'], 'taint key is required'); if (!effect && to.effect === undefined) r.fail([...p, 'effect'], 'taint effect is required (NoSchedule, PreferNoSchedule, NoExecute)'); return; }
    taints.push({ key, value: r.str(to.value, [...p, 'value']) ?? '', effect });
  });
  const allocatable = readResources(r, st.allocatable, [...path, 'status', 'allocatable'])
    ?? readResources(r, st.capacity, [...path, 'status', 'capacity']) ?? {};
  const images = r.arr(st.images, [...path, 'status', 'images']).flatMap((img, i) => {
    const io = r.obj(img, [...path, 'status', 'images', i]);
    if (!io) return [];
    const names = r.arr(io.names, [...path, 'status', 'images', i, 'names']).filter((x): x is string => typeof x === 'string');
    const size = typeof io.sizeBytes === 'number' ? io.sizeBytes : 0;
    return [{ names, sizeBytes: size }];
  });
  const annotations = r.strMap(meta.annotations, [...path, 'metadata', 'annotations']) ?? {};
  return {
    name, labels, taints, unschedulable: spec.unschedulable === true, allocatable, images,
    edge: edgeAttributes(labels, annotations, allocatable),
  };
}

function edgeAttributes(labels: Record<string, string>, annotations: Record<string, string>, alloc: ResourceList): EdgeNodeAttributes {
  const edge: EdgeNodeAttributes = {};
  const arch = labels['kubernetes.io/arch'];
  if (arch) edge.arch = arch;
  const region = labels['topology.kubernetes.io/region'];
  if (region) edge.region = region;
  const zone = labels['topology.kubernetes.io/zone'];
  if (zone) edge.zone = zone;
  const acc = Object.keys(alloc).filter((k) => k.includes('/') && (alloc[k] ?? 0) > 0);
  if (acc.length) edge.accelerators = acc;
  for (const [k, v] of Object.entries(annotations)) {
    if (!k.startsWith(EDGE_ANNOTATION_PREFIX)) continue;
    const attr = k.slice(EDGE_ANNOTATION_PREFIX.length).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    edge[attr] = v === 'true' ? true : v === 'false' ? false : Number.isFinite(Number(v)) && v.trim() !== '' ? Number(v) : v;
  }
  return edge;
}
