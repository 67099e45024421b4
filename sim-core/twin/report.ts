/**
 * The run report: the stable JSON the README documents (`run --json`, "The report"), plus extra fields (never renamed):
 * conservation, per-reason drops and losses, storage, handovers, time series.
 */
import { percentileOfSorted } from './latency-log.ts';
import type { FaultRecord, TimeSample, TwinState } from './state.ts';

/** Latency summary of one app, in ms. */
export interface LatencySummary { mean: number; p50: number; p95: number; p99: number }

/** One app's outcome. */
export interface AppReport {
  id: string;
  latencyMs: LatencySummary;
  completed: number;
  dropped: number;
  sloViolationRate: number;
  /** Extra: the SLO and whether its percentile met the target. */
  slo: { latencyMs: number; percentile: number; observedMs: number; met: boolean };
  lost: number;
  /** With a control plane: fraction of time every service had a running replica reachable from the app's sources. */
  availability?: number;
  /** With a control plane: messages delivered later than the SLO latency. */
  late?: number;
}

/** The report of one run. */
export interface RunReport {
  scenario: string;
  seed: number;
  simulatedMs: number;
  events: number;
  traceHash: string;
  apps: AppReport[];
  nodes: { id: string; tier: string; cpuUtilization: number; downMs: number }[];
  lifecycle: { ingested: number; filtered: number; forwarded: number; processed: number; stored: number; expired: number; lost: number; actions: number; suspect: number };
  network: { wanBytes: number; messagesDropped: number };
  faults: { kind: string; target: string; atMs: number; detectedAfterMs: number | null; recoveredAfterMs: number | null; messagesLost: number }[];
  energyWh: number;
  costUsd: number;
  /** Every message created is in exactly one of these. */
  conservation: {
    created: number; emitted: number; forked: number; delivered: number; filtered: number; dropped: number;
    expired: number; lost: number; inFlight: number; balanced: boolean;
    droppedBy: Record<string, number>; lostBy: Record<string, number>;
  };
  storage: { stored: number; replicated: number; evicted: number; purged: number; buffered: number };
  handovers: number;
  /** Control traffic (heartbeats, commands, state sync) apart from data. */
  control: { messages: number; bytes: number; wanBytes: number; dropped: number; byKind: Record<string, { messages: number; bytes: number }> };
  timeSeries: TimeSample[];
  /** Sections added by layered subsystems (e.g. controlPlane). */
  [extra: string]: unknown;
}

/** How to build a report. */
export interface ReportOptions {
  /** Full precision, for statistics over runs (sim-core/whatif); by default figures are rounded to 0.001 for display. */
  exact?: boolean;
}

const round3 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : x);
const keep = (x: number) => x;

/** Builds the report at the twin's current time. */
export function buildReport(s: TwinState, traceHash: string, opts: ReportOptions = {}): RunReport {
  // Rounding is for display only: rounded per-run figures gave small rates, costs and energies
  // zero spread across seeds, so a zero-width interval and a confident verdict.
  const r3 = opts.exact ? keep : round3;
  const now = s.kernel.nowMs;
  const c = s.messages.counts;
  const apps = s.graph.apps.map((app, i): AppReport => {
    const log = s.metrics.latency[i]!;
    const sorted = log.sorted();
    const observed = percentileOfSorted(sorted, app.slo.percentile);
    const completed = log.count;
    return {
      id: app.id,
      latencyMs: { mean: r3(log.meanMs), p50: r3(percentileOfSorted(sorted, 50)), p95: r3(percentileOfSorted(sorted, 95)), p99: r3(percentileOfSorted(sorted, 99)) },
      completed,
      dropped: s.metrics.appDropped[i]!,
      sloViolationRate: completed ? r3(s.metrics.sloViolations[i]! / completed) : 0,
      slo: { latencyMs: app.slo.latencyMs, percentile: app.slo.percentile, observedMs: r3(observed), met: completed > 0 && observed <= app.slo.latencyMs },
      lost: s.metrics.appLost[i]!,
    };
  });
  let energyWmsTotal = 0;
  let nodeCostUsd = 0;
  const nodes = s.model.nodes.map((n, i) => {
    const downMs = s.faults.nodeDownMs[i]! + (s.faults.nodeDownSince[i]! >= 0 ? now - s.faults.nodeDownSince[i]! : 0);
    const upMs = Math.max(0, now - downMs);
    const busyCoreMs = s.messages.processors[i]!.busyCoreMsAt(now);
    energyWmsTotal += n.idleWatts * upMs + (n.maxWatts - n.idleWatts) * (busyCoreMs / n.cores);
    nodeCostUsd += n.costPerHourUsd * ((s.hooks.nodeBilledMs ? s.hooks.nodeBilledMs(i, now) : now) / 3_600_000);
    return { id: n.id, tier: n.tier, cpuUtilization: now > 0 ? r3(busyCoreMs / (n.cores * now)) : 0, downMs: r3(downMs) };
  });
  const cons = c.conservation(s.messages.table.live);
  const out: RunReport = {
    scenario: s.model.name,
    seed: s.seed,
    simulatedMs: now,
    events: s.kernel.eventsProcessed,
    traceHash,
    apps,
    nodes,
    lifecycle: {
      ingested: c.ingested, filtered: c.filtered, forwarded: c.forwarded, processed: c.processed,
      stored: c.stored, expired: c.expired, lost: c.lostTotal, actions: c.actions, suspect: c.suspect,
    },
    network: { wanBytes: Math.round(s.metrics.wanBytes), messagesDropped: c.droppedTotal },
    faults: s.faults.log.map((f: FaultRecord) => ({ kind: f.kind, target: f.target, atMs: f.atMs, detectedAfterMs: f.detectedAfterMs, recoveredAfterMs: f.recoveredAfterMs, messagesLost: f.messagesLost })),
    energyWh: r3(energyWmsTotal / 3.6e6),
    costUsd: r3(nodeCostUsd + s.metrics.transferCostUsd),
    conservation: {
      created: cons.created, emitted: c.emitted, forked: c.forked, delivered: c.delivered, filtered: c.filtered,
      dropped: c.droppedTotal, expired: c.expired, lost: c.lostTotal, inFlight: cons.inFlight, balanced: cons.balanced,
      droppedBy: Object.fromEntries([...c.dropped].sort()), lostBy: Object.fromEntries([...c.lost].sort()),
    },
    storage: { stored: c.stored, replicated: c.replicated, evicted: c.evicted, purged: c.purged, buffered: c.buffered },
    handovers: s.metrics.handovers,
    control: { ...s.control.traffic, byKind: Object.fromEntries(Object.entries(s.control.traffic.byKind).sort(([a], [b]) => a.localeCompare(b))) },
    timeSeries: s.metrics.timeSeries,
  };
  // With policies: how many decisions the twin asked for, and the routes each policy refused
  // (decisions, not messages: a refused route is decided once per topology), so a run whose
  // messages end as `policy-denied` can say which policy denied them.
  if (s.placement.policyGate) out.policies = { decisions: s.placement.policyGate.decisions, deniedRoutes: Object.fromEntries([...s.placement.policyGate.denials].sort(([a], [b]) => (a < b ? -1 : 1))) };
  for (const h of s.hooks.report) h(out as unknown as Record<string, unknown>);
  // Hooks write exact figures (the control plane's app availability); rounded here with the rest.
  for (const a of out.apps) if (a.availability !== undefined) a.availability = r3(a.availability);
  return out;
}
