/**
 * spec.drift and spec.models → model: streams, services and regions checked with located
 * issues, the training-site selector expanded to node ids, defaults filled.
 */
import type { AppModel, DriftModel, MlModel, NodeModel, RegionModel, StreamModel } from '../model.ts';
import type { DriftInput, ModelInput } from '../schema/mlops.ts';
import type { FieldPath } from '../../text/yaml-source.ts';
import { parseWaves, WaveSpecError } from '../../orchestrator/rollout/waves.ts';
import type { ResolveContext } from './context.ts';

/** Defaults of spec.models (documented in schema/mlops.ts). */
export const MODEL_DEFAULTS = {
  base: 0.95, sensitivity: 0.5, everyMs: 6 * 3_600_000, checkMs: 5 * 60_000, driftThreshold: 3, driftTolerance: 0.1, minGapMs: 30 * 60_000, waves: '1,50%,100%',
} as const;

/** Resolves spec.drift: each entry's stream must exist. */
export function resolveDrift(ctx: ResolveContext, items: DriftInput[], streams: StreamModel[]): DriftModel[] {
  const ids = streams.map((s) => s.id);
  return items.flatMap((d, i) => {
    if (!ids.includes(d.stream)) { ctx.dangling(['spec', 'drift', i, 'stream'], 'stream', d.stream, ids); return []; }
    return [{ stream: d.stream, atMs: d.at, shiftPerHour: d.shiftPerHour ?? 0, step: d.step ?? 0 }];
  });
}

/** Resolves spec.models: the service must exist (once), the site selector must match a non-sensor node, waves must parse. */
export function resolveModels(ctx: ResolveContext, items: ModelInput[], apps: AppModel[], nodes: NodeModel[], regions: RegionModel[]): MlModel[] {
  const services = apps.flatMap((a) => a.services.map((s) => `${a.id}/${s.id}`));
  const seen = new Set<string>();
  const d = MODEL_DEFAULTS;
  return items.flatMap((m, i) => {
    const p: FieldPath = ['spec', 'models', i];
    let ok = true;
    if (!services.includes(m.service)) {
      ok = false;
      if (!m.service.includes('/')) ctx.issue([...p, 'service'], `expected <app>/<service>, got '${m.service}'; known services include ${services.slice(0, 8).join(', ') || 'none'}`);
      else ctx.dangling([...p, 'service'], 'service', m.service, services);
    } else if (seen.has(m.service)) { ok = false; ctx.issue([...p, 'service'], `service '${m.service}' already has a model (one model per service)`); }
    seen.add(m.service);
    const sel = m.retrain.site.selector;
    const sp: FieldPath = [...p, 'retrain', 'site', 'selector'];
    if (sel.region !== undefined && !regions.some((r) => r.id === sel.region)) { ok = false; ctx.dangling([...sp, 'region'], 'region', sel.region, regions.map((r) => r.id)); }
    const sites = nodes.filter((n) => n.tier !== 'sensor' && (sel.tier === undefined || n.tier === sel.tier) && (sel.region === undefined || n.region === sel.region)
      && Object.entries(sel.labels ?? {}).every(([k, v]) => n.labels[k] === v)).map((n) => n.id).sort();
    if (ok && sites.length === 0) { ok = false; ctx.issue(sp, `no non-sensor node matches ${JSON.stringify(sel)}; a training site must be a gateway, edge, regional or cloud node`); }
    const waves = m.retrain.waves ?? d.waves;
    try { parseWaves(waves); } catch (e) {
      if (!(e instanceof WaveSpecError)) throw e;
      ok = false;
      ctx.issue([...p, 'retrain', 'waves'], e.message);
    }
    if (!ok) return [];
    const r = m.retrain;
    return [{
      id: m.id ?? m.service,
      service: m.service,
      trainedOn: { mean: m.trainedOn.mean, sd: m.trainedOn.sd },
      accuracy: { base: m.accuracy?.base ?? d.base, sensitivity: m.accuracy?.sensitivity ?? d.sensitivity },
      retrain: {
        policy: r.policy, everyMs: r.every ?? d.everyMs, checkMs: r.check ?? d.checkMs,
        driftThreshold: r.driftThreshold ?? d.driftThreshold, driftTolerance: r.driftTolerance ?? d.driftTolerance, minGapMs: r.minGap ?? d.minGapMs,
        sites, sampleBytes: r.sampleBytes, trainCpuMs: r.trainCpu, modelSizeBytes: r.modelSize, waves, soakMs: r.soak ?? 0,
      },
    }];
  });
}
