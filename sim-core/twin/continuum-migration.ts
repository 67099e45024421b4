/**
 * Live migration of services that follow a mobile node (spec.continuum.follow). Every
 * checkEvery the twin measures, from the vehicle's attachment point, the hops, link latency and
 * distance of each candidate node; orchestrator/continuum/follow-target.ts decides whether to
 * move and where. A migration sends the service's state as a real flow over the links between
 * the old and the new node (max-min shared with every other transfer, bytes counted per link):
 *
 *   pre-copy       the old replica keeps serving while the whole state is copied; then it stops
 *                  (downtime starts) and the state dirtied meanwhile (dirtyRate × copy time,
 *                  capped at stateSize) is sent; the new replica starts after restoreTime.
 *   stop-and-copy  the replica stops at once and the whole state is sent during the downtime.
 *
 * Downtime = final copy (bytes / bottleneck share) + path propagation + restoreTime. During it
 * the service has no replica: new messages for it wait in store-and-forward buffers at the node
 * they are on (and are dropped if a buffer is full or absent, as for any unreachable replica);
 * messages already addressed to or queued at the old node are still served there (it drains).
 * State transfers are reliable (no loss or jitter draws: they would shift data messages' random
 * streams); a transfer cut by a link or node change is abandoned and the service stays (or, in
 * downtime, restarts) on the old node; its partial bytes are not counted (like data messages,
 * bytes count on the links when a transfer completes), and the next check may try again.
 */
import { decideFollow, stopAndCopyBytes, type FollowCandidate } from '../orchestrator/continuum/follow-target.ts';
import type { Route } from '../fabric/routing.ts';
import { ensureFlowTimer } from './flow-timer.ts';
import { findRoute } from './route-choice.ts';
import { migrationTag } from './transfer.ts';
import { MAX_MIGRATION_RECORDS, type ContinuumState, type Follower } from './continuum-state.ts';
import type { TwinState } from './state.ts';

/** Path hops and link latency from a to b, Infinity when there is no route. */
function measure(s: TwinState, a: number, b: number): { hops: number; latencyMs: number } {
  if (a === b) return { hops: 0, latencyMs: 0 };
  const r = findRoute(s, a, b);
  if (r === null) return { hops: Infinity, latencyMs: Infinity };
  return { hops: r.links.length, latencyMs: linkLatencyMs(s, r) };
}

function linkLatencyMs(s: TwinState, r: Route): number {
  let ms = 0;
  for (let i = 0; i < r.links.length; i++) ms += s.fabric.topology.latencyMs[r.links[i]!]!;
  return ms;
}

/** The vehicle's attachment point (node index), or -1 out of coverage. */
function attachmentOf(s: TwinState, f: Follower): number {
  const i = s.fabric.mobileAttach[f.mobile]!;
  if (i < 0) return -1;
  return s.fabric.topology.nodeIndex(s.model.mobility[f.mobile]!.attachTo[i]!);
}

/** Latency from the vehicle to node n: its radio link plus the path from its attachment point. */
function vehicleLatencyMs(s: TwinState, f: Follower, attach: number, n: number): number {
  return s.model.mobility[f.mobile]!.link.latencyMs + measure(s, attach, n).latencyMs;
}

/** Check event of follower k: decide, and start a migration when the decision says so. */
export function onFollowCheck(s: TwinState, k: number): void {
  const c = s.continuum!;
  const f = c.followers[k]!;
  s.kernel.schedule(f.model.checkEveryMs, c.kinds.check, k);
  if (f.phase !== 'idle') return;
  const current = s.placement.seam.replicas[f.service]![0];
  // No replica, or its node is down: its state is gone with it; nothing to migrate.
  if (current === undefined || !s.fabric.topology.isNodeUp(current)) return;
  const attach = attachmentOf(s, f);
  const topo = s.fabric.topology;
  const vx = s.fabric.posX[f.vehicle]!, vy = s.fabric.posY[f.vehicle]!;
  const cands: FollowCandidate[] = [];
  // A current node that is no candidate is measured by no one: the decision then moves it.
  for (const n of f.candidates) {
    const m = attach >= 0 ? measure(s, attach, n) : { hops: Infinity, latencyMs: Infinity };
    const dx = s.fabric.posX[n]! - vx, dy = s.fabric.posY[n]! - vy;
    cands.push({ node: topo.nodeId(n), hops: m.hops, latencyMs: m.latencyMs, distanceKm: Math.sqrt(dx * dx + dy * dy), up: topo.isNodeUp(n) });
  }
  const d = decideFollow({
    current: topo.nodeId(current), attachedTo: attach >= 0 ? topo.nodeId(attach) : null, candidates: cands,
    policy: f.model.policy, maxHops: f.model.maxHops, latencyAboveMs: f.model.latencyAboveMs,
  });
  if (!d.migrate) return;
  const target = topo.nodeIndex(d.target);
  const route = findRoute(s, current, target);
  if (route === null) return;
  f.from = current; f.to = target; f.route = route;
  f.migrationStartMs = s.kernel.nowMs;
  f.latencyBeforeMs = vehicleLatencyMs(s, f, attach, current);
  f.started++;
  f.bytesThisMigration = 0;
  if (f.model.mode === 'stop-and-copy') { stopService(s, f); sendState(s, k, f, f.model.stateSizeBytes, 'stop-and-copy'); }
  else sendState(s, k, f, f.model.stateSizeBytes, 'pre-copy');
}

/** The service stops on its old node: downtime starts. */
function stopService(s: TwinState, f: Follower): void {
  f.downSinceMs = s.kernel.nowMs;
  s.placement.setReplicas(f.service, []);
}

