/**
 * Mobility and faults: references to nodes, links, regions and zones, and the object form of
 * a fault turned into the same --fault grammar so there is one parser for both.
 */
import type { z } from 'zod';
import type { FaultModel, LinkModel, MobilityModel, NodeModel, RegionModel } from '../model.ts';
import { FaultSpecError, parseFaultSpec } from '../fault-spec.ts';
import { didYouMean, listSome } from '../../text/did-you-mean.ts';
import type { zFault, zMobility } from '../schema/dynamics.ts';
import { formatDurationMs } from '../../text/units.ts';
import type { FieldPath } from '../../text/yaml-source.ts';
import type { ResolveContext } from './context.ts';
import { linkFromTemplate } from './links.ts';
import { isPrecursorOnly } from './prediction.ts';

/** Resolves spec.mobility. */
export function resolveMobility(ctx: ResolveContext, items: z.output<typeof zMobility>[], nodes: NodeModel[]): MobilityModel[] {
  const ids = new Set(nodes.map((n) => n.id));
  const known = nodes.map((n) => n.id);
  const out: MobilityModel[] = [];
  items.forEach((m, i) => {
    const p: FieldPath = ['spec', 'mobility', i];
    let ok = true;
    if (!ids.has(m.node)) { ctx.dangling([...p, 'node'], 'node', m.node, known); ok = false; }
    let attachTo: string[];
    if (Array.isArray(m.attachTo)) {
      attachTo = [...m.attachTo];
      m.attachTo.forEach((id, k) => { if (!ids.has(id)) { ctx.dangling([...p, 'attachTo', k], 'node', id, known); ok = false; } });
    } else {
      const sel = m.attachTo as { tier?: string; labels?: Record<string, string> };
      attachTo = nodes.filter((n) => n.id !== m.node && (sel.tier === undefined || n.tier === sel.tier) &&
        Object.entries(sel.labels ?? {}).every(([k, v]) => n.labels[k] === v)).map((n) => n.id);
      if (attachTo.length === 0) { ctx.issue([...p, 'attachTo'], `attachTo ${JSON.stringify(sel)} matches no node`); ok = false; }
    }
    if (!ok) return;
    const { id: _id, a: _a, b: _b, availability: _av, ...link } = linkFromTemplate('', '', '', m.link);
    out.push({
      node: m.node,
      waypoints: m.waypoints.map((w) => ({ xKm: w.x, yKm: w.y })),
      speedMps: m.speed,
      loop: m.loop ?? true,
      attachTo,
      rangeKm: m.range ?? 5,
      handoverMarginKm: m.handoverMargin ?? 0.2,
      updateEveryMs: m.updateEvery ?? 1000,
      link,
    });
  });
  return out;
}

/** The --fault text for an object-form fault. */
export function faultObjectToSpec(f: Exclude<z.output<typeof zFault>, string>): string | { error: string } {
  const kinds = (['node', 'power', 'link', 'partition', 'controlPlane'] as const).filter((k) => f[k] !== undefined && f[k] !== false);
  if (kinds.length !== 1) {
    return { error: kinds.length === 0 ? 'a fault needs one of node, power, link, partition or controlPlane: true' : `a fault takes exactly one target, got ${kinds.join(' and ')}` };
  }
  const kind = kinds[0]!;
  const head = kind === 'controlPlane' ? 'control-plane' : `${kind}:${String(f[kind])}`;
  const timing = `@${formatDurationMs(f.at)}${f.for !== undefined && f.for !== Infinity ? `+${formatDurationMs(f.for)}` : ''}`;
  const d = f.degrade;
  if (d && kind !== 'link') return { error: 'degrade only applies to link faults' };
  const opts = d ? [d.latency !== undefined ? `latency=x${d.latency}` : '', d.bandwidth !== undefined ? `bandwidth=x${d.bandwidth}` : '', d.loss !== undefined ? `loss=${d.loss}` : ''].filter(Boolean) : [];
  return `${head}${timing}${opts.length ? `:${opts.join(',')}` : ''}`;
}

/** Why a fault's target does not exist in the fabric (with did-you-mean), or undefined when it does. */
export function faultTargetProblem(f: FaultModel, nodes: readonly NodeModel[], links: readonly LinkModel[], regions: readonly RegionModel[]): string | undefined {
  const nodeIds = nodes.map((n) => n.id);
  switch (f.kind) {
    case 'control-plane':
      return undefined;
    case 'node':
    case 'power':
      return nodeIds.includes(f.target) ? undefined : `no node '${f.target}'${didYouMean(f.target, nodeIds) || `; known nodes include ${listSome(nodeIds)}`}`;
    case 'link': {
      const [a, b] = f.target.split('~') as [string, string];
      const found = links.some((l) => (l.a === a && l.b === b) || (l.a === b && l.b === a) || l.id === f.target);
      if (found) return undefined;
      const linkIds = links.map((l) => l.id);
      return `no link between '${a}' and '${b}'${didYouMean(f.target, linkIds) || `; known links include ${listSome(linkIds)}`}`;
    }
    case 'partition': {
      const places = regions.flatMap((r) => [r.id, ...r.zones]);
      return places.includes(f.target) ? undefined : `no region or zone '${f.target}'${didYouMean(f.target, places)}; regions and zones: ${listSome(places)}`;
    }
  }
}

/** Resolves spec.faults (syntax, then targets). */
export function resolveFaults(
  ctx: ResolveContext, items: z.output<typeof zFault>[], nodes: NodeModel[], links: LinkModel[], regions: RegionModel[],
): FaultModel[] {
  const out: FaultModel[] = [];
  items.forEach((item, i) => {
    const p: FieldPath = ['spec', 'faults', i];
    const spec = typeof item === 'string' ? item : faultObjectToSpec(item);
    if (typeof spec !== 'string') { ctx.issue(p, spec.error); return; }
    let fault: FaultModel;
    try {
      fault = parseFaultSpec(spec);
    } catch (err) {
      if (err instanceof FaultSpecError) { ctx.issue(p, err.message); return; }
      throw err;
    }
    const problem = faultTargetProblem(fault, nodes, links, regions);
    if (problem) { ctx.issue(p, problem); return; }
    if (!isPrecursorOnly(item)) out.push(fault); // fails: false — only its precursor plays (resolve/prediction.ts)
  });
  return out;
}
