/**
 * Profiles: which plugin runs at which extension point with which weight, built from a plugin
 * registry. DEFAULT_PLUGINS is kube-scheduler's default profile (v1 getDefaultPlugins, the
 * plugins EdgeTwin implements) with its score weights. Edge plugins register into the same
 * Registry under their own names and are enabled per profile like the kube ones.
 */
import type { AnyPlugin, BindPlugin, FilterPlugin, PostFilterPlugin, PreFilterPlugin, PreScorePlugin, ReservePlugin, ScorePlugin } from './types.ts';
import { newNodeResourcesFit, type NodeResourcesFitArgs } from './plugins/node-resources-fit.ts';
import { newBalancedAllocation, type BalancedAllocationArgs } from './plugins/balanced-allocation.ts';
import { newTaintToleration } from './plugins/taint-toleration.ts';
import { newNodeAffinity, type NodeAffinityArgs } from './plugins/node-affinity.ts';
import { newNodeName } from './plugins/node-name.ts';
import { newNodeUnschedulable } from './plugins/node-unschedulable.ts';
import { newPodTopologySpread } from './plugins/pod-topology-spread.ts';
import type { PodTopologySpreadArgs } from './plugins/spread-constraints.ts';
import { newInterPodAffinity, type InterPodAffinityArgs } from './plugins/inter-pod-affinity.ts';
import { newImageLocality } from './plugins/image-locality.ts';
import { newNodePorts } from './plugins/node-ports.ts';
import { EDGE_PLUGIN_FACTORIES } from './plugins/edge-registry.ts';

/** Builds a plugin instance from its (already validated-shape) args; throws on invalid args. */
export type PluginFactory = (args: unknown) => AnyPlugin;

/** Plugin name → factory. */
export type Registry = Map<string, PluginFactory>;

/** The in-tree plugins: the kube-named ones and the edge plugins. */
export function defaultRegistry(): Registry {
  return new Map<string, PluginFactory>([
    ['NodeUnschedulable', () => newNodeUnschedulable()],
    ['NodeName', () => newNodeName()],
    ['TaintToleration', () => newTaintToleration()],
    ['NodeAffinity', (a) => newNodeAffinity(a as NodeAffinityArgs)],
    ['NodePorts', () => newNodePorts()],
    ['NodeResourcesFit', (a) => newNodeResourcesFit(a as NodeResourcesFitArgs)],
    ['PodTopologySpread', (a) => newPodTopologySpread(a as PodTopologySpreadArgs)],
    ['InterPodAffinity', (a) => newInterPodAffinity(a as InterPodAffinityArgs)],
    ['NodeResourcesBalancedAllocation', (a) => newBalancedAllocation(a as BalancedAllocationArgs)],
    ['ImageLocality', () => newImageLocality()],
    // Edge plugins (edgetwin.io names), enabled only by profiles that list them (see plugins/edge-profile.ts).
    ...EDGE_PLUGIN_FACTORIES,
  ]);
}

/** kube-scheduler's default profile in multiPoint order, with score weights (v1 default_plugins.go). */
export const DEFAULT_PLUGINS: readonly { name: string; weight: number }[] = Object.freeze([
  { name: 'NodeUnschedulable', weight: 0 },
  { name: 'NodeName', weight: 0 },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts', weight: 0 },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
]);

/** kube's default scheduler name. */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** Extension points a profile can enable a plugin at. */
export type ExtensionPoint = 'preFilter' | 'filter' | 'postFilter' | 'preScore' | 'score' | 'reserve' | 'bind';
/** All extension points, in cycle order. */
export const EXTENSION_POINTS: readonly ExtensionPoint[] = ['preFilter', 'filter', 'postFilter', 'preScore', 'score', 'reserve', 'bind'];

/** A profile as data: per extension point the enabled plugins in run order (weights matter for score), plus plugin args. */
export interface ProfileSpec {
  schedulerName: string;
  points: ReadonlyMap<ExtensionPoint, readonly { name: string; weight: number }[]>;
  pluginArgs: ReadonlyMap<string, unknown>;
}

/** A runnable profile. PreFilter/PreScore of a plugin run whenever its Filter/Score does. */
export interface Profile {
  readonly schedulerName: string;
  readonly preFilter: readonly PreFilterPlugin[];
  readonly filter: readonly FilterPlugin[];
  readonly postFilter: readonly PostFilterPlugin[];
  readonly preScore: readonly PreScorePlugin[];
  readonly score: readonly { plugin: ScorePlugin; weight: number }[];
  readonly reserve: readonly ReservePlugin[];
  readonly bind: readonly BindPlugin[];
  /** Every instance by name (for hosts that need to reach a plugin). */
  readonly instances: ReadonlyMap<string, AnyPlugin>;
}

