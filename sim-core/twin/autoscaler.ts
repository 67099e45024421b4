/**
 * The Kubernetes HPA inside the twin (scenario `spec.autoscalers`): every sync period each
 * autoscaler measures its metrics from the twin's own state — cpu (busy cores of the ready
 * replicas' nodes over the last sync period / their cores, as metrics-server's window would),
 * queue_length (messages waiting per ready pod), latency_p95_ms (the app's p95 over the last
 * sync period) — and asks the upstream algorithm (orchestrator/autoscale/hpa.ts) for the replica
 * count. Predictive autoscalers pass max(measured, forecast leadTime ahead) of each metric's
 * usage instead, the forecaster fed the same measurements.
 *
 * A new pod is placed by the production scheduler (the placement seam's relocate, as the control
 * plane's relocation does), reserved there, and becomes a replica after the start-up delay; when
 * no node has room, a node pool provisions one (node-pools.ts) and the pod starts there once it is
 * up; with no pool able to grow, the pod stays Pending (counted in spec.replicas, as upstream)
 * and is retried every sync, each refusal counted. Scale-down removes Pending pods first, then
 * starting ones, then the newest ready replicas; a removed replica takes no new messages, and the
 * ones already routed to or queued on its node finish there (drain). Installed only when the
 * scenario has autoscalers.
 */
import { hpaSync, initialHpaState } from '../orchestrator/autoscale/hpa.ts';
import type { HpaMetricSample, HpaReason, HpaState } from '../orchestrator/autoscale/hpa-types.ts';
import { forecastError, holtWintersFit, holtWintersForecast, holtWintersUpdate, type HoltWintersState } from '../orchestrator/autoscale/forecast.ts';
import { holt, holtForecast, holtUpdate, type HoltState } from '../orchestrator/autoscale/trend.ts';
import type { AutoscalerModel } from '../scenario/model.ts';
import { percentileOfSorted } from './latency-log.ts';
import { nodeMaybeIdle, nodePoolsOf, requestPoolNode } from './node-pools.ts';
import type { TwinState } from './state.ts';
import { balanceServices, type Balance } from './service-balance.ts';

type PodState = 'pending' | 'waiting-node' | 'starting' | 'ready';
interface Pod { id: number; state: PodState; node: number; event: number; createdMs: number }

/** One metric's forecaster and the forecasts waiting for their actual value. */
interface Forecaster {
  holt: HoltState | null;
  hw: HoltWintersState | null;
  bucket: { sum: number; n: number; endMs: number };
  due: { atMs: number; predicted: number }[];
  actual: number[];
  predicted: number[];
}

/** One scale change, as the report lists it. */
export interface ScaleEventReport { atMs: number; from: number; to: number; reason: HpaReason; proposed: number; metrics: Record<string, number> }

/** One autoscaler as it runs. */
export interface AutoscalerRun {
  model: AutoscalerModel;
  service: number;
  app: number;
  state: HpaState;
  pods: Pod[];
  lastBusy: Map<number, number>;
  lastLatencyCount: number;
  forecasters: (Forecaster | null)[];
  events: ScaleEventReport[];
  syncs: number;
  refusals: { count: number; first: { atMs: number; reason: string }[] };
  readyMs: number;
  podMs: number;
  lastAccountMs: number;
  minPods: number;
  maxPods: number;
  initial: number;
}

interface Autoscaling { runs: AutoscalerRun[]; nextPod: number; kinds: { sync: number; ready: number }; balance: Balance | null }

/**
 * The run data lives in `s.autoscaling` so a checkpoint copies it. The handlers and hooks below
 * capture `a`: restoring transplants the copy into the rebuilt twin's own `a` in place (same
 * identity), so they stay bound to the restored data.
 */
function autoscalingOf(s: TwinState): Autoscaling | undefined { return s.autoscaling as Autoscaling | undefined; }

/** The twin's autoscalers, or null without any. */
export function autoscalersOf(s: TwinState): AutoscalerRun[] | null { return autoscalingOf(s)?.runs ?? null; }

