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

/** Builds a plugin instance from its (already validated-shape) args; throws on invalid args. */
export type PluginFactory = (args: unknown) => AnyPlugin;

/** Plugin name → factory. */
export type Registry = Map<string, PluginFactory>;

/** The in-tree (kube-named) plugins. */
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

/** A profile as data: plugins with the points they run at and score weights, plus plugin args. */
export interface ProfileSpec {
  schedulerName: string;
  plugins: { name: string; weight: number; points: ReadonlySet<ExtensionPoint> }[];
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
  const s = new Set<ExtensionPoint>();
  if (p.preFilter) s.add('preFilter');
  if (p.filter) s.add('filter');
  if (p.postFilter) s.add('postFilter');
  if (p.preScore) s.add('preScore');
  if (p.score) s.add('score');
  if (p.reserve) s.add('reserve');
  if (p.bind) s.add('bind');
  return s;
}

/** The default profile spec: every DEFAULT_PLUGINS entry at every point it implements. */
export function defaultProfileSpec(registry: Registry = defaultRegistry(), schedulerName = DEFAULT_SCHEDULER_NAME): ProfileSpec {
  return {
    schedulerName,
    plugins: DEFAULT_PLUGINS.map((p) => ({ ...p, points: implementedPoints(registry.get(p.name)!(undefined)) })),
    pluginArgs: new Map(),
  };
}

/** Instantiates a profile; throws when a plugin is unknown or its args are invalid. */
export function buildProfile(spec: ProfileSpec, registry: Registry = defaultRegistry()): Profile {
  const instances = new Map<string, AnyPlugin>();
  const pre: PreFilterPlugin[] = [], filter: FilterPlugin[] = [], post: PostFilterPlugin[] = [], preScore: PreScorePlugin[] = [];
  const score: { plugin: ScorePlugin; weight: number }[] = [], reserve: ReservePlugin[] = [], bind: BindPlugin[] = [];
  for (const entry of spec.plugins) {
    const factory = registry.get(entry.name);
    if (!factory) throw new Error(`profile ${spec.schedulerName}: unknown plugin ${JSON.stringify(entry.name)}`);
    const p = instances.get(entry.name) ?? factory(spec.pluginArgs.get(entry.name));
    instances.set(entry.name, p);
    const on = (pt: ExtensionPoint) => entry.points.has(pt);
    if ((on('filter') || on('preFilter')) && p.preFilter && !pre.includes(p as PreFilterPlugin)) pre.push(p as PreFilterPlugin);
    if (on('filter') && p.filter) filter.push(p as FilterPlugin);
    if (on('postFilter') && p.postFilter) post.push(p as PostFilterPlugin);
    if ((on('score') || on('preScore')) && p.preScore && !preScore.includes(p as PreScorePlugin)) preScore.push(p as PreScorePlugin);
    if (on('score') && p.score) {
      if (!Number.isInteger(entry.weight) || entry.weight < 1) throw new Error(`profile ${spec.schedulerName}: score weight of ${entry.name} must be a positive integer, got ${entry.weight}`);
      score.push({ plugin: p as ScorePlugin, weight: entry.weight });
    }
    if (on('reserve') && p.reserve) reserve.push(p as ReservePlugin);
    if (on('bind') && p.bind) bind.push(p as BindPlugin);
  }
  return { schedulerName: spec.schedulerName, preFilter: pre, filter, postFilter: post, preScore, score, reserve, bind, instances };
}
