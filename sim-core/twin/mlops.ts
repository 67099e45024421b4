/**
 * Edge MLOps in the twin (spec.models): a service's replicas run versioned models; every
 * `check` the readings its app's streams emitted in that window give a live (mean, sd), each
 * replica's accuracy proxy is computed against the training distribution of the version it runs
 * (orchestrator/mlops/accuracy.ts) and averaged over replicas; the Page-Hinkley detector runs on
 * the standardized window means. A retraining round — periodic or on drift — picks a training
 * site the policy engine allows (residency), sends sampleBytes from every replica node there as
 * bulk flows, trains for trainCpu / coreSpeed on the site, then rolls the new version out in
 * waves (model-rollout.ts). The new version was trained on the last full window before the round
 * began (its data time is the round's start: staleness counts from there).
 *
 * Simplifications, stated: training time is reserved on the site but does not compete with the
 * site's message processing; readings are observed at emission (including those later filtered
 * or lost); the live estimate is the same for every replica. Installed only when the scenario has
 * spec.models, so other runs are untouched.
 */
import { accuracyProxy, addValue, emptyWindow, initPageHinkley, pageHinkleyStep, shouldRetrain, windowMoments } from '../orchestrator/mlops/index.ts';
import type { PolicySet } from '../orchestrator/policy/compile.ts';
import { bulkTransfers, startBulk } from './bulk-transfer.ts';
import { startModelRollout, tickModelRollout } from './model-rollout.ts';
import type { TwinState } from './state.ts';
import { chooseTrainingSite } from './training-site.ts';
import { observeValues } from './value-drift.ts';
import { versionOn } from './mlops-version.ts';
import { mlopsReport } from './mlops-report.ts';
import type { ModelRun, ModelVersion } from './mlops-types.ts';

export type { ModelRun, ModelVersion } from './mlops-types.ts';

/** Registers the check event and the value observers for every spec.models entry (nothing without). */
export function installMlops(s: TwinState, policies: PolicySet | undefined): void {
  const specs = s.model.models ?? [];
  if (specs.length === 0) return;
  bulkTransfers(s);
  const runs: ModelRun[] = specs.map((spec, index) => {
    const service = s.graph.serviceIndex.get(spec.service)!;
    const appIndex = s.graph.services[service]!.appIndex;
    const streams = s.model.streams.flatMap((_, i) => (s.graph.streamApp[i] === appIndex ? [i] : []));
    return {
      index, spec, service, streams,
      versions: [{ version: 1, dataAtMs: 0, trainedOn: { ...spec.trainedOn }, site: null, deployedAtMs: 0, outcome: 'initial' }],
      deployed: 1, nodeVersion: new Map(), window: emptyWindow(), lastWindow: null, detector: initPageHinkley(),
      lastStartMs: 0, busy: false, rollout: null, rounds: 0, retrains: 0, rolledBack: 0, refusedRounds: 0, refusals: new Map(), driftAlarms: 0,
      bytes: { training: 0, trainingWan: 0, delivery: 0, deliveryWan: 0 }, trainCpuMs: 0,
      accSumMs: 0, accMs: 0, accMin: Infinity, accLast: null, staleSumMs: 0, staleMaxMs: 0, series: [],
    };
  });
  for (const run of runs) for (const st of run.streams) observeValues(s, st, (v) => addValue(run.window, v));
  // a = model index; b = 0 check, 1 training finished.
  const kind = s.kernel.on((i, what) => (what === 0 ? check(s, runs[i]!, policies, kind) : trained(s, runs[i]!)));
  runs.forEach((run, i) => s.kernel.schedule(run.spec.retrain.checkMs, kind, i, 0));
  s.hooks.report.push((out) => { out.mlops = mlopsReport(s, runs); });
}


function replicaNodes(s: TwinState, run: ModelRun): number[] {
  return [...new Set(s.placement.seam.replicas[run.service] ?? [])].sort((a, b) => a - b);
}

