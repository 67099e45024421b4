/**
 * spec.controlPlane and spec.stochasticFaults → model: references checked with located issues,
 * defaults filled. `completeControlPlane` is also what the twin applies to a partial model built
 * in code, so both paths share one set of defaults.
 */
import type { ControlPlaneModel, NodeModel, RegionModel, StochasticFaultModel } from '../model.ts';
import type { ControlPlaneInput, StochasticFaultInput } from '../schema/control-plane.ts';
import type { FieldPath } from '../../text/yaml-source.ts';
import type { ResolveContext } from './context.ts';
import { resolveStochasticPrecursor } from './prediction.ts';

/** Defaults of the control plane (documented in schema/control-plane.ts). */
export const CONTROL_PLANE_DEFAULTS = {
  heartbeatEveryMs: 1_000, timeoutMs: 5_000, phiThreshold: 8, phiWindow: 100, gracePeriodMs: 30_000,
  reconcileEveryMs: 10_000, decisionTimeMs: 5, startupTimeMs: 2_000, restartLocally: true, shedLowPriorityAbove: 0.8,
} as const;

/** Default master: first cloud node, else first regional, else first non-sensor node; null when there is none. */
export function defaultMaster(nodes: readonly NodeModel[]): string | null {
  const pick = (t: NodeModel['tier']) => nodes.find((n) => n.tier === t)?.id;
  return pick('cloud') ?? pick('regional') ?? nodes.find((n) => n.tier !== 'sensor')?.id ?? null;
}