/** Registers the sync and readiness events and schedules every first sync (nothing without autoscalers). */
export function installAutoscalers(s: TwinState): void {
  const models = s.model.autoscalers ?? [];
  if (models.length === 0) return;
  const a: Autoscaling = {
    runs: [], nextPod: 0, balance: null,
    kinds: { sync: s.kernel.on((i) => onSync(s, a, i)), ready: s.kernel.on((i, pod) => onReady(s, a, i, pod)) },
  };
  models.forEach((m, i) => {
    const service = s.graph.serviceIndex.get(m.service)!;
    const initial = [...s.placement.seam.replicas[service]!];
    const pods: Pod[] = initial.map((node) => ({ id: a.nextPod++, state: 'ready', node, event: -1, createdMs: 0 }));
    a.runs.push({
      model: m, service, app: s.graph.services[service]!.appIndex, state: initialHpaState(), pods,
      lastBusy: new Map(initial.map((n) => [n, s.messages.processors[n]!.busyCoreMsAt(0)])), lastLatencyCount: 0,
      forecasters: m.hpa.metrics.map((_, j) => (m.predictive ? newForecaster(m, j) : null)),
      events: [], syncs: 0, refusals: { count: 0, first: [] }, readyMs: 0, podMs: 0, lastAccountMs: 0,
      minPods: pods.length, maxPods: pods.length, initial: pods.length,
    });
    s.kernel.schedule(m.syncPeriodMs, a.kinds.sync, i);
  });
  s.autoscaling = a;
  a.balance = balanceServices(s, a.runs.filter((r) => r.model.routing === 'round-robin').map((r) => r.service));
  const pools = nodePoolsOf(s);
  if (pools) {
    pools.onUp.push((n) => { for (const r of a.runs) for (const p of r.pods) if (p.state === 'waiting-node' && p.node === n) startOn(s, a, r, p, n); });
    pools.busy.push((n) => a.runs.some((r) => r.pods.some((p) => p.node === n && p.state !== 'ready')));
  }
  s.hooks.report.push((out) => { out.autoscaling = report(s, a); });
}

function newForecaster(m: AutoscalerModel, j: number): Forecaster | null {
  const p = m.predictive!;
  const f: Forecaster = { holt: null, hw: null, bucket: { sum: 0, n: 0, endMs: 0 }, due: [], actual: [], predicted: [] };
  if (p.method === 'ewma') { f.holt = holt(p.alpha, p.beta); return f; }
  if (j > 0) return null; // history is the first metric's; the others stay reactive
  f.hw = holtWintersFit(p.history, Math.round(p.seasonMs / p.everyMs), p.alpha, p.beta, p.gamma);
  f.bucket.endMs = p.everyMs;
  return f;
}

/** Replica-seconds so far (ready replicas, and every pod including starting and pending ones). */
function account(s: TwinState, r: AutoscalerRun): void {
  const now = s.kernel.nowMs;
  const dt = now - r.lastAccountMs;
  r.readyMs += dt * r.pods.filter((p) => p.state === 'ready').length;
  r.podMs += dt * r.pods.length;
  r.lastAccountMs = now;
}

/** What the twin measured for each of the HPA's metrics since the last sync. */
function measure(s: TwinState, r: AutoscalerRun): (HpaMetricSample | undefined)[] {
  const now = s.kernel.nowMs;
  const ready = r.pods.filter((p) => p.state === 'ready').map((p) => p.node);
  const out = r.model.hpa.metrics.map((m): HpaMetricSample | undefined => {
    if (m.name === 'cpu') {
      if (ready.length === 0) return undefined;
      let busyCores = 0, cores = 0;
      for (const n of ready) {
        const from = r.lastBusy.get(n);
        const window = Math.min(r.model.syncPeriodMs, now);
        if (from !== undefined && window > 0) busyCores += (s.messages.processors[n]!.busyCoreMsAt(now) - from) / window;
        cores += s.model.nodes[n]!.cores;
      }
      return { usage: busyCores, requests: cores };
    }
    if (m.name === 'queue_length') {
      if (ready.length === 0) return undefined;
      let waiting = 0;
      for (const n of ready) waiting += s.messages.processors[n]!.waiting;
      return { usage: waiting };
    }
    // latency_p95_ms: the app's latencies completed since the last sync.
    const log = s.metrics.latency[r.app]!;
    const fresh = log.values().slice(r.lastLatencyCount).sort();
    if (fresh.length === 0) return undefined;
    const p95 = percentileOfSorted(fresh, 95);
    return { usage: m.target.type === 'AverageValue' ? p95 * Math.max(1, ready.length) : p95 };
  });
  r.lastBusy.clear();
  for (const n of ready) r.lastBusy.set(n, s.messages.processors[n]!.busyCoreMsAt(now));
  r.lastLatencyCount = s.metrics.latency[r.app]!.count;
  return out;
}

