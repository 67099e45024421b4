/**
 * Validated document → ScenarioModel: regions, classes, explicit and generated nodes, links,
 * mobility, apps, streams, faults. Collects every issue; the caller throws them together.
 */
import type { NodeModel, ScenarioModel } from '../model.ts';
import type { ScenarioDocument, SpecInput } from '../schema/scenario.ts';
import type { ResolveContext } from './context.ts';
import { resolveControlPlane, resolveStochasticFaults } from './control-plane.ts';
import { resolveContinuum } from './continuum.ts';
import { RUN_DEFAULTS } from './defaults.ts';
import { resolveFaults, resolveMobility } from './dynamics.ts';
import { expandGenerators } from './generators.ts';
import { linkDraftFromInput, resolveLinks, type LinkDraft } from './links.ts';
import { resolveNodes, resolveRegions, type NodeDraft, type NodeFieldsOut } from './nodes.ts';
import { resolveApps, resolveStreams } from './workload.ts';
import { resolveReleases } from './releases.ts';
import { resolvePrecursors, resolvePrediction } from './prediction.ts';
import { resolveDrift, resolveModels } from './mlops.ts';
import { expandNodePools, pricePools, resolveAutoscalers } from './autoscaling.ts';

/** Resolves a schema-valid document; issues land in ctx (the model is only meaningful when there are none). */
export function resolveScenario(ctx: ResolveContext, doc: ScenarioDocument): ScenarioModel {
  const spec = doc.spec;
  const regions = resolveRegions(ctx, spec.regions);
  const classes = (spec.nodeClasses ?? {}) as Record<string, NodeFieldsOut>;
  const explicit: NodeDraft[] = (spec.nodes ?? []).map((n, i) => {
    const { id, class: className, region, zone, position, ...fields } = n;
    const d: NodeDraft = { id, fields: fields as NodeFieldsOut, path: ['spec', 'nodes', i, 'id'] };
    if (className !== undefined) { d.className = className; d.classPath = ['spec', 'nodes', i, 'class']; }
    if (region !== undefined) { d.region = region; d.regionPath = ['spec', 'nodes', i, 'region']; }
    if (zone !== undefined) { d.zone = zone; d.zonePath = ['spec', 'nodes', i, 'zone']; }
    if (position) d.position = { xKm: position.x, yKm: position.y };
    return d;
  });
  const generated = expandGenerators(ctx, spec.generators ?? [], regions);
  // Node pools add their nodes and links after the generated ones (absent: nothing changes).
  const pooled = expandNodePools(ctx, spec.nodePools ?? [], explicit, classes);
  generated.nodes.push(...pooled.nodes);
  generated.links.push(...pooled.links);
  const nodes: NodeModel[] = resolveNodes(ctx, [...explicit, ...generated.nodes], classes, regions);
  const nodeIds = new Set(nodes.map((n) => n.id));
  // Every declared id counts as known, so a node that failed its own checks does not also make its links dangle.
  for (const d of [...explicit, ...generated.nodes]) nodeIds.add(d.id);
  const knownNodes = [...nodeIds];
  const linkDrafts: LinkDraft[] = [];
  (spec.links ?? []).forEach((l, i) => { const d = linkDraftFromInput(ctx, l, i); if (d) linkDrafts.push(d); });
  const links = resolveLinks(ctx, [...linkDrafts, ...generated.links], nodeIds, knownNodes);
  const mobility = resolveMobility(ctx, spec.mobility ?? [], nodes);
  const apps = resolveApps(ctx, spec.apps ?? [], nodeIds, knownNodes);
  const streams = resolveStreams(ctx, spec.streams ?? [], apps, nodes, generated.sensorsByGenerator);
  const faults = resolveFaults(ctx, spec.faults ?? [], nodes, links, regions);
  const precursors = resolvePrecursors(ctx, spec.faults ?? [], nodes.map((n) => n.id), (id) => nodes.find((n) => n.id === id)?.discipline);
  return {
    apiVersion: doc.apiVersion,
    name: doc.metadata.name,
    description: doc.metadata.description ?? '',
    seed: spec.seed ?? RUN_DEFAULTS.seed,
    durationMs: spec.duration ?? RUN_DEFAULTS.durationMs,
    regions,
    nodes,
    links,
    mobility,
    apps,
    streams,
    faults,
    orchestrator: {
      placement: spec.orchestrator?.placement ?? 'scheduler',
      profile: spec.orchestrator?.profile ?? 'edge',
      ...(spec.orchestrator?.schedulerConfig !== undefined ? { schedulerConfig: spec.orchestrator.schedulerConfig } : {}),
      policies: spec.orchestrator?.policies ?? [],
    },
    controlPlane: resolveControlPlane(ctx, spec.controlPlane, nodes, regions),
    ...(spec.stochasticFaults ? { stochasticFaults: resolveStochasticFaults(ctx, spec.stochasticFaults, nodes) } : {}),
    ...(spec.continuum ? { continuum: resolveContinuum(ctx, spec.continuum, apps, streams, nodes, mobility, hasControlPlane(spec)) } : {}),
    ...(spec.releases ? { releases: resolveReleases(ctx, spec.releases, apps) } : {}),
    ...(spec.drift ? { drift: resolveDrift(ctx, spec.drift, streams) } : {}),
    ...(spec.models ? { models: resolveModels(ctx, spec.models, apps, nodes, regions) } : {}),
    sampleEveryMs: spec.sampleEvery ?? RUN_DEFAULTS.sampleEveryMs,
    ...(precursors.length > 0 ? { precursors } : {}),
    ...(spec.prediction ? { prediction: resolvePrediction(ctx, spec.prediction) } : {}),
    ...(spec.autoscalers?.length ? { autoscalers: resolveAutoscalers(ctx, spec.autoscalers, apps, hasControlPlane(spec)) } : {}),
    ...(pooled.pools.length ? { nodePools: pricePools(pooled.pools, nodes) } : {}),
  };
}

/** Whether spec.controlPlane asks for a control plane (present and not model none). */
function hasControlPlane(spec: SpecInput): boolean {
  return (spec.controlPlane?.model ?? (spec.controlPlane ? 'centralized' : 'none')) !== 'none';
}
