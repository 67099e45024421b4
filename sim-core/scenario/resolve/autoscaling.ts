/**
 * Resolves spec.autoscalers (each an autoscaling/v2 HorizontalPodAutoscaler manifest, read by
 * the HPA's own reader, its errors located at the manifest's field) and spec.nodePools (expanded
 * into nodes <pool>-1 … <pool>-<max> linked to `attachTo`, which the twin holds unprovisioned
 * until the scheduler needs them).
 */
import { HpaManifestError, readHpaManifest } from '../../orchestrator/autoscale/hpa-manifest.ts';
import { HPA_TOLERANCE, DEFAULT_SYNC_PERIOD_MS } from '../../orchestrator/autoscale/hpa.ts';
import type { AppModel, AutoscalerModel, NodeModel, NodePoolModel, PredictiveModel } from '../model.ts';
import type { SpecInput } from '../schema/scenario.ts';
import type { FieldPath } from '../../text/yaml-source.ts';
import type { ResolveContext } from './context.ts';
import type { LinkDraft } from './links.ts';
import type { NodeDraft } from './nodes.ts';

/** Default start-up delay of a new replica. */
export const DEFAULT_STARTUP_DELAY_MS = 30_000;

/** The metrics the twin measures, by metric type. */
const TWIN_METRICS: Record<string, string[]> = { Resource: ['cpu'], Pods: ['queue_length'], Object: ['latency_p95_ms'], External: ['latency_p95_ms'] };

/** "spec.metrics[0].resource.target" → ['spec', 'metrics', 0, 'resource', 'target']. */
export function manifestPath(path: string): (string | number)[] {
  if (path === '(document)') return [];
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) { out.push(part); continue; }
    if (m[1]) out.push(m[1]);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/** spec.autoscalers → AutoscalerModel[] (issues in ctx). */
export function resolveAutoscalers(ctx: ResolveContext, input: NonNullable<SpecInput['autoscalers']>, apps: AppModel[], controlPlane = false): AutoscalerModel[] {
  const out: AutoscalerModel[] = [];
  if (controlPlane) {
    // Not yet integrated: the control plane counts unprovisioned pool nodes as failed and its
    // relocation cannot ask a pool for a node, so a crash under both was never recovered.
    ctx.issue(['spec', 'autoscalers'], 'autoscalers cannot yet be combined with spec.controlPlane (its failover does not know node pools); remove one of them');
    return out;
  }
  const services = apps.flatMap((a) => a.services.map((s) => `${a.id}/${s.id}`));
  const targets = new Set<string>();
  input.forEach((doc, i) => {
    const at: FieldPath = ['spec', 'autoscalers', i];
    const { 'x-edgetwin': ext, ...manifest } = doc as Record<string, unknown> & { 'x-edgetwin'?: NonNullable<SpecInput['autoscalers']>[number]['x-edgetwin'] };
    let hpa;
    try {
      hpa = readHpaManifest(manifest);
    } catch (e) {
      if (!(e instanceof HpaManifestError)) throw e;
      ctx.issue([...at, ...manifestPath(e.path)], e.problem);
      return;
    }
    const target = hpa.scaleTargetRef.name;
    if (!services.includes(target)) { ctx.dangling([...at, 'spec', 'scaleTargetRef', 'name'], 'service', target, services, ' (write it as <app>/<service>)'); return; }
    if (targets.has(target)) { ctx.issue([...at, 'spec', 'scaleTargetRef', 'name'], `service '${target}' already has an autoscaler; one HPA per scale target`); return; }
    targets.add(target);
    let ok = true;
    hpa.metrics.forEach((m, j) => {
      const known = TWIN_METRICS[m.type]!;
      if (!known.includes(m.name)) {
        const key = ({ Resource: 'resource', Pods: 'pods', Object: 'object', External: 'external' } as const)[m.type];
        ctx.issue([...at, 'spec', 'metrics', j, key, ...(m.type === 'Resource' ? ['name'] : ['metric', 'name'])], `the twin measures ${m.type} metric${known.length > 1 ? 's' : ''} ${known.join(', ')}, not '${m.name}'`);
        ok = false;
      }
    });
    if (!ok) return;
    const p = ext?.predictive;
    let predictive: PredictiveModel | null = null;
    if (p) {
      const leadTimeMs = p.leadTime ?? 120_000, alpha = p.alpha ?? 0.3, beta = p.beta ?? 0.1;
      if (p.method === 'ewma') predictive = { method: 'ewma', leadTimeMs, alpha, beta };
      else {
        const seasonMs = p.season ?? 86_400_000, everyMs = p.every ?? 900_000;
        const period = Math.round(seasonMs / everyMs);
        const history = p.history ?? [];
        if (period < 2 || period * everyMs !== seasonMs) { ctx.issue([...at, 'x-edgetwin', 'predictive', 'every'], `the season (${seasonMs} ms) must be a whole number ≥ 2 of 'every' periods (${everyMs} ms)`); return; }
        if (history.length < 2 * period) { ctx.issue([...at, 'x-edgetwin', 'predictive', p.history ? 'history' : 'method'], `holt-winters needs two seasons of history: ${2 * period} samples (one per ${everyMs / 60_000} min), got ${history.length}; use method: ewma, or give history:`); return; }
        predictive = { method: 'holt-winters', leadTimeMs, alpha, beta, gamma: p.gamma ?? 0.1, seasonMs, everyMs, history };
      }
    }
    out.push({ hpa, service: target, syncPeriodMs: ext?.syncPeriod ?? DEFAULT_SYNC_PERIOD_MS, startupDelayMs: ext?.startupDelay ?? DEFAULT_STARTUP_DELAY_MS, tolerance: ext?.tolerance ?? HPA_TOLERANCE, predictive, routing: ext?.routing ?? 'round-robin' });
  });
  return out;
}

