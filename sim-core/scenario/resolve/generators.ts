/**
 * Expands site generators into node and link drafts. Ids are stable (documented in
 * schema/generators.ts): <id>-<i>, <id>-<i>-gw, <id>-<i>-edge, <id>-<i>-s<j>, links "<a>~<b>".
 * Sites go round-robin over the regions, zones round-robin within a region; on the map each
 * region's sites form a square grid south of the explicit nodes, sensors ring their gateway.
 */
import { cos, sin } from '../../des/det-math.ts';
import type { RegionModel, Tier } from '../model.ts';
import type { SiteGeneratorInput } from '../schema/generators.ts';
import type { FieldPath } from '../../text/yaml-source.ts';
import type { ResolveContext } from './context.ts';
import { LAYOUT } from './defaults.ts';
import type { LinkDraft } from './links.ts';
import type { NodeDraft, NodeFieldsOut } from './nodes.ts';

/** What the generators produced; `sensorsByGenerator` feeds `sources: {generator: id}`. */
export interface Expansion {
  nodes: NodeDraft[];
  links: LinkDraft[];
  sensorsByGenerator: Map<string, string[]>;
  nodesByGenerator: Map<string, string[]>;
}

/** Zero-pads n to the width of max: pad(7, 120) = "007". */
export function pad(n: number, max: number): string {
  return String(n).padStart(String(max).length, '0');
}

/** Fills {region} {zone} {i} {site} placeholders; unknown placeholders are left for the dangling-node error to show. */
export function fillTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

/** Expands every generator; problems (unknown regions) are recorded in ctx. */
export function expandGenerators(ctx: ResolveContext, generators: SiteGeneratorInput[], regions: RegionModel[]): Expansion {
  const out: Expansion = { nodes: [], links: [], sensorsByGenerator: new Map(), nodesByGenerator: new Map() };
  const seen = new Map<string, number>();
  generators.forEach((g, gi) => {
    const base: FieldPath = ['spec', 'generators', gi];
    if (seen.has(g.id)) ctx.issue([...base, 'id'], `duplicate generator id '${g.id}' (first defined at spec.generators[${seen.get(g.id)}])`);
    seen.set(g.id, gi);
    const regionIds = g.regions ?? regions.map((r) => r.id);
    const siteRegions: RegionModel[] = [];
    regionIds.forEach((rid, j) => {
      const r = regions.find((x) => x.id === rid);
      if (!r) ctx.dangling([...base, 'regions', j], 'region', rid, regions.map((x) => x.id));
      else siteRegions.push(r);
    });
    if (siteRegions.length === 0) return;
    const perRegion = new Map<string, number>();
    for (let i = 0; i < g.sites; i++) {
      const rid = siteRegions[i % siteRegions.length]!.id;
      perRegion.set(rid, (perRegion.get(rid) ?? 0) + 1);
    }
    const placed = new Map<string, number>();
    const sensors: string[] = [];
    const all: string[] = [];
    const spacing = g.spacing ?? LAYOUT.siteSpacingKm;
    for (let i = 0; i < g.sites; i++) {
      const region = siteRegions[i % siteRegions.length]!;
      const k = placed.get(region.id) ?? 0;
      placed.set(region.id, k + 1);
      const zone = region.zones[k % region.zones.length]!;
      const cols = Math.ceil(Math.sqrt(perRegion.get(region.id)!));
      const ri = regions.indexOf(region);
      const x = ri * LAYOUT.regionSpacingKm + (k % cols) * spacing;
      const y = -LAYOUT.tierRowKm - Math.floor(k / cols) * spacing;
      const site = `${g.id}-${pad(i + 1, g.sites)}`;
      const common = { region: region.id, zone, regionPath: [...base, 'regions'] as FieldPath, zonePath: [...base, 'regions'] as FieldPath };
      const gwId = `${site}-gw`;
      out.nodes.push(draft(gwId, g.gateway, 'gateway', [...base, 'gateway'], { ...common, position: { xKm: x, yKm: y } }));
      all.push(gwId);
      let upFrom = gwId;
      if (g.edge) {
        const edgeId = `${site}-edge`;
        out.nodes.push(draft(edgeId, g.edge, 'edge', [...base, 'edge'], { ...common, position: { xKm: x + 0.1, yKm: y } }));
        out.links.push({ a: gwId, b: edgeId, template: g.edge.link, path: [...base, 'edge', 'link'] });
        all.push(edgeId);
        upFrom = edgeId;
      }
      if (g.sensors) {
        const n = g.sensors.count;
        for (let j = 1; j <= n; j++) {
          const sid = `${site}-s${pad(j, n)}`;
          const angle = (2 * Math.PI * (j - 1)) / n;
          const position = { xKm: x + LAYOUT.sensorRingKm * cos(angle), yKm: y + LAYOUT.sensorRingKm * sin(angle) };
          out.nodes.push(draft(sid, g.sensors, 'sensor', [...base, 'sensors'], { ...common, position }));
          out.links.push({ a: sid, b: gwId, template: g.sensors.link, path: [...base, 'sensors', 'link'] });
          sensors.push(sid);
          all.push(sid);
        }
      }
      if (g.uplink) {
        const to = fillTemplate(g.uplink.to, { region: region.id, zone, i: pad(i + 1, g.sites), site });
        out.links.push({ a: upFrom, b: to, template: g.uplink.link, path: [...base, 'uplink', 'link'], bPath: [...base, 'uplink', 'to'] });
      }
    }
    out.sensorsByGenerator.set(g.id, sensors);
    out.nodesByGenerator.set(g.id, all);
  });
  return out;
}

type RoleInput = NodeFieldsOut & { class?: string };

function draft(
  id: string, role: RoleInput, tier: NonNullable<NodeFieldsOut['tier']>, path: FieldPath,
  place: { region: string; zone: string; regionPath: FieldPath; zonePath: FieldPath; position: { xKm: number; yKm: number } },
): NodeDraft {
  const { class: className, ...fields } = role as RoleInput & { link?: unknown; count?: unknown };
  delete (fields as { link?: unknown }).link;
  delete (fields as { count?: unknown }).count;
  // The role's tier applies unless the node or its class sets one: merge puts role fields over the class.
  const d: NodeDraft = { id, fields: { ...fields }, path, ...place };
  if (className !== undefined) { d.className = className; d.classPath = [...path, 'class']; }
  if (fields.tier === undefined) d.defaultTier = tier as Tier;
  return d;
}
