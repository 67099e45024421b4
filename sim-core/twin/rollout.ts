/**
 * Gradual rollouts in the twin (scenario `spec.releases`, issue 12), driven by the one rollout
 * controller (sim-core/orchestrator/rollout) exactly as the live push drives it: its `deliver`
 * actions change a replica's version, `delivered` events report them, observations of the twin's
 * own measurements feed the gate, and `timeout-tick`s time it out.
 *
 * The controller's nodes are the released service's replica nodes. A delivery restarts the
 * replica: it leaves the service's endpoints (no new messages are routed to it) for `restartDelay`,
 * then comes back on the new version — unless the version crash-loops: then it restarts forever,
 * and after CRASH_LOOP_RESTARTS restarts reports the version failed (CrashLoopBackOff), which
 * fails the gate. The version's error rate fails messages at the service (lost as service-error,
 * drawn from the stream `release-errors:<app>/<service>`), its latency and CPU work factors
 * multiply the service time. The gate sees, per replica since it took the version, the error rate
 * and the p95 end-to-end latency of the messages it served (rollout-measure.ts). A rollback
 * returns each replica to the version it ran before. Controller versions are per release:
 * 1 = the version before, 2 = the new one, 3 = the rollback.
 *
 * Limits: the replica nodes are the service's replicas when the release starts (a control plane
 * that relocates replicas meanwhile is overruled when a replica becomes ready again); a restart
 * does not drop work already queued on the node; a release of a service still rolling out is skipped.
 *
 * Nothing is registered or scheduled without spec.releases, so other runs are unchanged.
 */
import { createRng, type Rng } from '../des/rng.ts';
import { rolloutStep, type RolloutAction, type RolloutEvent, type RolloutState } from '../orchestrator/rollout/controller.ts';
import type { NodeObservation } from '../orchestrator/rollout/gates.ts';
import type { ImageVersionModel, ReleaseModel } from '../scenario/model.ts';
import { loseMessage } from './terminal.ts';
import { MessageTags, newBlast, p95, type BlastRadius, type VersionCell } from './rollout-measure.ts';
import { initReleaseRollout, planRelease, type ReleasePlan } from './rollout-plan.ts';
import type { TwinState } from './state.ts';

/** Restarts of a crash-looping replica before it reports the version failed. */
export const CRASH_LOOP_RESTARTS = 3;

const OP_START = 0, OP_RESTART = 1, OP_TICK = 2;
const CTL_FROM = 1, CTL_TO = 2, CTL_ROLLBACK = 3;

/** One replica node of a released service. */
interface ReplicaRun {
  node: number;
  version: ImageVersionModel;
  /** The release whose new version it runs (-1: none). */
  newOf: number;
  /** What it ran before its last delivery (a rollback returns to it). */
  previous: ImageVersionModel;
  previousNewOf: number;
  ctlVersion: number;
  ready: boolean;
  gen: number;
  restarts: number;
  failed: string | null;
  /** Its measurement cell in the running rollout (-1: none). */
  cell: number;
}

/** One service that has releases. */
interface ServiceRun { svc: number; key: string; appId: string; baseNodes: number[]; byNode: Map<number, ReplicaRun>; active: number; rng: Rng }

/** One timeline entry of a release. */
export interface ReleaseEvent { atMs: number; event: 'started' | 'skipped' | 'wave' | 'gate' | 'finished'; wave?: number; state?: string; verdict?: string; reasons?: string[] }

/** One release while the twin runs. */
interface ReleaseRun {
  model: ReleaseModel;
  run: ServiceRun;
  plan: ReleasePlan | null;
  state: RolloutState | null;
  status: 'pending' | 'running' | 'done' | 'rolled-back' | 'skipped';
  timeline: ReleaseEvent[];
  blast: BlastRadius;
  startedAtMs: number | null;
  finishedAtMs: number | null;
}

const round3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
const versionName = (v: ImageVersionModel) => `${v.name}:${v.version}`;