/** Points a plugin instance actually implements. */
export function implementedPoints(p: AnyPlugin): Set<ExtensionPoint> {
  return new Set(EXTENSION_POINTS.filter((pt) => typeof (p as unknown as Record<string, unknown>)[pt] === 'function'));
}

/**
 * Expands multiPoint entries into every point each plugin implements (kube's framework does the
 * same): explicit per-point entries come first, then multiPoint ones not disabled at that point.
 */
export function expandMultiPoint(
  multi: readonly { name: string; weight: number }[], registry: Registry,
  explicit: ReadonlyMap<ExtensionPoint, { enabled: readonly { name: string; weight: number }[]; disabled: ReadonlySet<string> }> = new Map(),
): Map<ExtensionPoint, { name: string; weight: number }[]> {
  const out = new Map<ExtensionPoint, { name: string; weight: number }[]>();
  const probe = new Map<string, Set<ExtensionPoint>>();
  const pointsOf = (name: string) => {
    let s = probe.get(name);
    if (!s) { const f = registry.get(name); s = f ? implementedPoints(f(undefined)) : new Set(); probe.set(name, s); }
    return s;
  };
  for (const pt of EXTENSION_POINTS) {
    const ex = explicit.get(pt);
    const list = [...(ex?.enabled ?? [])].map((e) => ({ ...e }));
    const all = ex?.disabled.has('*') ?? false;
    for (const m of multi) {
      if (!pointsOf(m.name).has(pt) || all || ex?.disabled.has(m.name)) continue;
      const dup = list.find((e) => e.name === m.name);
      if (dup) { if (!dup.weight) dup.weight = m.weight; continue; }
      list.push({ ...m });
    }
    for (const e of list) if (pt === 'score' && !e.weight) e.weight = 1; // kube: weight 0 means 1
    out.set(pt, list);
  }
  return out;
}

/** The default profile spec: every DEFAULT_PLUGINS entry at every point it implements. */
export function defaultProfileSpec(registry: Registry = defaultRegistry(), schedulerName = DEFAULT_SCHEDULER_NAME): ProfileSpec {
  return { schedulerName, points: expandMultiPoint(DEFAULT_PLUGINS, registry), pluginArgs: new Map() };
}

/** Instantiates a profile (one instance per plugin name); throws when a plugin is unknown or its args are invalid. */
export function buildProfile(spec: ProfileSpec, registry: Registry = defaultRegistry()): Profile {
  const instances = new Map<string, AnyPlugin>();
  const get = (name: string): AnyPlugin => {
    let p = instances.get(name);
    if (p) return p;
    const factory = registry.get(name);
    if (!factory) throw new Error(`profile ${spec.schedulerName}: unknown plugin ${JSON.stringify(name)}`);
    p = factory(spec.pluginArgs.get(name));
    instances.set(name, p);
    return p;
  };
  const at = (pt: ExtensionPoint) => (spec.points.get(pt) ?? []).map((e) => ({ plugin: get(e.name), weight: e.weight }));
  const has = <K extends ExtensionPoint>(k: K) => (x: { plugin: AnyPlugin }) => typeof (x.plugin as unknown as Record<string, unknown>)[k] === 'function';
  const uniq = <T,>(xs: T[]) => [...new Set(xs)];
  const filter = at('filter').filter(has('filter'));
  const score = at('score').filter(has('score'));
  for (const s of score) {
    if (!Number.isInteger(s.weight) || s.weight < 1) throw new Error(`profile ${spec.schedulerName}: score weight of ${s.plugin.name} must be a positive integer, got ${s.weight}`);
  }
  return {
    schedulerName: spec.schedulerName,
    preFilter: uniq([...at('preFilter'), ...filter].filter(has('preFilter')).map((x) => x.plugin)) as PreFilterPlugin[],
    filter: filter.map((x) => x.plugin) as FilterPlugin[],
    postFilter: at('postFilter').filter(has('postFilter')).map((x) => x.plugin) as PostFilterPlugin[],
    preScore: uniq([...at('preScore'), ...score].filter(has('preScore')).map((x) => x.plugin)) as PreScorePlugin[],
    score: score.map((x) => ({ plugin: x.plugin as ScorePlugin, weight: x.weight })),
    reserve: at('reserve').filter(has('reserve')).map((x) => x.plugin) as ReservePlugin[],
    bind: at('bind').filter(has('bind')).map((x) => x.plugin) as BindPlugin[],
    instances,
  };
}
