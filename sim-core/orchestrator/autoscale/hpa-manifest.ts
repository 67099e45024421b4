/**
 * Reads an autoscaling/v2 HorizontalPodAutoscaler manifest as-is (already parsed from YAML or
 * JSON by the caller) into an HpaSpec with upstream's defaults: minReplicas 1, behavior's
 * default rules, a scaleDown window of 300 s. Bad input throws HpaManifestError naming the
 * field path and what is allowed.
 */
import { parseQuantityScaled } from '../k8s/quantity.ts';
import { defaultScaleDown, defaultScaleUp } from './hpa.ts';
import type { HpaMetricSpec, HpaScalingRules, HpaSpec, HpaTarget } from './hpa-types.ts';

/** A manifest field that is missing or not allowed; `path` is like spec.metrics[0].resource.target. */
export class HpaManifestError extends Error {
  constructor(readonly path: string, readonly problem: string) { super(`${path}: ${problem}`); }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function obj(v: unknown, path: string): Obj {
  if (!isObj(v)) throw new HpaManifestError(path, `expected a mapping, got ${JSON.stringify(v) ?? 'nothing'}`);
  return v;
}
function int(v: unknown, path: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new HpaManifestError(path, `expected an integer ≥ ${min}, got ${JSON.stringify(v) ?? 'nothing'}`);
  return v;
}
function oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) throw new HpaManifestError(path, `expected one of ${allowed.join(', ')}, got ${JSON.stringify(v) ?? 'nothing'}`);
  return v as T;
}
function quantity(v: unknown, path: string): number {
  const q = typeof v === 'number' ? v : typeof v === 'string' ? milli(v) : undefined;
  if (q === undefined || !(q >= 0)) throw new HpaManifestError(path, `expected a Kubernetes quantity like 500m or 10, got ${JSON.stringify(v) ?? 'nothing'}`);
  return q;
}

/** The HpaSpec of an autoscaling/v2 HorizontalPodAutoscaler manifest. */
export function readHpaManifest(doc: unknown): HpaSpec {
  const root = obj(doc, '(document)');
  if (root.apiVersion !== 'autoscaling/v2') throw new HpaManifestError('apiVersion', `expected autoscaling/v2, got ${JSON.stringify(root.apiVersion) ?? 'nothing'}`);
  if (root.kind !== 'HorizontalPodAutoscaler') throw new HpaManifestError('kind', `expected HorizontalPodAutoscaler, got ${JSON.stringify(root.kind) ?? 'nothing'}`);
  const meta = obj(root.metadata, 'metadata');
  if (typeof meta.name !== 'string' || meta.name === '') throw new HpaManifestError('metadata.name', 'expected a non-empty name');
  const spec = obj(root.spec, 'spec');
  const ref = obj(spec.scaleTargetRef, 'spec.scaleTargetRef');
  if (typeof ref.kind !== 'string' || typeof ref.name !== 'string') throw new HpaManifestError('spec.scaleTargetRef', 'expected kind and name');
  const minReplicas = spec.minReplicas === undefined ? 1 : int(spec.minReplicas, 'spec.minReplicas', 0);
  const maxReplicas = int(spec.maxReplicas, 'spec.maxReplicas', 1);
  if (maxReplicas < minReplicas) throw new HpaManifestError('spec.maxReplicas', `must be ≥ minReplicas (${minReplicas}), got ${maxReplicas}`);
  // Upstream's default when spec.metrics is empty: 80 % average CPU utilization.
  const metricsIn = spec.metrics === undefined ? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] : spec.metrics;
  if (!Array.isArray(metricsIn) || metricsIn.length === 0) throw new HpaManifestError('spec.metrics', 'expected a non-empty list');
  const metrics = metricsIn.map((m, i) => readMetric(m, `spec.metrics[${i}]`));
  const behavior = spec.behavior === undefined ? {} : obj(spec.behavior, 'spec.behavior');
  return {
    name: meta.name, scaleTargetRef: { kind: ref.kind, name: ref.name }, minReplicas, maxReplicas, metrics,
    behavior: { scaleUp: readRules(behavior.scaleUp, 'spec.behavior.scaleUp', defaultScaleUp()), scaleDown: readRules(behavior.scaleDown, 'spec.behavior.scaleDown', defaultScaleDown()) },
  };
}

function readMetric(v: unknown, path: string): HpaMetricSpec {
  const m = obj(v, path);
  const type = oneOf(m.type, `${path}.type`, ['Resource', 'Pods', 'Object', 'External'] as const);
  const key = ({ Resource: 'resource', Pods: 'pods', Object: 'object', External: 'external' } as const)[type];
  const src = obj(m[key], `${path}.${key}`);
  const name = type === 'Resource' ? src.name : obj(src.metric, `${path}.${key}.metric`).name;
  if (typeof name !== 'string' || name === '') throw new HpaManifestError(`${path}.${key}${type === 'Resource' ? '' : '.metric'}.name`, 'expected a metric name');
  const tp = `${path}.${key}.target`;
  const t = obj(src.target, tp);
  const allowed = type === 'Resource' ? (['Utilization', 'AverageValue'] as const) : type === 'Pods' ? (['AverageValue'] as const) : (['Value', 'AverageValue'] as const);
  const ttype = oneOf(t.type, `${tp}.type`, allowed);
  let target: HpaTarget;
  if (ttype === 'Utilization') target = { type: 'Utilization', averageUtilization: int(t.averageUtilization, `${tp}.averageUtilization`, 1) };
  else if (ttype === 'AverageValue') target = { type: 'AverageValue', averageValue: quantity(t.averageValue, `${tp}.averageValue`) };
  else target = { type: 'Value', value: quantity(t.value, `${tp}.value`) };
  return { type, name, target };
}

function readRules(v: unknown, path: string, defaults: HpaScalingRules): HpaScalingRules {
  if (v === undefined) return defaults;
  const r = obj(v, path);
  const policies = r.policies === undefined ? defaults.policies : r.policies;
  if (!Array.isArray(policies) || policies.length === 0) throw new HpaManifestError(`${path}.policies`, 'expected a non-empty list');
  return {
    stabilizationWindowSeconds: r.stabilizationWindowSeconds === undefined ? defaults.stabilizationWindowSeconds : int(r.stabilizationWindowSeconds, `${path}.stabilizationWindowSeconds`, 0),
    selectPolicy: r.selectPolicy === undefined ? 'Max' : oneOf(r.selectPolicy, `${path}.selectPolicy`, ['Max', 'Min', 'Disabled'] as const),
    policies: policies.map((p, i) => {
      const pp = obj(p, `${path}.policies[${i}]`);
      return { type: oneOf(pp.type, `${path}.policies[${i}].type`, ['Pods', 'Percent'] as const), value: int(pp.value, `${path}.policies[${i}].value`, 1), periodSeconds: int(pp.periodSeconds, `${path}.policies[${i}].periodSeconds`, 1) };
    }),
  };
}

// Upstream compares metric quantities by MilliValue.
function milli(text: string): number | undefined {
  const m = parseQuantityScaled(text, 3);
  return m === undefined ? undefined : m / 1000;
}