/** Predictive: feeds each forecaster the measured usage, pairs earlier forecasts with it, and returns max(measured, forecast). */
function predict(s: TwinState, r: AutoscalerRun, samples: (HpaMetricSample | undefined)[]): (HpaMetricSample | undefined)[] {
  const p = r.model.predictive;
  if (!p) return samples;
  const now = s.kernel.nowMs;
  return samples.map((sample, j) => {
    const f = r.forecasters[j];
    if (!f || !sample) return sample;
    const y = sample.usage;
    while (f.due.length > 0 && f.due[0]!.atMs <= now) {
      const d = f.due.shift()!;
      if (d.atMs > now - r.model.syncPeriodMs) { f.actual.push(y); f.predicted.push(d.predicted); }
    }
    let forecast: number;
    if (f.holt) {
      f.holt = holtUpdate(f.holt, y);
      forecast = holtForecast(f.holt, p.leadTimeMs / r.model.syncPeriodMs);
    } else {
      const hp = p as Extract<typeof p, { method: 'holt-winters' }>;
      f.bucket.sum += y; f.bucket.n++;
      if (now >= f.bucket.endMs) {
        f.hw = holtWintersUpdate(f.hw!, f.bucket.sum / f.bucket.n);
        f.bucket = { sum: 0, n: 0, endMs: f.bucket.endMs + hp.everyMs };
      }
      // The bucket that holds now + leadTime, counted from the last bucket the forecaster saw.
      const steps = Math.max(1, Math.floor((now + p.leadTimeMs - (f.bucket.endMs - hp.everyMs)) / hp.everyMs) + 1);
      forecast = holtWintersForecast(f.hw!, steps);
    }
    forecast = Math.max(0, forecast);
    f.due.push({ atMs: now + p.leadTimeMs, predicted: forecast });
    return { ...sample, usage: Math.max(y, forecast) };
  });
}

function onSync(s: TwinState, a: Autoscaling, i: number): void {
  const r = a.runs[i]!;
  const now = s.kernel.nowMs;
  account(s, r);
  r.syncs++;
  // Pending pods first: the scheduler (or a pool) may have room now.
  for (const p of r.pods) if (p.state === 'pending') schedulePod(s, a, r, p);
  const samples = predict(s, r, measure(s, r));
  const current = r.pods.length;
  const ready = r.pods.filter((p) => p.state === 'ready').length;
  const d = hpaSync(r.model.hpa, r.state, { nowMs: now, currentReplicas: current, readyPods: ready, samples, tolerance: r.model.tolerance });
  r.state = d.state;
  if (d.replicas !== current) {
    r.events.push({ atMs: now, from: current, to: d.replicas, reason: d.reason, proposed: d.proposedReplicas, metrics: Object.fromEntries(d.perMetric.map((m) => [m.name, m.currentValue])) });
    if (d.replicas > current) for (let k = current; k < d.replicas; k++) { const p: Pod = { id: a.nextPod++, state: 'pending', node: -1, event: -1, createdMs: now }; r.pods.push(p); schedulePod(s, a, r, p); }
    else scaleDown(s, r, current - d.replicas);
    r.minPods = Math.min(r.minPods, r.pods.length);
    r.maxPods = Math.max(r.maxPods, r.pods.length);
  }
  s.kernel.schedule(r.model.syncPeriodMs, a.kinds.sync, i);
}

/** Nodes that run or will run a pod of this autoscaler's service (one replica per node). */
function taken(r: AutoscalerRun): Set<number> {
  return new Set(r.pods.flatMap((p) => (p.node >= 0 ? [p.node] : [])));
}

/** Places a pending pod: the scheduler's choice among the nodes that do not run the service yet, else a pool node. */
function schedulePod(s: TwinState, a: Autoscaling, r: AutoscalerRun, p: Pod): void {
  const seam = s.placement.seam;
  const used = taken(r);
  // The scheduler seam's relocate() frees the pod of `lostNode` first: pass none (-1). The static
  // seam measures nearness from it: pass the first replica.
  const near = isSchedulerSeam(s) ? -1 : seam.replicas[r.service]![0] ?? -1;
  const node = seam.relocate(r.service, near, (n) => !used.has(n));
  // relocate() reserved the pod's resources at its node (the scheduler's assume), as for a relocation.
  if (node >= 0) { p.node = node; begin(s, a, r, p); return; }
  const asked = requestPoolNode(s, r.service);
  if ('node' in asked) { p.state = 'waiting-node'; p.node = asked.node; return; }
  r.refusals.count++;
  if (r.refusals.first.length < 10) r.refusals.first.push({ atMs: s.kernel.nowMs, reason: asked.refused });
}