/** A pool expanded: its node and link drafts, and the pool without its price (read from the resolved nodes). */
export interface PoolExpansion { nodes: NodeDraft[]; links: LinkDraft[]; pools: Omit<NodePoolModel, 'costPerHourUsd'>[] }

/** spec.nodePools → node drafts <pool>-k of the pool's class, each linked to attachTo (zone and region inherited from an explicit attachTo node). */
export function expandNodePools(ctx: ResolveContext, input: NonNullable<SpecInput['nodePools']>, explicit: readonly NodeDraft[], classes: Record<string, unknown>): PoolExpansion {
  const out: PoolExpansion = { nodes: [], links: [], pools: [] };
  const names = new Set<string>();
  input.forEach((p, i) => {
    const at: FieldPath = ['spec', 'nodePools', i];
    if (names.has(p.name)) { ctx.issue([...at, 'name'], `duplicate node pool '${p.name}'`); return; }
    names.add(p.name);
    if (!(p.class in classes)) { ctx.dangling([...at, 'class'], 'node class', p.class, Object.keys(classes)); return; }
    const min = p.min ?? 0;
    if (p.max < min) { ctx.issue([...at, 'max'], `must be ≥ min (${min}), got ${p.max}`); return; }
    const parent = explicit.find((d) => d.id === p.attachTo);
    const ids: string[] = [];
    for (let k = 1; k <= p.max; k++) {
      const id = `${p.name}-${k}`;
      ids.push(id);
      const d: NodeDraft = { id, fields: {}, className: p.class, classPath: [...at, 'class'], path: [...at, 'name'] };
      if (parent?.region !== undefined) d.region = parent.region;
      if (parent?.zone !== undefined) d.zone = parent.zone;
      out.nodes.push(d);
      const template = p.link ?? { type: 'ethernet' as const, latency: 0.2, bandwidth: 1e9 };
      out.links.push({ a: p.attachTo, b: id, template, path: [...at, 'attachTo'], aPath: [...at, 'attachTo'], bPath: [...at, 'name'] });
    }
    out.pools.push({ name: p.name, nodes: ids, min, provisioningDelayMs: p.provisioningDelay ?? 180_000, releaseAfterMs: p.releaseAfter ?? 300_000 });
  });
  return out;
}

/** The pools with the price of their class (from the resolved nodes). */
export function pricePools(pools: PoolExpansion['pools'], nodes: readonly NodeModel[]): NodePoolModel[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return pools.map((p) => ({ ...p, costPerHourUsd: p.nodes.length > 0 ? byId.get(p.nodes[0]!)?.costPerHourUsd ?? 0 : 0 }));
}