function check(s: TwinState, run: ModelRun, policies: PolicySet | undefined, kind: number): void {
  const now = s.kernel.nowMs;
  const r = run.spec.retrain;
  const live = windowMoments(run.window);
  let drift = false;
  let stat = 0;
  if (live) {
    const nodes = replicaNodes(s, run);
    let acc = 0, stale = 0, ver = 0;
    for (const n of nodes) {
      const v = run.versions[versionOn(run, n) - 1]!;
      acc += accuracyProxy(live, v.trainedOn, run.spec.accuracy);
      stale += now - v.dataAtMs;
      ver += v.version;
    }
    if (nodes.length > 0) {
      acc /= nodes.length; stale /= nodes.length; ver /= nodes.length;
      run.accSumMs += acc * r.checkMs; run.accMs += r.checkMs;
      run.accMin = Math.min(run.accMin, acc); run.accLast = acc;
      run.staleSumMs += stale * r.checkMs; run.staleMaxMs = Math.max(run.staleMaxMs, stale);
    }
    const ref = run.versions[run.deployed - 1]!.trainedOn;
    const ph = pageHinkleyStep(run.detector, (live.mean - ref.mean) / ref.sd, { delta: r.driftTolerance, lambda: r.driftThreshold });
    run.detector = ph.state;
    drift = ph.drift;
    stat = ph.statistic;
    if (drift) run.driftAlarms++;
    run.series.push([now, nodes.length > 0 ? acc : NaN, ver, stat]);
    run.lastWindow = live;
  }
  run.window = emptyWindow();
  if (run.rollout) tickModelRollout(run.rollout, now);
  const decision = shouldRetrain({ policy: r.policy, nowMs: now, lastStartMs: run.lastStartMs, busy: run.busy, drift, everyMs: r.everyMs, minGapMs: r.minGapMs });
  if (decision.retrain && run.lastWindow) startRound(s, run, policies, kind);
  s.kernel.schedule(r.checkMs, kind, run.index, 0);
}

function startRound(s: TwinState, run: ModelRun, policies: PolicySet | undefined, kind: number): void {
  const now = s.kernel.nowMs;
  const holders = replicaNodes(s, run).filter((n) => s.fabric.topology.isNodeUp(n));
  run.lastStartMs = now;
  if (holders.length === 0) { run.refusedRounds++; return; }
  const choice = chooseTrainingSite(s, policies, run.spec.retrain.sites, run.streams, holders);
  for (const f of choice.refusals) {
    const key = `${f.site}|${f.stream}`;
    const prev = run.refusals.get(key);
    if (prev) prev.count++; else run.refusals.set(key, { ...f, count: 1 });
  }
  if (choice.site < 0) { run.refusedRounds++; return; }
  run.rounds++;
  run.busy = true;
  const site = choice.site;
  const v: ModelVersion = { version: run.versions.length + 1, dataAtMs: now, trainedOn: { ...run.lastWindow! }, site: s.fabric.topology.nodeId(site), deployedAtMs: null, outcome: 'training' };
  run.versions.push(v);
  let pending = holders.length;
  for (const h of holders) {
    startBulk(s, h, site, run.spec.retrain.sampleBytes, (_, info) => {
      run.bytes.training += info.sizeBytes;
      run.bytes.trainingWan += info.wanBytes;
      if (--pending > 0) return;
      const coreSpeed = s.model.nodes[site]!.coreSpeed;
      run.trainCpuMs += run.spec.retrain.trainCpuMs;
      s.kernel.schedule(run.spec.retrain.trainCpuMs / coreSpeed, kind, run.index, 1);
    });
  }
}

function trained(s: TwinState, run: ModelRun): void {
  const v = run.versions[run.versions.length - 1]!;
  const site = s.fabric.topology.nodeIndex(v.site!);
  const nodes = replicaNodes(s, run);
  v.outcome = 'rolling-out';
  const previous = run.deployed;
  run.rollout = startModelRollout(s, site, nodes, run.spec.retrain.waves, run.spec.retrain.modelSizeBytes, v.version, previous, {
    switched: (n, version) => { run.nodeVersion.set(n, version); },
    delivered: (bytes, wan) => { run.bytes.delivery += bytes; run.bytes.deliveryWan += wan; },
    finished: (phase, _reason, atMs) => {
      run.busy = false;
      run.rollout = null;
      if (phase === 'done') {
        v.outcome = 'deployed'; v.deployedAtMs = atMs;
        run.deployed = v.version; run.retrains++;
        run.nodeVersion.clear();
        run.detector = initPageHinkley();
      } else {
        v.outcome = 'rolled-back'; run.rolledBack++;
        for (const [n, ver] of run.nodeVersion) if (ver === v.version) run.nodeVersion.set(n, previous);
      }
    },
  }, { soakMs: run.spec.retrain.soakMs, tickMs: run.spec.retrain.checkMs });
}