function sendState(s: TwinState, k: number, f: Follower, bytes: number, phase: 'pre-copy' | 'stop-and-copy'): void {
  f.phase = phase;
  f.phaseStartMs = s.kernel.nowMs;
  f.bytesInFlight = bytes;
  if (bytes <= 0) { f.flow = -1; s.kernel.schedule(phase === 'stop-and-copy' ? f.model.restoreTimeMs : 0, s.continuum!.kinds.arrive, k); return; }
  f.flow = s.fabric.flows.start(f.route!.resources, bytes, s.kernel.nowMs, migrationTag(k));
  ensureFlowTimer(s);
}

/** The flow of follower k's state finished (called by the flow timer): count bytes, then propagate. */
export function finishMigrationTransfer(s: TwinState, k: number): void {
  const f = s.continuum!.followers[k]!;
  f.flow = -1;
  const route = f.route!, bytes = f.bytesInFlight;
  for (let i = 0; i < route.links.length; i++) {
    const l = route.links[i]!;
    s.fabric.linkBytes[l] += bytes;
    if (s.fabric.linkIsWan[l]) s.metrics.wanBytes += bytes;
    s.metrics.transferCostUsd += (bytes / 1e9) * s.fabric.linkCostPerGbUsd[l]!;
  }
  f.bytesMoved += bytes;
  f.bytesThisMigration += bytes;
  s.kernel.schedule(linkLatencyMs(s, route) + (f.phase === 'stop-and-copy' ? f.model.restoreTimeMs : 0), s.continuum!.kinds.arrive, k);
}

/** Arrival event of follower k's state: pre-copy → stop and send the dirty state; final copy → start on the new node. */
export function onMigrationArrive(s: TwinState, k: number): void {
  const f = s.continuum!.followers[k]!;
  if (f.phase === 'pre-copy') {
    const preCopyMs = s.kernel.nowMs - f.migrationStartMs;
    stopService(s, f);
    sendState(s, k, f, stopAndCopyBytes('pre-copy', f.model.stateSizeBytes, f.model.dirtyBytesPerS, preCopyMs), 'stop-and-copy');
    return;
  }
  if (f.phase !== 'stop-and-copy') return;
  finish(s, f, f.to, true);
}

/** Ends a migration: the service runs on `node` (the target, or the old node after an abort). */
function finish(s: TwinState, f: Follower, node: number, ok: boolean): void {
  const c = s.continuum!;
  const now = s.kernel.nowMs;
  const down = f.downSinceMs >= 0 ? now - f.downSinceMs : 0;
  if (f.downSinceMs >= 0) {
    f.downtimeMs += down;
    f.heldDuringDowntime += heldFor(s, f.service);
  }
  f.phase = 'idle'; f.flow = -1; f.downSinceMs = -1;
  const key = s.graph.services[f.service]!.key;
  if (s.placement.seam.replicas[f.service]!.length !== 1 || s.placement.seam.replicas[f.service]![0] !== node) s.placement.setReplicas(f.service, [node]);
  const topo = s.fabric.topology;
  s.events.publish({ t: now, type: 'placement', service: key, nodes: [topo.nodeId(node)], decisions: [] });
  if (!ok) { f.aborted++; return; }
  f.completed++;
  const attach = attachmentOf(s, f);
  const after = attach >= 0 ? vehicleLatencyMs(s, f, attach, node) : Infinity;
  f.latencyBeforeSumMs += f.latencyBeforeMs;
  f.latencyAfterSumMs += after;
  if (c.records.length < MAX_MIGRATION_RECORDS) {
    c.records.push({ service: key, atMs: f.migrationStartMs, from: topo.nodeId(f.from), to: topo.nodeId(node), bytes: f.bytesThisMigration, downtimeMs: down, pathLatencyBeforeMs: f.latencyBeforeMs, pathLatencyAfterMs: after });
  }
}

/** Messages for `service` waiting in store-and-forward buffers. */
function heldFor(s: TwinState, service: number): number {
  let n = 0;
  for (const node of s.buffers.buffering) for (const m of s.buffers.queues[node]!) if (s.messages.table.service[m] === service) n++;
  return n;
}

/** Abandons the state transfers whose route `hit` says is cut (called by transport.abortTransfers). */
export function abortMigrations(s: TwinState, hit: (route: Route) => boolean): void {
  const c = s.continuum;
  if (!c) return;
  for (const f of c.followers) {
    if (f.flow < 0 || !f.route || !hit(f.route)) continue;
    s.fabric.flows.abort(f.flow, s.kernel.nowMs);
    finish(s, f, f.from, false);
  }
}

/** The report section: totals over every following service, and the first migrations. */
export function continuumReport(c: ContinuumState, out: Record<string, unknown>): void {
  const sum = (g: (f: Follower) => number) => c.followers.reduce((x, f) => x + g(f), 0);
  const done = sum((f) => f.completed);
  out.continuum = {
    qos: c.streamWeight !== null,
    migrations: done,
    migrationsStarted: sum((f) => f.started),
    migrationsAborted: sum((f) => f.aborted),
    migrationBytes: sum((f) => f.bytesMoved),
    migrationDowntimeMs: sum((f) => f.downtimeMs),
    heldDuringDowntime: sum((f) => f.heldDuringDowntime),
    meanLatencyBeforeMs: done > 0 ? sum((f) => f.latencyBeforeSumMs) / done : null,
    meanLatencyAfterMs: done > 0 ? sum((f) => f.latencyAfterSumMs) / done : null,
    records: c.records,
  };
}
