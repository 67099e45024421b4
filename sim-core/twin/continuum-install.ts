/**
 * Installs spec.continuum on a built twin: the per-stream QoS flow weights (read by transport.ts
 * when it starts a message's flow), and, when services follow mobile nodes, their records, two
 * kernel event kinds (check, state arrival), the first checks and the report hook. Nothing is
 * installed without spec.continuum, so other runs keep their exact event sequence.
 */
import type { TwinState } from './state.ts';
import type { Follower } from './continuum-state.ts';
import { continuumReport, onFollowCheck, onMigrationArrive } from './continuum-migration.ts';

/** Installs the continuum layer when the scenario declares one. */
export function installContinuum(s: TwinState): void {
  const model = s.model.continuum;
  if (!model) return;
  const topo = s.fabric.topology;
  const followers: Follower[] = model.follow.map((f) => ({
    model: f,
    service: s.graph.serviceIndex.get(f.service)!,
    mobile: s.model.mobility.findIndex((m) => m.node === f.node),
    vehicle: topo.nodeIndex(f.node),
    candidates: f.candidates.map((id) => topo.nodeIndex(id)),
    phase: 'idle', from: -1, to: -1, flow: -1, route: null, bytesInFlight: 0, bytesThisMigration: 0,
    migrationStartMs: -1, phaseStartMs: -1, downSinceMs: -1, latencyBeforeMs: 0,
    started: 0, completed: 0, aborted: 0, bytesMoved: 0, downtimeMs: 0, heldDuringDowntime: 0, latencyBeforeSumMs: 0, latencyAfterSumMs: 0,
  }));
  const c = s.continuum = {
    streamWeight: model.qos ? Float64Array.from(model.qos.streamWeight) : null,
    followers,
    kinds: { check: -1, arrive: -1 },
    records: [],
  };
  s.hooks.report.push((out) => continuumReport(c, out));
  if (followers.length === 0) return;
  c.kinds.check = s.kernel.on((k) => onFollowCheck(s, k));
  c.kinds.arrive = s.kernel.on((k) => onMigrationArrive(s, k));
  // The first check at t = 0 moves a service placed away from the vehicle's start.
  followers.forEach((_, k) => s.kernel.schedule(0, c.kinds.check, k));
}
