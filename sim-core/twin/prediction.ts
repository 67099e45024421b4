/**
 * Predictive operations (scenario `spec.prediction`): every `every`, the trend detector
 * (orchestrator/predict/) gets one telemetry sample per signal of every up non-sensor node; an
 * alarm drains the node before the predicted failure. With a control plane the drain goes
 * through its relocation path (relocateStep with the production scheduler as placer, then
 * commit: desired state moves, the target is told to start, the reconcile loop stops the old
 * replica); without one the scheduler's relocate() picks a target and PlacementState.setReplicas
 * moves the replica at once. A drained node takes no new replicas until the horizon has passed
 * or it has failed and come back. Nothing is registered without the section, so other runs keep
 * their exact event sequence.
 */
import { newDetector, observe, resetTarget, type Alarm, type DetectorParams, type DetectorState } from '../orchestrator/predict/detector.ts';
import { relocateStep } from '../orchestrator/control/relocate.ts';
import { PRECURSOR_SIGNALS, type PrecursorSignal } from '../scenario/model.ts';
import { formatDurationMs } from '../text/units.ts';
import type { ControlPlane } from './control/cp.ts';
import { commit, seamPlacer } from './control/relocation.ts';
import { controllerOf } from './control/roles.ts';
import { predictionReport, type PredictionRun } from './prediction-report.ts';
import type { TwinState } from './state.ts';
import { createTelemetry, readSignal, SIGNALS, type Telemetry } from './telemetry-signals.ts';
import { hasQueueGrowth, queueFill } from './queue-growth.ts';

/** Everything the predictor keeps during a run (in s.prediction, so a checkpoint copies it). */
interface PredictionData {
  run: PredictionRun;
  /** Node → end of its drain (no new replicas there before). */
  drainedUntil: Map<number, number>;
  detectors: Map<PrecursorSignal, DetectorState>;
  telemetry: Telemetry | null;
}

/** Installs the predictor when the scenario has spec.prediction (enabled or not: the report scores precursors either way). */
export function installPrediction(s: TwinState): void {
  const pm = s.model.prediction;
  if (!pm) return;
  const d: PredictionData = { run: { alarms: [], migrations: 0, refused: 0, minutes: [], stochasticPrecursors: 0 }, drainedUntil: new Map(), detectors: new Map(), telemetry: null };
  s.prediction = d;
  const topo = s.fabric.topology;
  const draining = (n: number) => (d.drainedUntil.get(n) ?? -1) > s.kernel.nowMs;
  s.hooks.nodeUp.push((n) => d.drainedUntil.delete(n));
  const k = s.kernel;
  // SLO minutes: per-app counters at each minute boundary (the report turns them into bad minutes).
  const snapshot = () => d.run.minutes.push({
    tMs: k.nowMs,
    completed: s.metrics.latency.map((l) => l.count),
    violations: Array.from(s.metrics.sloViolations),
    failed: s.model.apps.map((_, i) => s.metrics.appDropped[i]! + s.metrics.appLost[i]!),
  });
  snapshot();
  const minuteKind = k.on(() => { snapshot(); k.schedule(60_000, minuteKind); });
  k.schedule(60_000, minuteKind);
  s.hooks.report.push((out) => { out.prediction = predictionReport(s, pm, d.run); });
  if (!pm.enabled) return;

  const telemetry = createTelemetry(s, pm.noise);
  d.telemetry = telemetry;
  const params = new Map<PrecursorSignal, DetectorParams>(SIGNALS.map((sig) => [sig, {
    windowMs: pm.windowMs, horizonMs: pm.horizonMs, critical: PRECURSOR_SIGNALS[sig].critical, minSamples: pm.minSamples,
  }]));
  for (const sig of SIGNALS) d.detectors.set(sig, newDetector(params.get(sig)!));
  // Stochastic faults with a precursor: each drawn failure time gets its rise (from the draw when the lead is longer).
  (s.hooks.failureAhead ??= []).push((n, atMs, pre) => {
    const list = (telemetry.byNode.get(n) ?? []).filter((x) => x.faultAtMs >= k.nowMs); // past rises read as 0
    telemetry.byNode.set(n, list);
    list.push({ node: topo.nodeId(n), signal: pre.signal, startMs: Math.max(k.nowMs, atMs - pre.leadMs), faultAtMs: atMs, peak: pre.peak, noise: pre.noise, fails: true, entry: -1 });
    d.run.stochasticPrecursors++;
  });
  // Telemetry from before a crash says nothing about the node after it comes back.
  s.hooks.nodeDown.push((n) => { for (const det of d.detectors.values()) resetTarget(det, n); });
  const watched = s.model.nodes.flatMap((node, n) => (node.tier === 'sensor' ? [] : [n]));
  const watchQueues = hasQueueGrowth(s);
  const tick = k.on(() => {
    k.schedule(pm.everyMs, tick);
    const now = k.nowMs;
    for (const sig of SIGNALS) {
      // Queue fill is measured (no noise draw); watched only when a queueGrowth precursor exists, so other runs are unchanged.
      if (sig === 'queueGrowth' && !watchQueues) continue;
      for (const n of watched) {
        if (!topo.isNodeUp(n)) continue;
        const value = sig === 'queueGrowth' ? queueFill(s, n) : readSignal(telemetry, n, sig, now);
        const alarm = observe(d.detectors.get(sig)!, params.get(sig)!, n, { tMs: now, value });
        if (!alarm) continue;
        d.run.alarms.push({ ...alarm, signal: sig });
        if (pm.action === 'migrate') {
          d.drainedUntil.set(n, now + pm.horizonMs);
          drain(s, n, alarm, draining, d.run);
        }
      }
    }
  });
  k.schedule(pm.everyMs, tick);
}

