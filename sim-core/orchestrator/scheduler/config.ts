/**
 * KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) → ProfileSpecs. Plugin sets merge
 * with the default profile as kube does: multiPoint.enabled replaces or appends to the defaults,
 * multiPoint.disabled (or "*") removes them; per-point enabled entries run first at that point
 * and per-point disabled (or "*") removes multiPoint plugins there. pluginConfig args go to the
 * plugin factories. EdgeTwin extension: NodeResourcesBalancedAllocationArgs.formula
 * ("delta" default, or "std" for the <= v1.35 formula). percentageOfNodesToScore is accepted
 * and ignored (every node is filtered and scored); kube plugins EdgeTwin does not implement
 * (volume plugins, DefaultPreemption, PrioritySort, DefaultBinder, …) are accepted and noted.
 */
import { InputError, type InputIssue } from '../../text/input-error.ts';
import type { FieldPath, YamlSource } from '../../text/yaml-source.ts';
import { didYouMean } from '../../text/did-you-mean.ts';
import {
  DEFAULT_PLUGINS, DEFAULT_SCHEDULER_NAME, EXTENSION_POINTS, defaultRegistry, expandMultiPoint,
  type ExtensionPoint, type ProfileSpec, type Registry,
} from './profile.ts';

/** The API version this parser reads. */
export const API_VERSION = 'kubescheduler.config.k8s.io/v1';

/** kube plugins that exist upstream but have no EdgeTwin implementation (accepted, no effect). */
export const KNOWN_UNIMPLEMENTED: ReadonlySet<string> = new Set([
  'PrioritySort', 'SchedulingGates', 'VolumeRestrictions', 'NodeVolumeLimits', 'VolumeBinding', 'VolumeZone',
  'DefaultPreemption', 'DefaultBinder', 'DynamicResources', 'EBSLimits', 'GCEPDLimits', 'AzureDiskLimits',
]);

/** Keys each plugin's args may carry (apiVersion/kind always allowed). */
const ARG_KEYS: Record<string, readonly string[]> = {
  NodeResourcesFit: ['ignoredResources', 'ignoredResourceGroups', 'scoringStrategy'],
  NodeResourcesBalancedAllocation: ['resources', 'formula'],
  PodTopologySpread: ['defaultConstraints', 'defaultingType'],
  InterPodAffinity: ['hardPodAffinityWeight', 'ignorePreferredTermsOfExistingPods'],
  NodeAffinity: ['addedAffinity'],
};
const SCORING_KEYS = ['type', 'resources', 'requestedToCapacityRatio'];
const TOP_KEYS = ['apiVersion', 'kind', 'profiles', 'percentageOfNodesToScore', 'parallelism', 'leaderElection', 'clientConnection',
  'healthzBindAddress', 'metricsBindAddress', 'enableProfiling', 'enableContentionProfiling', 'podInitialBackoffSeconds',
  'podMaxBackoffSeconds', 'extenders', 'delayCacheUntilActive', 'featureGates'];
const PLUGIN_SET_KEYS = ['multiPoint', 'queueSort', 'preEnqueue', 'preFilter', 'filter', 'postFilter', 'preScore', 'score', 'reserve', 'permit', 'preBind', 'bind', 'postBind'];

/** Parsed configuration: one ProfileSpec per profile, and notes about accepted-but-inert settings. */
export interface SchedulerConfig { profiles: ProfileSpec[]; notes: string[] }

/** The default configuration (one default-scheduler profile). */
export function defaultSchedulerConfig(registry: Registry = defaultRegistry()): SchedulerConfig {
  return { profiles: [{ schedulerName: DEFAULT_SCHEDULER_NAME, points: expandMultiPoint(DEFAULT_PLUGINS, registry), pluginArgs: new Map() }], notes: [] };
}

