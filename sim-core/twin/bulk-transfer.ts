/**
 * Bulk transfers: a block of bytes (training data, a model, an image) sent from one node to
 * another as ONE flow over the route, sharing bandwidth max-min with every other flow. Reliable
 * (TCP-like): no loss or jitter draws, so they never touch the messages' random streams; bytes
 * and cost are counted on every link and WAN link like a message leg; the receiver hears of it
 * after the route's propagation latency. A link or node failing under a transfer restarts it from
 * its origin (the data is still there) once a route exists, checked every `retryMs`.
 *
 * Registered only by a feature that needs it (bulkTransfers(s) adds one kernel event kind), so
 * runs without such a feature are untouched.
 */
import type { Route } from '../fabric/routing.ts';
import { ensureFlowTimer } from './flow-timer.ts';
import { findRoute } from './route-choice.ts';
import type { TwinState } from './state.ts';
import { bulkTag } from './transfer.ts';

/** Called when the last byte has arrived (after propagation). */
export type BulkDone = (atMs: number, info: { sizeBytes: number; wanBytes: number; linkHops: number }) => void;

interface BulkJob { from: number; to: number; sizeBytes: number; route: Route | null; flow: number; wanBytes: number; hops: number; onDone: BulkDone }

/** The twin's bulk transfers (one per twin, created by the first bulkTransfers call). */
export interface BulkTransfers {
  jobs: (BulkJob | null)[];
  free: number[];
  /** Kernel kind: a = job, b = 0 arrival after propagation, 1 retry of a stalled transfer. */
  kind: number;
  retryMs: number;
  /** Transfers restarted after a failure under them. */
  restarts: number;
}

const registry = new WeakMap<TwinState, BulkTransfers>();

/** The twin's bulk transfers; the first call registers the kernel event kind. */
export function bulkTransfers(s: TwinState, retryMs = 10_000): BulkTransfers {
  let b = registry.get(s);
  if (b) return b;
  const created: BulkTransfers = { jobs: [], free: [], kind: -1, retryMs, restarts: 0 };
  created.kind = s.kernel.on((j, what) => (what === 0 ? arrive(s, created, j) : launch(s, created, j)));
  registry.set(s, created);
  b = created;
  return b;
}

/** Starts sending sizeBytes from → to; onDone fires once they have all arrived. Returns the job id. */
export function startBulk(s: TwinState, from: number, to: number, sizeBytes: number, onDone: BulkDone): number {
  const b = registry.get(s);
  if (!b) throw new Error('startBulk: bulkTransfers(s) was not called while the feature was installed');
  const j = b.free.pop() ?? b.jobs.length;
  if (j >= 2 ** 28) throw new Error(`startBulk: more than 2^28 bulk transfers in flight`);
  b.jobs[j] = { from, to, sizeBytes, route: null, flow: -1, wanBytes: 0, hops: 0, onDone };
  launch(s, b, j);
  return j;
}

function launch(s: TwinState, b: BulkTransfers, j: number): void {
  const job = b.jobs[j];
  if (!job) return;
  if (job.from === to(job)) { s.kernel.schedule(0, b.kind, j, 0); return; }
  const route = findRoute(s, job.from, job.to);
  if (route === null) { s.kernel.schedule(b.retryMs, b.kind, j, 1); return; }
  job.route = route;
  job.flow = s.fabric.flows.start(route.resources, job.sizeBytes, s.kernel.nowMs, bulkTag(j));
  ensureFlowTimer(s);
}

const to = (job: BulkJob) => job.to;

/** A bulk flow finished (called by onFlowTimer): count bytes on its links, then propagate. */
export function finishBulkTransfer(s: TwinState, j: number): void {
  const b = registry.get(s);
  const job = b?.jobs[j];
  if (!b || !job || !job.route) return;
  job.flow = -1;
  let delayMs = 0;
  const links = job.route.links;
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!;
    s.fabric.linkBytes[l] += job.sizeBytes;
    if (s.fabric.linkIsWan[l]) { s.metrics.wanBytes += job.sizeBytes; job.wanBytes += job.sizeBytes; }
    s.metrics.transferCostUsd += (job.sizeBytes / 1e9) * s.fabric.linkCostPerGbUsd[l]!;
    delayMs += s.fabric.topology.latencyMs[l]!;
  }
  job.hops = links.length;
  s.kernel.schedule(delayMs, b.kind, j, 0);
}

function arrive(s: TwinState, b: BulkTransfers, j: number): void {
  const job = b.jobs[j];
  if (!job) return;
  b.jobs[j] = null;
  b.free.push(j);
  job.onDone(s.kernel.nowMs, { sizeBytes: job.sizeBytes, wanBytes: job.wanBytes, linkHops: job.hops });
}

/** Aborts bulk flows whose route uses a failed link and restarts them from their origin (called by abortTransfers). */
export function abortBulkTransfers(s: TwinState, hit: (route: Route) => boolean): void {
  const b = registry.get(s);
  if (!b) return;
  for (let j = 0; j < b.jobs.length; j++) {
    const job = b.jobs[j];
    if (!job || job.flow < 0 || !job.route || !hit(job.route)) continue;
    s.fabric.flows.abort(job.flow, s.kernel.nowMs);
    job.flow = -1;
    job.route = null;
    b.restarts++;
    // Restart after the caller has finished updating the topology.
    s.kernel.schedule(0, b.kind, j, 1);
  }
}