/** Registers the release event kind, hooks and report section; nothing without spec.releases. */
export function installReleases(s: TwinState): void {
  const releases = s.model.releases ?? [];
  if (releases.length === 0) return;
  const topo = s.fabric.topology;
  const services: (ServiceRun | undefined)[] = [];
  const runOf = (svc: number): ServiceRun => {
    let run = services[svc];
    if (run) return run;
    const c = s.graph.services[svc]!;
    const img = c.model.image ?? { name: c.model.id, version: 1 };
    const base: ImageVersionModel = { ...img, errorRate: 0, latencyFactor: 1, cpuWorkFactor: 1, crashLoop: false };
    const baseNodes = [...s.placement.seam.replicas[svc]!];
    const byNode = new Map<number, ReplicaRun>();
    for (const n of baseNodes) byNode.set(n, { node: n, version: base, newOf: -1, previous: base, previousNewOf: -1, ctlVersion: CTL_FROM, ready: true, gen: 0, restarts: 0, failed: null, cell: -1 });
    run = { svc, key: c.key, appId: s.graph.apps[c.appIndex]!.id, baseNodes, byNode, active: -1, rng: createRng(s.seed, `release-errors:${c.key}`) };
    services[svc] = run;
    return run;
  };
  const runs: ReleaseRun[] = releases.map((r) => ({
    model: r, run: runOf(s.graph.serviceIndex.get(`${r.app}/${r.service}`)!), plan: null, state: null, status: 'pending', timeline: [], blast: newBlast(), startedAtMs: null, finishedAtMs: null,
  }));
  const cells: VersionCell[] = [];
  const tags = new MessageTags();
  const restarts: { rep: ReplicaRun; run: ServiceRun; gen: number; delayMs: number }[] = [];
  // Everything the closures below keep lives here, reachable from the state: checkpoints copy it.
  s.releases = { services, runs, cells, tags, restarts };
  const kind = s.kernel.on((op, x) => (op === OP_START ? start(x) : op === OP_RESTART ? restarted(x) : tick(x)));

  const msgs = s.messages.table;
  s.hooks.serviceWork = (m, node, workMs) => {
    const rep = services[msgs.service[m]!]?.byNode.get(node);
    return rep ? workMs * rep.version.latencyFactor * rep.version.cpuWorkFactor : workMs;
  };
  s.hooks.served = (m, node) => {
    const run = services[msgs.service[m]!];
    const rep = run?.byNode.get(node);
    if (!run || !rep) return false;
    const src = msgs.source[m]!;
    const cell = rep.cell >= 0 ? cells[rep.cell]! : null;
    if (cell) cell.served++;
    const blast = rep.newOf >= 0 ? runs[rep.newOf]!.blast : null;
    if (blast) { blast.servedByNew++; blast.sources.add(src); }
    if (rep.version.errorRate > 0 && run.rng.next() < rep.version.errorRate) {
      if (cell) cell.errors++;
      if (blast) { blast.erroredByNew++; blast.harmed.add(src); }
      loseMessage(s, m, 'service-error');
      return true;
    }
    if (cell || blast) tags.set(m, rep.cell, rep.newOf, msgs.emitMs[m]!, src);
    return false;
  };
  s.hooks.delivered = (m, latencyMs) => {
    const t = tags.take(m, msgs.emitMs[m]!, msgs.source[m]!);
    if (!t) return;
    if (t.cell >= 0) cells[t.cell]!.latenciesMs.push(latencyMs);
    if (t.release >= 0 && latencyMs > s.graph.apps[s.graph.streamApp[msgs.stream[m]!]!]!.slo.latencyMs) {
      const b = runs[t.release]!.blast;
      b.sloMissedByNew++;
      b.harmed.add(msgs.source[m]!);
    }
  };

  const endpoints = (run: ServiceRun) => s.placement.setReplicas(run.svc, run.baseNodes.filter((n) => run.byNode.get(n)!.ready));
  const restart = (run: ServiceRun, rep: ReplicaRun, delayMs: number) => {
    rep.gen++;
    rep.ready = false;
    rep.restarts = 0;
    rep.failed = null;
    rep.cell = -1;
    endpoints(run);
    restarts.push({ rep, run, gen: rep.gen, delayMs });
    s.kernel.schedule(delayMs, kind, OP_RESTART, restarts.length - 1);
  };
  function restarted(i: number): void {
    const { rep, run, gen, delayMs } = restarts[i]!;
    if (gen !== rep.gen) return; // superseded by a later delivery
    if (rep.version.crashLoop) {
      rep.restarts++;
      if (rep.restarts >= CRASH_LOOP_RESTARTS && rep.failed === null) rep.failed = `CrashLoopBackOff: ${versionName(rep.version)} restarted ${rep.restarts} times, never ready`;
      restarts.push({ rep, run, gen, delayMs });
      s.kernel.schedule(delayMs, kind, OP_RESTART, restarts.length - 1);
      return;
    }
    rep.ready = true;
    if (run.active >= 0) { cells.push({ node: rep.node, served: 0, errors: 0, latenciesMs: [] }); rep.cell = cells.length - 1; }
    endpoints(run);
  }

  /** Runs events through the release's controller and carries out what it asks, until nothing is left. */
  const drive = (ri: number, first: RolloutEvent) => {
    const rr = runs[ri]!;
    const queue: RolloutEvent[] = [first];
    while (queue.length > 0) {
      const ev = queue.shift()!;
      const r = rolloutStep(rr.state!, ev);
      if (r.ignored && ev.type !== 'observation' && ev.type !== 'timeout-tick') throw new Error(`release ${rr.run.key}: the controller ignored ${ev.type}: ${r.ignored}`);
      rr.state = r.state;
      for (const a of r.actions) carryOut(ri, a, queue);
    }
  };
  const carryOut = (ri: number, a: RolloutAction, queue: RolloutEvent[]) => {
    const rr = runs[ri]!;
    const now = s.kernel.nowMs;
    switch (a.type) {
      case 'deliver': {
        const rep = rr.run.byNode.get(topo.nodeIndex(a.node))!;
        if (a.purpose === 'apply') {
          rep.previous = rep.version;
          rep.previousNewOf = rep.newOf;
          rep.version = rr.model.to;
          rep.newOf = ri;
          rep.ctlVersion = CTL_TO;
        } else {
          rep.version = rep.previous;
          rep.newOf = rep.previousNewOf;
          rep.ctlVersion = CTL_ROLLBACK;
        }
        restart(rr.run, rep, rr.model.restartDelayMs);
        queue.push({ type: 'delivered', node: a.node, purpose: a.purpose, version: rep.ctlVersion, atMs: now });
        return;
      }
      case 'wave': rr.timeline.push({ atMs: now, event: 'wave', wave: a.index, state: a.state }); return;
      case 'gate': rr.timeline.push({ atMs: now, event: 'gate', wave: a.index, verdict: a.verdict, reasons: a.reasons }); return;
      case 'finished':
        rr.timeline.push({ atMs: now, event: 'finished', state: a.phase, ...(a.reason ? { reasons: [a.reason] } : {}) });
        rr.status = a.phase;
        rr.finishedAtMs = now;
        rr.run.active = -1;
        for (const rep of rr.run.byNode.values()) rep.cell = -1;
        return;
    }
  };

  function start(ri: number): void {
    const rr = runs[ri]!;
    const now = s.kernel.nowMs;
    if (rr.run.active >= 0) {
      rr.status = 'skipped';
      rr.timeline.push({ atMs: now, event: 'skipped', reasons: [`release ${rr.run.active} of ${rr.run.key} is still rolling out`] });
      return;
    }
    rr.run.active = ri;
    rr.status = 'running';
    rr.startedAtMs = now;
    rr.plan = planRelease(rr.model, rr.run.baseNodes.map((n) => topo.nodeId(n)));
    rr.state = initReleaseRollout(rr.plan);
    rr.timeline.push({ atMs: now, event: 'started', reasons: [`${versionName(rr.model.from)} → ${versionName(rr.model.to)} over ${rr.plan.nodes.length} replica node(s) in ${rr.plan.waves.length} wave(s)`] });
    drive(ri, { type: 'start', atMs: now });
    if (rr.status === 'running') s.kernel.schedule(rr.model.observeEveryMs, kind, OP_TICK, ri);
  }

  function tick(ri: number): void {
    const rr = runs[ri]!;
    if (rr.status !== 'running') return;
    const now = s.kernel.nowMs;
    if (rr.state!.phase === 'gating') {
      const before = rr.state!;
      drive(ri, { type: 'observation', atMs: now, nodes: observe(rr) });
      if (rr.state === before || (rr.state!.phase === 'gating' && rr.state!.wave === before.wave)) drive(ri, { type: 'timeout-tick', atMs: now });
    }
    if (rr.status === 'running') s.kernel.schedule(rr.model.observeEveryMs, kind, OP_TICK, ri);
  }

  /** What the gate is told about the replicas pushed so far. */
  const observe = (rr: ReleaseRun): NodeObservation[] => {
    const out: NodeObservation[] = [];
    for (const [id, n] of Object.entries(rr.state!.nodes)) {
      if (n.state !== 'delivered') continue;
      const rep = rr.run.byNode.get(topo.nodeIndex(id))!;
      const cell = rep.cell >= 0 ? cells[rep.cell]! : null;
      out.push({
        node: id,
        state: rep.ready && topo.isNodeUp(rep.node) ? 'ready' : 'down',
        runningVersion: rep.ready ? rep.ctlVersion : rep.ctlVersion - 1,
        report: rep.failed ? { version: rep.ctlVersion, outcome: 'failed', reason: rep.failed } : null,
        apps: cell && cell.served > 0 ? { [rr.run.appId]: { requests: cell.served, errorRate: cell.errors / cell.served, latencyMsP95: round3(p95(cell.latenciesMs)) } } : null,
      });
    }
    return out;
  };

  runs.forEach((rr, i) => s.kernel.scheduleAt(rr.model.atMs, kind, OP_START, i));

  s.hooks.report.push((out) => {
    out.releases = runs.map((rr) => {
      const reps = [...rr.run.byNode.values()];
      const onNew = reps.filter((r) => r.newOf === runs.indexOf(rr)).length;
      const finalVersions: Record<string, number> = {};
      for (const r of reps) finalVersions[versionName(r.version)] = (finalVersions[versionName(r.version)] ?? 0) + 1;
      const b = rr.blast;
      return {
        service: rr.run.key, from: versionName(rr.model.from), to: versionName(rr.model.to), strategy: rr.model.strategy,
        status: rr.status, startedAtMs: rr.startedAtMs, finishedAtMs: rr.finishedAtMs,
        waves: rr.plan ? rr.plan.waves.map((w) => w.added.length) : [],
        finalVersions, replicasOnNew: onNew, replicas: reps.length,
        timeline: rr.timeline,
        blastRadius: {
          messages: b.erroredByNew + b.sloMissedByNew, servedByNew: b.servedByNew, erroredByNew: b.erroredByNew, sloMissedByNew: b.sloMissedByNew,
          usersAffected: b.sources.size, usersHarmed: b.harmed.size,
        },
      };
    });
  });
}
