/**
 * Regions and nodes: class inheritance (node fields override class fields; labels, storage and
 * power merge key by key), per-tier defaults, region/zone checks, topology labels, and a
 * deterministic map layout for nodes without a position.
 */
import type { z } from 'zod';
import type { NodeModel, RegionModel, Tier } from '../model.ts';
import { TIERS } from '../model.ts';
import type { nodeFields } from '../schema/fabric.ts';
import type { FieldPath } from '../../text/yaml-source.ts';
import { checkDuplicates, type ResolveContext } from './context.ts';
import { DEFAULT_QUEUE_CAPACITY, LAYOUT, TIER_DEFAULTS } from './defaults.ts';

/** Node fields after zod (base units), all optional. */
export type NodeFieldsOut = { [K in keyof typeof nodeFields]?: z.output<(typeof nodeFields)[K]> };

/** A node before defaults: merged fields plus where to report problems. */
export interface NodeDraft {
  id: string;
  fields: NodeFieldsOut;
  className?: string;
  region?: string;
  zone?: string;
  position?: { xKm: number; yKm: number };
  /** Where this node was declared (a node entry or a generator). */
  path: FieldPath;
  classPath?: FieldPath;
  regionPath?: FieldPath;
  zonePath?: FieldPath;
  /** Tier used when neither the node nor its class sets one (generator roles). */
  defaultTier?: Tier;
}

/** Regions with default zones; an implicit "default" region when none are declared. */
export function resolveRegions(ctx: ResolveContext, input: { id: string; zones?: string[] }[] | undefined): RegionModel[] {
  if (!input || input.length === 0) return [{ id: 'default', zones: ['default-a'] }];
  checkDuplicates(ctx, 'region', input.map((r, i) => ({ id: r.id, path: ['spec', 'regions', i, 'id'] })));
  const zoneSeen = new Map<string, string>();
  input.forEach((r, i) => (r.zones ?? []).forEach((z, j) => {
    const other = zoneSeen.get(z);
    if (other !== undefined) ctx.issue(['spec', 'regions', i, 'zones', j], `zone '${z}' is already a zone of region '${other}'; zone ids must be unique`);
    else zoneSeen.set(z, r.id);
  }));
  return input.map((r) => ({ id: r.id, zones: r.zones && r.zones.length > 0 ? [...r.zones] : [`${r.id}-a`] }));
}

/** Merges class fields under node fields (labels/storage/power key by key). */
export function mergeFields(base: NodeFieldsOut | undefined, over: NodeFieldsOut): NodeFieldsOut {
  if (!base) return { ...over };
  const out: NodeFieldsOut = { ...base, ...stripUndefined(over) };
  if (base.labels || over.labels) out.labels = { ...base.labels, ...over.labels };
  if (base.storage || over.storage) out.storage = { ...base.storage, ...stripUndefined(over.storage ?? {}) };
  if (base.power || over.power) out.power = { ...base.power, ...stripUndefined(over.power ?? {}) };
  return out;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Resolves drafts into NodeModels (duplicate ids, classes, regions, zones, defaults, layout). */
export function resolveNodes(
  ctx: ResolveContext, drafts: NodeDraft[], classes: Record<string, NodeFieldsOut>, regions: RegionModel[],
): NodeModel[] {
  checkDuplicates(ctx, 'node', drafts.map((d) => ({ id: d.id, path: d.path })));
  const classNames = Object.keys(classes);
  const regionIds = regions.map((r) => r.id);
  const rowCount = new Map<string, number>();
  const out: NodeModel[] = [];
  for (const d of drafts) {
    // On a problem, record it and carry on with a fallback so later checks do not cascade.
    let fields = d.fields;
    let classOk = true;
    if (d.className !== undefined) {
      const cls = classes[d.className];
      if (!cls) { ctx.dangling(d.classPath ?? d.path, 'node class', d.className, classNames); classOk = false; }
      fields = mergeFields(cls, d.fields);
    }
    let tier = (fields.tier as Tier | undefined) ?? d.defaultTier;
    if (!tier) {
      if (classOk) ctx.issue(d.classPath ?? d.path, `node '${d.id}' has no tier: set tier (${TIERS.join(', ')}) on the node or its class`);
      tier = 'edge';
    }
    const regionId = d.region ?? regions[0]!.id;
    let region = regions.find((r) => r.id === regionId);
    if (!region) {
      ctx.dangling(d.regionPath ?? d.path, 'region', regionId, regionIds);
      region = regions[0]!;
    }
    const zone = d.zone ?? region.zones[0]!;
    if (d.zone !== undefined && !region.zones.includes(zone) && region.id === regionId) {
      ctx.issue(d.zonePath ?? d.path, `zone '${zone}' is not in region '${region.id}'; its zones are ${region.zones.join(', ')}`);
    }
    const def = TIER_DEFAULTS[tier];
    const cores = fields.cores ?? def.cores;
    let position = d.position;
    const positionSource = position ? 'given' as const : 'layout' as const;
    if (!position) {
      const key = `${region.id}/${tier}`;
      const k = rowCount.get(key) ?? 0;
      rowCount.set(key, k + 1);
      position = { xKm: regionIds.indexOf(region.id) * LAYOUT.regionSpacingKm + k * LAYOUT.nodeStepKm, yKm: TIERS.indexOf(tier) * LAYOUT.tierRowKm };
    }
    const idleWatts = fields.power?.idle ?? def.idleWatts;
    const maxWatts = fields.power?.max ?? Math.max(def.maxWatts, idleWatts);
    if (maxWatts < idleWatts) ctx.issue(d.path, `node '${d.id}': power.max (${maxWatts} W) is below power.idle (${idleWatts} W)`);
    out.push({
      id: d.id,
      tier,
      arch: fields.arch as NodeModel['arch'] ?? def.arch,
      cores,
      coreSpeed: fields.coreSpeed ?? 1,
      cpuMillicores: fields.cpu ?? cores * 1000,
      memoryBytes: fields.memory ?? def.memoryBytes,
      gpus: fields.gpus ?? 0,
      accelerators: (fields.accelerators ?? []).map((a) => ({ type: a.type, count: a.count })),
      storageBytes: fields.storage?.size ?? def.storageBytes,
      storageVolatile: fields.storage?.volatile ?? false,
      idleWatts,
      maxWatts,
      costPerHourUsd: fields.costPerHour ?? def.costPerHourUsd,
      labels: { ...fields.labels, 'topology.kubernetes.io/region': region.id, 'topology.kubernetes.io/zone': zone },
      taints: (fields.taints ?? []).map((t) => ({ ...t }) as NodeModel['taints'][number]),
      region: region.id,
      zone,
      attested: fields.attested ?? false,
      position,
      positionSource,
      ...(d.className !== undefined ? { className: d.className } : {}),
      queueCapacity: fields.queueCapacity ?? DEFAULT_QUEUE_CAPACITY,
      discipline: (fields.discipline as NodeModel['discipline']) ?? 'fifo',
      bufferBytes: fields.buffer ?? def.bufferBytes,
      bufferDrop: (fields.bufferDrop as NodeModel['bufferDrop']) ?? 'newest',
    });
  }
  return out;
}