/** Moves every replica off node n (it is predicted to fail): through the control plane when there is one. */
function drain(s: TwinState, n: number, alarm: Alarm, draining: (n: number) => boolean, run: PredictionRun): void {
  const topo = s.fabric.topology;
  const why = `pre-emptive: ${topo.nodeId(n)} predicted to fail at ${formatDurationMs(alarm.predictedFailureAtMs)}`;
  const cp = s.control.plane as ControlPlane | null;
  if (cp) {
    const c = controllerOf(cp, n);
    const base = seamPlacer(cp);
    const placer: typeof base = (service, lost, allowed) => {
      const choice = base(service, lost, (node) => allowed(node) && !draining(topo.nodeIndex(node)));
      return choice && { ...choice, reason: { ...choice.reason, message: `${why}; ${choice.reason.message}` } };
    };
    for (const svc of [...(cp.desiredOf[n] ?? [])].sort((a, b) => a - b)) {
      if (c < 0) { run.refused++; continue; }
      const a = relocateStep(cp.controller, cp.view, cp.relocation, topo.nodeId(c), s.graph.services[svc]!.key, topo.nodeId(n), placer);
      if (a.kind !== 'relocate') { run.refused++; continue; }
      commit(cp, a, s.kernel.nowMs);
      run.migrations++;
    }
    return;
  }
  const replicas = s.placement.seam.replicas;
  for (let svc = 0; svc < replicas.length; svc++) {
    const list = Array.from(replicas[svc]!);
    if (!list.includes(n)) continue;
    const target = s.placement.seam.relocate(svc, n, (x) => x !== n && !list.includes(x) && topo.isNodeUp(x) && !draining(x));
    if (target < 0) { run.refused++; continue; }
    const next = list.map((x) => (x === n ? target : x));
    const key = s.graph.services[svc]!.key;
    const e = s.placement.seam.lastExplanation?.() ?? null;
    const decision = s.placement.decisionLog.add({
      atMs: s.kernel.nowMs, service: key, kind: 'relocated', node: topo.nodeId(target), from: topo.nodeId(n), by: 'predictor',
      scores: e?.scores ?? {}, total: e?.total ?? null, feasibleNodes: e?.feasibleNodes ?? 0, evaluatedNodes: e?.evaluatedNodes ?? 0,
      policies: e?.policies ?? [], message: `${why}${e?.message ? `; ${e.message}` : ''}`,
    });
    s.placement.setReplicas(svc, next);
    s.events.publish({ t: s.kernel.nowMs, type: 'placement', service: key, nodes: next.map((x) => topo.nodeId(x)), decisions: [decision] });
    run.migrations++;
  }
}