/** Default regional orchestrators: per region, its first regional-tier node, else its first edge node (regions with neither get none). */
export function defaultRegional(nodes: readonly NodeModel[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tier of ['regional', 'edge'] as const) {
    for (const n of nodes) if (n.tier === tier && out[n.region] === undefined) out[n.region] = n.id;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** Fills every missing field of a control-plane model; {} (or no model) means 'none'. */
export function completeControlPlane(cp: Partial<ControlPlaneModel>, nodes: readonly NodeModel[]): ControlPlaneModel {
  const d = CONTROL_PLANE_DEFAULTS;
  const model = cp.model ?? 'none';
  const heartbeatEveryMs = cp.heartbeatEveryMs ?? d.heartbeatEveryMs;
  return {
    model,
    master: model === 'centralized' || model === 'hierarchical' ? (cp.master ?? defaultMaster(nodes)) : null,
    regional: model === 'hierarchical' ? (cp.regional ?? defaultRegional(nodes)) : {},
    members: model === 'decentralized' ? (cp.members ?? nodes.filter((n) => n.tier === 'edge').map((n) => n.id)) : [],
    heartbeatEveryMs,
    detector: cp.detector ?? { kind: 'timeout', timeoutMs: d.timeoutMs },
    gracePeriodMs: cp.gracePeriodMs ?? d.gracePeriodMs,
    reconcileEveryMs: cp.reconcileEveryMs ?? d.reconcileEveryMs,
    decisionTimeMs: cp.decisionTimeMs ?? d.decisionTimeMs,
    startupTimeMs: cp.startupTimeMs ?? d.startupTimeMs,
    autonomy: {
      restartLocally: cp.autonomy?.restartLocally ?? d.restartLocally,
      shedLowPriorityAbove: cp.autonomy?.shedLowPriorityAbove ?? d.shedLowPriorityAbove,
    },
  };
}

/** Resolves spec.controlPlane (absent: model 'none'); issues land in ctx. */
export function resolveControlPlane(ctx: ResolveContext, input: ControlPlaneInput | undefined, nodes: NodeModel[], regions: RegionModel[]): ControlPlaneModel {
  if (input === undefined) return completeControlPlane({}, nodes);
  const p: FieldPath = ['spec', 'controlPlane'];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const hosts = nodes.filter((n) => n.tier !== 'sensor').map((n) => n.id);
  const model = input.model ?? 'centralized';
  const checkHost = (path: FieldPath, id: string, what: string): boolean => {
    const n = byId.get(id);
    if (!n) { ctx.dangling(path, 'node', id, hosts); return false; }
    if (n.tier === 'sensor') { ctx.issue(path, `${what} '${id}' is a sensor; a controller runs on a gateway, edge, regional or cloud node`); return false; }
    return true;
  };
  if (input.master !== undefined) checkHost([...p, 'master'], input.master, 'master');
  else if ((model === 'centralized' || model === 'hierarchical') && defaultMaster(nodes) === null) {
    ctx.issue([...p, 'model'], `a ${model} control plane needs a master, and there is no non-sensor node to default to`);
  }
  if (input.regional !== undefined) {
    for (const [region, id] of Object.entries(input.regional)) {
      const rp: FieldPath = [...p, 'regional', region];
      if (!regions.some((r) => r.id === region)) { ctx.dangling(rp, 'region', region, regions.map((r) => r.id)); continue; }
      const inRegion = nodes.filter((n) => n.region === region && n.tier !== 'sensor');
      if (inRegion.length === 0) { ctx.issue(rp, `region '${region}' has no nodes that could run an orchestrator`); continue; }
      if (!checkHost(rp, id, 'regional orchestrator')) continue;
      if (byId.get(id)!.region !== region) ctx.issue(rp, `node '${id}' is in region '${byId.get(id)!.region}', not '${region}'; nodes of ${region}: ${inRegion.slice(0, 8).map((n) => n.id).join(', ')}`);
    }
  }
  if (input.members !== undefined) {
    input.members.forEach((id, i) => checkHost([...p, 'members', i], id, 'member'));
    if (input.members.length === 0) ctx.issue([...p, 'members'], 'a decentralized control plane needs at least one member');
  } else if (model === 'decentralized' && !nodes.some((n) => n.tier === 'edge')) {
    ctx.issue([...p, 'model'], 'a decentralized control plane needs members; there are no edge nodes to default to, so list them in members');
  }
  const hb = input.heartbeatEvery ?? CONTROL_PLANE_DEFAULTS.heartbeatEveryMs;
  const det = input.detector;
  const detector: ControlPlaneModel['detector'] | undefined = det === undefined ? undefined
    : 'timeout' in det ? { kind: 'timeout', timeoutMs: det.timeout }
      : {
        kind: 'phi', threshold: det.phi.threshold ?? CONTROL_PLANE_DEFAULTS.phiThreshold, windowSize: det.phi.window ?? CONTROL_PLANE_DEFAULTS.phiWindow,
        minSdMs: det.phi.minSd ?? hb / 10, firstIntervalMs: hb,
      };
  if (detector?.kind === 'timeout' && detector.timeoutMs <= hb) {
    ctx.issue([...p, 'detector', 'timeout'], `timeout (${detector.timeoutMs} ms) must be longer than heartbeatEvery (${hb} ms), or every node is suspected between two heartbeats`);
  }
  return completeControlPlane({
    model, heartbeatEveryMs: hb,
    ...(input.master !== undefined ? { master: input.master } : {}),
    ...(input.regional !== undefined ? { regional: { ...input.regional } } : {}),
    ...(input.members !== undefined ? { members: [...input.members] } : {}),
    ...(detector ? { detector } : {}),
    ...(input.gracePeriod !== undefined ? { gracePeriodMs: input.gracePeriod } : {}),
    ...(input.reconcileEvery !== undefined ? { reconcileEveryMs: input.reconcileEvery } : {}),
    ...(input.decisionTime !== undefined ? { decisionTimeMs: input.decisionTime } : {}),
    ...(input.startupTime !== undefined ? { startupTimeMs: input.startupTime } : {}),
    autonomy: {
      restartLocally: input.autonomy?.restartLocally ?? CONTROL_PLANE_DEFAULTS.restartLocally,
      shedLowPriorityAbove: input.autonomy?.shedLowPriorityAbove ?? CONTROL_PLANE_DEFAULTS.shedLowPriorityAbove,
    },
  }, nodes);
}

/** Resolves spec.stochasticFaults: selectors expanded to node ids; each entry needs exactly one of select or domain. */
export function resolveStochasticFaults(ctx: ResolveContext, items: StochasticFaultInput[], nodes: NodeModel[]): StochasticFaultModel[] {
  const out: StochasticFaultModel[] = [];
  const ids = new Set(nodes.map((n) => n.id));
  const known = nodes.map((n) => n.id);
  items.forEach((f, i) => {
    const p: FieldPath = ['spec', 'stochasticFaults', i];
    const kind = f.kind ?? 'node';
    if ((f.select === undefined) === (f.domain === undefined)) {
      ctx.issue(p, 'give exactly one of select (nodes failing independently) or domain (zone or region failing as a whole)');
      return;
    }
    if (f.domain !== undefined) {
      if (f.precursor !== undefined) { ctx.issue([...p, 'precursor'], 'a precursor applies to select (nodes failing one by one), not to a failure domain'); return; }
      out.push({ kind, nodes: [], domain: f.domain, mtbfMs: f.mtbf, mttrMs: f.mttr });
      return;
    }
    const sel = f.select!;
    let ok = true;
    (sel.nodes ?? []).forEach((id, k) => { if (!ids.has(id)) { ctx.dangling([...p, 'select', 'nodes', k], 'node', id, known); ok = false; } });
    if (!ok) return;
    const chosen = nodes.filter((n) => (sel.tier === undefined || n.tier === sel.tier)
      && (sel.nodes === undefined || sel.nodes.includes(n.id))
      && Object.entries(sel.labels ?? {}).every(([k, v]) => n.labels[k] === v)).map((n) => n.id);
    if (chosen.length === 0) { ctx.issue([...p, 'select'], `select ${JSON.stringify(sel)} matches no node`); return; }
    if (f.precursor === undefined) { out.push({ kind, nodes: chosen, mtbfMs: f.mtbf, mttrMs: f.mttr }); return; }
    const precursor = resolveStochasticPrecursor(ctx, [...p, 'precursor'], f.precursor);
    if (precursor) out.push({ kind, nodes: chosen, mtbfMs: f.mtbf, mttrMs: f.mttr, precursor });
  });
  return out;
}
