/**
 * Apps and streams: defaults, references (next, placement, app, entry, sources), dataflow
 * cycles, and the one-of choices (arrival kind, arch vs platforms).
 */
import type { z } from 'zod';
import type { AppModel, Arch, ArrivalModel, NodeModel, ServiceModel, StreamModel } from '../model.ts';
import { PLATFORM_ARCH, type zApp, type zStream } from '../schema/workload.ts';
import type { FieldPath } from '../../text/yaml-source.ts';
import { checkDuplicates, type ResolveContext } from './context.ts';
import { resolveCurve, resolveRateChanges } from './rate-curve.ts';

type AppIn = z.output<typeof zApp>;
type StreamIn = z.output<typeof zStream>;

/** Default CPU request in millicores (kube-scheduler's non-zero default, 100m). */
export const DEFAULT_CPU_REQUEST_MILLICORES = 100;
/** Default memory request in bytes (kube-scheduler's non-zero default, 200Mi). */
export const DEFAULT_MEMORY_REQUEST_BYTES = 200 * 2 ** 20;

/** Resolves spec.apps against the node ids. */
export function resolveApps(ctx: ResolveContext, apps: AppIn[], nodeIds: Set<string>, knownNodes: readonly string[]): AppModel[] {
  checkDuplicates(ctx, 'app', apps.map((a, i) => ({ id: a.id, path: ['spec', 'apps', i, 'id'] })));
  return apps.map((app, ai) => {
    const base: FieldPath = ['spec', 'apps', ai];
    checkDuplicates(ctx, 'service', app.services.map((s, si) => ({ id: s.id, path: [...base, 'services', si, 'id'] })));
    const serviceIds = app.services.map((s) => s.id);
    const services = app.services.map((s, si): ServiceModel => {
      const sp: FieldPath = [...base, 'services', si];
      (s.next ?? []).forEach((n, k) => { if (!serviceIds.includes(n)) ctx.dangling([...sp, 'next', k], 'service', n, serviceIds, ` in app '${app.id}'`); });
      (s.placement ?? []).forEach((n, k) => { if (!nodeIds.has(n)) ctx.dangling([...sp, 'placement', k], 'node', n, knownNodes); });
      const placement = s.placement ?? [];
      const replicas = s.replicas ?? Math.max(1, placement.length);
      if (placement.length > 0 && placement.length !== replicas) {
        ctx.issue([...sp, 'placement'], `placement lists ${placement.length} node(s) but replicas is ${replicas}; give one node per replica`);
      }
      if (s.arch && s.platforms) ctx.issue([...sp, 'platforms'], 'give either arch or platforms, not both', 'key');
      const arches: Arch[] = s.platforms
        ? [...new Set(s.platforms.map((p) => PLATFORM_ARCH[p as keyof typeof PLATFORM_ARCH] as Arch))]
        : ((s.arch as Arch[] | undefined) ?? ['x86_64', 'arm64']);
      const svc: ServiceModel = {
        id: s.id,
        cpuWorkMs: s.cpuWork,
        serviceTime: (s.serviceTime ?? 'exponential') as ServiceModel['serviceTime'],
        requests: {
          cpuMillicores: s.requests?.cpu ?? DEFAULT_CPU_REQUEST_MILLICORES,
          memoryBytes: s.requests?.memory ?? DEFAULT_MEMORY_REQUEST_BYTES,
          gpus: s.requests?.gpus ?? 0,
        },
        arches,
        replicas,
        placement: [...placement],
        outputRatio: s.outputRatio ?? 1,
        next: [...(s.next ?? [])],
        sensitive: s.sensitive ?? false,
        labels: { ...s.labels },
      };
      if (s.accelerator !== undefined) svc.accelerator = s.accelerator;
      return svc;
    });
    const cycle = findCycle(services);
    if (cycle) ctx.issue([...base, 'services'], `services form a cycle (${cycle.join(' → ')}); a dataflow must end in a sink`);
    return { id: app.id, services, slo: { latencyMs: app.slo.latency, percentile: app.slo.percentile ?? 95 }, labels: { ...app.labels } };
  });
}

/** A cycle in the `next` graph as a list of ids (first repeated at the end), or undefined. */
export function findCycle(services: readonly { id: string; next: readonly string[] }[]): string[] | undefined {
  const byId = new Map(services.map((s) => [s.id, s]));
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    state.set(id, 1);
    stack.push(id);
    for (const n of byId.get(id)?.next ?? []) {
      if (!byId.has(n)) continue;
      if (state.get(n) === 1) return [...stack.slice(stack.indexOf(n)), n];
      if (!state.has(n)) { const c = visit(n); if (c) return c; }
    }
    stack.pop();
    state.set(id, 2);
    return undefined;
  };
  for (const s of services) if (!state.has(s.id)) { const c = visit(s.id); if (c) return c; }
  return undefined;
}