/** Parses and validates a configuration; throws InputError naming file:line:col and the field path. */
export function parseSchedulerConfig(src: Pick<YamlSource, 'file' | 'value' | 'locate'>, registry: Registry = defaultRegistry()): SchedulerConfig {
  const issues: InputIssue[] = [];
  const notes: string[] = [];
  const fail = (path: FieldPath, message: string) => {
    const pos = src.locate(path);
    issues.push({ file: src.file, line: pos.line, col: pos.col, path: fmt(path), message });
  };
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const checkKeys = (o: Record<string, unknown>, path: FieldPath, allowed: readonly string[]) => {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) fail([...path, k], `unknown field ${JSON.stringify(k)}${didYouMean(k, allowed)}`);
  };
  const root = src.value;
  if (!isObj(root)) { fail([], 'expected a KubeSchedulerConfiguration object'); throw new InputError(issues); }
  if (root.apiVersion !== API_VERSION) fail(['apiVersion'], `must be ${API_VERSION}, got ${JSON.stringify(root.apiVersion)}`);
  if (root.kind !== 'KubeSchedulerConfiguration') fail(['kind'], `must be KubeSchedulerConfiguration, got ${JSON.stringify(root.kind)}`);
  checkKeys(root, [], TOP_KEYS);
  if (root.percentageOfNodesToScore !== undefined) notes.push('percentageOfNodesToScore is ignored: EdgeTwin filters and scores every node');
  const known = new Set([...registry.keys()]);
  const allNames = [...known, ...KNOWN_UNIMPLEMENTED];
  const rawProfiles = root.profiles === undefined ? [{}] : root.profiles;
  if (!Array.isArray(rawProfiles)) { fail(['profiles'], 'must be a list'); throw new InputError(issues); }
  const profiles: ProfileSpec[] = [];
  const names = new Set<string>();
  rawProfiles.forEach((raw, pi) => {
    const pp: FieldPath = ['profiles', pi];
    if (!isObj(raw)) { fail(pp, 'must be an object'); return; }
    checkKeys(raw, pp, ['schedulerName', 'plugins', 'pluginConfig', 'percentageOfNodesToScore']);
    const schedulerName = raw.schedulerName === undefined ? DEFAULT_SCHEDULER_NAME : raw.schedulerName;
    if (typeof schedulerName !== 'string' || schedulerName === '') { fail([...pp, 'schedulerName'], 'must be a non-empty string'); return; }
    if (names.has(schedulerName)) fail([...pp, 'schedulerName'], `duplicate profile ${JSON.stringify(schedulerName)}`);
    names.add(schedulerName);
    const plugins = raw.plugins === undefined ? {} : raw.plugins;
    if (!isObj(plugins)) { fail([...pp, 'plugins'], 'must be an object'); return; }
    checkKeys(plugins, [...pp, 'plugins'], PLUGIN_SET_KEYS);
    const readSet = (point: string) => {
      const path: FieldPath = [...pp, 'plugins', point];
      const set = plugins[point];
      const enabled: { name: string; weight: number }[] = [];
      const disabled = new Set<string>();
      if (set === undefined) return { enabled, disabled };
      if (!isObj(set)) { fail(path, 'must be an object with enabled/disabled lists'); return { enabled, disabled }; }
      checkKeys(set, path, ['enabled', 'disabled']);
      for (const which of ['enabled', 'disabled'] as const) {
        const list = set[which] ?? [];
        if (!Array.isArray(list)) { fail([...path, which], 'must be a list of {name, weight}'); continue; }
        list.forEach((e, i) => {
          const ep: FieldPath = [...path, which, i];
          if (!isObj(e) || typeof e.name !== 'string') { fail(ep, 'must be {name: <plugin>, weight?: <int>}'); return; }
          if (e.name === '*' && which === 'disabled') { disabled.add('*'); return; }
          if (!known.has(e.name)) {
            if (KNOWN_UNIMPLEMENTED.has(e.name)) { notes.push(`${e.name} (${fmt(ep)}) is a kube plugin EdgeTwin does not implement; ignored`); return; }
            fail([...ep, 'name'], `unknown plugin ${JSON.stringify(e.name)}${didYouMean(e.name, allNames)}`);
            return;
          }
          if (which === 'disabled') { disabled.add(e.name); return; }
          const w = e.weight ?? 0;
          if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w > 100) { fail([...ep, 'weight'], `must be an integer in [0, 100], got ${JSON.stringify(w)}`); return; }
          enabled.push({ name: e.name, weight: w });
        });
      }
      return { enabled, disabled };
    };
    const mp = readSet('multiPoint');
    // Merge with the defaults: "*" drops them all; a re-enabled default keeps its position.
    let multi = mp.disabled.has('*') ? [] : DEFAULT_PLUGINS.filter((d) => !mp.disabled.has(d.name)).map((d) => ({ ...d }));
    for (const e of mp.enabled) {
      const at = multi.findIndex((d) => d.name === e.name);
      if (at >= 0) multi[at] = { name: e.name, weight: e.weight }; else multi.push(e);
    }
    multi = multi.filter((m) => known.has(m.name));
    const explicit = new Map<ExtensionPoint, { enabled: { name: string; weight: number }[]; disabled: Set<string> }>();
    for (const pt of EXTENSION_POINTS) explicit.set(pt, readSet(pt));
    for (const pt of ['queueSort', 'preEnqueue', 'permit', 'preBind', 'postBind']) {
      if (plugins[pt] !== undefined) notes.push(`plugins.${pt} of profile ${schedulerName} has no EdgeTwin equivalent; ignored`);
    }
    const points = expandMultiPoint(multi, registry, explicit);
    const pluginArgs = new Map<string, unknown>();
    const pc = raw.pluginConfig ?? [];
    if (!Array.isArray(pc)) fail([...pp, 'pluginConfig'], 'must be a list of {name, args}');
    else pc.forEach((c, ci) => {
      const cp: FieldPath = [...pp, 'pluginConfig', ci];
      if (!isObj(c) || typeof c.name !== 'string') { fail(cp, 'must be {name: <plugin>, args: {...}}'); return; }
      if (!known.has(c.name)) {
        if (KNOWN_UNIMPLEMENTED.has(c.name)) { notes.push(`pluginConfig for ${c.name} ignored (not implemented)`); return; }
        fail([...cp, 'name'], `unknown plugin ${JSON.stringify(c.name)}${didYouMean(c.name, allNames)}`);
        return;
      }
      if (pluginArgs.has(c.name)) { fail([...cp, 'name'], `duplicate pluginConfig for ${c.name}`); return; }
      const args = c.args ?? {};
      if (!isObj(args)) { fail([...cp, 'args'], 'must be an object'); return; }
      const allowed = ARG_KEYS[c.name];
      if (allowed) checkKeys(args, [...cp, 'args'], [...allowed, 'apiVersion', 'kind']);
      else if (Object.keys(args).some((k) => k !== 'apiVersion' && k !== 'kind')) fail([...cp, 'args'], `${c.name} takes no args`);
      if (c.name === 'NodeResourcesFit' && isObj(args.scoringStrategy)) checkKeys(args.scoringStrategy, [...cp, 'args', 'scoringStrategy'], SCORING_KEYS);
      try {
        registry.get(c.name)!(args); // validate now so the error points at the config
      } catch (err) {
        fail([...cp, 'args'], (err as Error).message);
        return;
      }
      pluginArgs.set(c.name, args);
    });
    profiles.push({ schedulerName, points, pluginArgs });
  });
  if (issues.length) throw new InputError(issues);
  return { profiles, notes };
}

function fmt(path: FieldPath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}