/** A requested pool node came up: reserve the pod there through the scheduler and start it. */
function startOn(s: TwinState, a: Autoscaling, r: AutoscalerRun, p: Pod, n: number): void {
  const used = taken(r);
  used.delete(n);
  const node = s.placement.seam.relocate(r.service, isSchedulerSeam(s) ? -1 : n, (x) => x === n && !used.has(x));
  if (node < 0) { p.state = 'pending'; p.node = -1; return; }
  begin(s, a, r, p);
}

function begin(s: TwinState, a: Autoscaling, r: AutoscalerRun, p: Pod): void {
  p.state = 'starting';
  p.event = s.kernel.schedule(r.model.startupDelayMs, a.kinds.ready, a.runs.indexOf(r), p.id);
}

/** The start-up delay is over: the pod becomes a replica (the scheduler's reservation becomes the replica's pod). */
function onReady(s: TwinState, a: Autoscaling, i: number, podId: number): void {
  const r = a.runs[i]!;
  const p = r.pods.find((x) => x.id === podId);
  if (!p || p.state !== 'starting') return;
  account(s, r);
  p.state = 'ready';
  p.event = -1;
  dropReservation(s, r.service, p.node);
  // With a control plane, its list of running replicas is what it sets when it starts or stops one: keep ours in it.
  s.control.plane?.runningOn[r.service]!.push(p.node);
  s.placement.setReplicas(r.service, [...s.placement.seam.replicas[r.service]!, p.node]);
  r.lastBusy.set(p.node, s.messages.processors[p.node]!.busyCoreMsAt(s.kernel.nowMs));
}

/** Removes `k` pods: pending first, then waiting for a node, then starting, then ready ones on down nodes, then the newest ready replicas. */
function scaleDown(s: TwinState, r: AutoscalerRun, k: number): void {
  // Upstream's deletion order: unscheduled, then not ready, then ready pods on a node that is down, then the newest ready ones.
  const order: PodState[] = ['pending', 'waiting-node', 'starting', 'ready', 'ready'];
  const topo = s.fabric.topology;
  for (let o = 0; o < order.length; o++) {
    const st = order[o]!;
    const downOnly = o === 3;
    for (let j = r.pods.length - 1; j >= 0 && k > 0; j--) {
      const p = r.pods[j]!;
      if (p.state !== st || (downOnly && topo.isNodeUp(p.node))) continue;
      r.pods.splice(j, 1);
      k--;
      if (st === 'starting') { s.kernel.cancel(p.event); dropReservation(s, r.service, p.node); }
      if (st === 'ready') {
        const running = s.control.plane?.runningOn[r.service];
        const at = running ? running.indexOf(p.node) : -1;
        if (at >= 0) running!.splice(at, 1);
        s.placement.setReplicas(r.service, [...s.placement.seam.replicas[r.service]!].filter((n) => n !== p.node));
      }
      if (p.node >= 0) nodeMaybeIdle(s, p.node);
    }
  }
}

function isSchedulerSeam(s: TwinState): boolean {
  return (s.placement.seam.data as { podKeys?: unknown } | undefined)?.podKeys instanceof Map;
}

/**
 * Frees the scheduler reservation relocate() made for a pod at `node` (the scheduler seam keeps
 * its pods in `data`); setReplicas then assumes the replica's own pod, so each replica holds its
 * resources once. A seam without that data keeps nothing to free.
 */
function dropReservation(s: TwinState, service: number, node: number): void {
  const data = s.placement.seam.data as { state?: { removePod(key: string): void }; podKeys?: Map<string, string> } | undefined;
  const key = data?.podKeys?.get(`${service}@${node}`);
  if (key === undefined || !data?.state) return;
  data.state.removePod(key);
  data.podKeys!.delete(`${service}@${node}`);
}

/** report.autoscaling: per autoscaler, its scale events, replica-seconds, refusals and forecast error. */
function report(s: TwinState, a: Autoscaling): unknown[] {
  return a.runs.map((r) => {
    account(s, r);
    const forecast = r.model.predictive ? Object.fromEntries(r.model.hpa.metrics.flatMap((m, j) => {
      const f = r.forecasters[j];
      return f ? [[m.name, forecastError(f.actual, f.predicted)]] : [];
    })) : null;
    return {
      name: r.model.hpa.name, service: r.model.service, mode: r.model.predictive ? `predictive (${r.model.predictive.method})` : 'reactive',
      syncs: r.syncs, replicas: { initial: r.initial, final: r.pods.length, ready: r.pods.filter((p) => p.state === 'ready').length, min: r.minPods, max: r.maxPods },
      replicaSeconds: r.readyMs / 1000, podSeconds: r.podMs / 1000,
      scaleEvents: r.events, refusals: r.refusals, forecast,
    };
  });
}