/** Resolves spec.streams against apps, nodes and generator outputs. */
export function resolveStreams(
  ctx: ResolveContext, streams: StreamIn[], apps: AppModel[], nodes: NodeModel[], sensorsByGenerator: Map<string, string[]>,
): StreamModel[] {
  checkDuplicates(ctx, 'stream', streams.map((s, i) => ({ id: s.id, path: ['spec', 'streams', i, 'id'] })));
  const nodeIds = new Set(nodes.map((n) => n.id));
  const knownNodes = nodes.map((n) => n.id);
  const out: StreamModel[] = [];
  streams.forEach((s, i) => {
    const sp: FieldPath = ['spec', 'streams', i];
    const app = apps.find((a) => a.id === s.app);
    if (!app) ctx.dangling([...sp, 'app'], 'app', s.app, apps.map((a) => a.id));
    const entry = s.entry ?? app?.services[0]?.id ?? '';
    if (app && s.entry !== undefined && !app.services.some((x) => x.id === s.entry)) {
      ctx.dangling([...sp, 'entry'], 'service', s.entry, app.services.map((x) => x.id), ` in app '${app.id}'`);
    }
    const sources = resolveSources(ctx, s.sources, [...sp, 'sources'], nodes, nodeIds, knownNodes, sensorsByGenerator);
    const arrival = resolveArrival(ctx, s.arrival, [...sp, 'arrival']);
    const rateChanges = s.rateChanges && sources ? resolveRateChanges(ctx, s.rateChanges, [...sp, 'rateChanges'], s.id, sources, nodes) : undefined;
    if (!app || !arrival || !sources || (s.rateChanges && !rateChanges)) return;
    const stream: StreamModel = {
      id: s.id, app: s.app, entry, sources, arrival,
      sizeBytes: s.size,
      value: s.value ?? { dist: 'constant', value: 0 },
      filter: { ...s.filter },
      priority: s.priority ?? 'normal',
      ttlMs: s.ttl ?? Infinity,
      tags: [...(s.tags ?? [])],
      store: { lifespanMs: s.store?.lifespan ?? Infinity, replicas: s.store?.replicas ?? 1 },
    };
    if (s.store?.criticalAbove !== undefined) stream.store.criticalAbove = s.store.criticalAbove;
    if (s.actuation) stream.actuationBytes = s.actuation.size;
    if (rateChanges && rateChanges.length > 0) stream.rateChanges = rateChanges;
    out.push(stream);
  });
  return out;
}

function resolveSources(
  ctx: ResolveContext, src: StreamIn['sources'], path: FieldPath, nodes: NodeModel[], nodeIds: Set<string>,
  knownNodes: readonly string[], sensorsByGenerator: Map<string, string[]>,
): string[] | undefined {
  if (Array.isArray(src)) {
    let ok = true;
    src.forEach((id, k) => { if (!nodeIds.has(id)) { ctx.dangling([...path, k], 'node', id, knownNodes); ok = false; } });
    return ok ? [...src] : undefined;
  }
  const obj = src as { selector?: { tier?: string; labels?: Record<string, string>; region?: string }; generator?: string };
  if ((obj.selector === undefined) === (obj.generator === undefined)) {
    ctx.issue(path, 'sources needs exactly one of selector or generator (or a list of node ids)');
    return undefined;
  }
  if (obj.generator !== undefined) {
    const ids = sensorsByGenerator.get(obj.generator);
    if (!ids) { ctx.dangling([...path, 'generator'], 'generator', obj.generator, [...sensorsByGenerator.keys()]); return undefined; }
    if (ids.length === 0) { ctx.issue([...path, 'generator'], `generator '${obj.generator}' makes no sensors`); return undefined; }
    return [...ids];
  }
  const sel = obj.selector!;
  const picked = nodes.filter((n) =>
    (sel.tier === undefined || n.tier === sel.tier) &&
    (sel.region === undefined || n.region === sel.region) &&
    Object.entries(sel.labels ?? {}).every(([k, v]) => n.labels[k] === v)).map((n) => n.id);
  if (picked.length === 0) { ctx.issue([...path, 'selector'], `selector ${JSON.stringify(sel)} matches no node`); return undefined; }
  return picked;
}

function resolveArrival(ctx: ResolveContext, a: StreamIn['arrival'], path: FieldPath): ArrivalModel | undefined {
  const kinds = (['periodic', 'poisson', 'mmpp', 'trace', 'curve'] as const).filter((k) => a[k] !== undefined);
  if (kinds.length !== 1) {
    ctx.issue(path, kinds.length === 0
      ? 'arrival needs one of periodic: {period}, poisson: {rate}, mmpp: {rates, meanState}, trace: {gaps}, curve: {piecewiseLinear|sinusoidal|step|trace|flashCrowd}'
      : `arrival takes exactly one kind, got ${kinds.join(' and ')}`);
    return undefined;
  }
  if (a.periodic) return { kind: 'periodic', periodMs: a.periodic.period, jitterMs: a.periodic.jitter ?? 0 };
  if (a.poisson) return { kind: 'poisson', ratePerS: a.poisson.rate };
  if (a.mmpp) {
    if (a.mmpp.rates.length !== a.mmpp.meanState.length) {
      ctx.issue([...path, 'mmpp', 'meanState'], `mmpp needs one meanState per rate (${a.mmpp.rates.length} rates, ${a.mmpp.meanState.length} meanState)`);
      return undefined;
    }
    return { kind: 'mmpp', ratesPerS: [...a.mmpp.rates], meanStateMs: [...a.mmpp.meanState] };
  }
  if (a.curve) {
    const c = resolveCurve(ctx, a.curve, [...path, 'curve']);
    if (!c) return undefined;
    return c.traceFile !== undefined ? { kind: 'curve', curve: c.curve, traceFile: c.traceFile } : { kind: 'curve', curve: c.curve };
  }
  return { kind: 'trace', gapsMs: [...a.trace!.gaps] };
}
