/**
 * The metric catalog: every number an experiment can compare, read from a run report. Per-app
 * metrics are `<app>.<name>`; the main app (the scenario's first) is also reachable without the
 * prefix, so `latencyP95Ms` means "p95 latency of the main app".
 */
import type { RunReport } from '../twin/report.ts';
import type { Direction } from './stats/index.ts';
import type { MetricDef } from './result.ts';

interface MetricInfo { label: string; unit: string; direction: Direction }

const APP_METRICS: Record<string, MetricInfo> = {
  latencyMeanMs: { label: 'mean latency', unit: 'ms', direction: 'lower' },
  latencyP50Ms: { label: 'p50 latency', unit: 'ms', direction: 'lower' },
  latencyP95Ms: { label: 'p95 latency', unit: 'ms', direction: 'lower' },
  latencyP99Ms: { label: 'p99 latency', unit: 'ms', direction: 'lower' },
  completed: { label: 'completed', unit: '', direction: 'higher' },
  dropped: { label: 'dropped', unit: '', direction: 'lower' },
  lost: { label: 'lost', unit: '', direction: 'lower' },
  sloViolationRate: { label: 'SLO violation rate', unit: 'ratio', direction: 'lower' },
  sloMet: { label: 'SLO met (1/0)', unit: '', direction: 'higher' },
  appAvailability: { label: 'app availability', unit: 'ratio', direction: 'higher' },
};

const GLOBAL_METRICS: Record<string, MetricInfo> = {
  completed: { label: 'completed (all apps)', unit: '', direction: 'higher' },
  dropped: { label: 'dropped messages', unit: '', direction: 'lower' },
  lost: { label: 'lost messages', unit: '', direction: 'lower' },
  expired: { label: 'expired messages', unit: '', direction: 'lower' },
  delivered: { label: 'delivered messages', unit: '', direction: 'higher' },
  emitted: { label: 'emitted messages', unit: '', direction: 'higher' },
  deliveryRatio: { label: 'delivered / emitted', unit: 'ratio', direction: 'higher' },
  sloViolationRate: { label: 'SLO violation rate (all apps)', unit: 'ratio', direction: 'lower' },
  wanBytes: { label: 'WAN bytes', unit: 'B', direction: 'lower' },
  energyWh: { label: 'energy', unit: 'Wh', direction: 'lower' },
  costUsd: { label: 'cost', unit: 'USD', direction: 'lower' },
  availability: { label: 'node availability', unit: 'ratio', direction: 'higher' },
  events: { label: 'kernel events', unit: '', direction: 'lower' },
  controlBytes: { label: 'control traffic', unit: 'B', direction: 'lower' },
  controlDecisions: { label: 'control-plane decisions', unit: '', direction: 'higher' },
  controlRefused: { label: 'control-plane decisions refused', unit: '', direction: 'lower' },
  falseSuspicions: { label: 'false failure suspicions', unit: '', direction: 'lower' },
  recoveryMs: { label: 'longest fault recovery', unit: 'ms', direction: 'lower' },
  migrations: { label: 'live migrations', unit: '', direction: 'lower' },
  migrationBytes: { label: 'state bytes moved by migrations', unit: 'B', direction: 'lower' },
  migrationDowntimeMs: { label: 'total migration downtime', unit: 'ms', direction: 'lower' },
  releaseBlastRadius: { label: 'release blast radius (messages a new version failed or delivered late)', unit: '', direction: 'lower' },
  releaseUsersAffected: { label: 'users affected by a new version (distinct source sensors)', unit: '', direction: 'lower' },
  releaseRolledBack: { label: 'releases rolled back', unit: '', direction: 'lower' },
  releaseCompleted: { label: 'releases completed', unit: '', direction: 'higher' },
  predictionHits: { label: 'failures predicted in time', unit: '', direction: 'higher' },
  predictionMisses: { label: 'failures not predicted', unit: '', direction: 'lower' },
  falseAlarms: { label: 'false failure alarms', unit: '', direction: 'lower' },
  leadTime: { label: 'median prediction lead time', unit: 'ms', direction: 'higher' },
  lostAtFailures: { label: 'messages lost at failed nodes', unit: '', direction: 'lower' },
  sloMinutes: { label: 'minutes with an app over its SLO', unit: 'min', direction: 'lower' },
  modelAccuracy: { label: 'model accuracy proxy (mean over models)', unit: 'ratio', direction: 'higher' },
  modelStalenessMs: { label: 'model staleness (mean over models)', unit: 'ms', direction: 'lower' },
  modelRetrains: { label: 'model retrains (rolled out)', unit: '', direction: 'lower' },
  trainingBytes: { label: 'training data moved', unit: 'B', direction: 'lower' },
  trainingCpuSeconds: { label: 'training CPU (reference core)', unit: 's', direction: 'lower' },
  modelDeliveryBytes: { label: 'model delivery bytes', unit: 'B', direction: 'lower' },
  replicaHours: { label: 'autoscaled replica-hours', unit: 'h', direction: 'lower' },
  scaleEvents: { label: 'autoscaler scale events', unit: '', direction: 'lower' },
  poolNodeHours: { label: 'node-pool node-hours', unit: 'h', direction: 'lower' },
};

/** Metrics compared when an experiment names none. */
export const DEFAULT_METRICS = ['latencyP95Ms', 'latencyP99Ms', 'sloViolationRate', 'completed', 'dropped', 'lost', 'wanBytes', 'energyWh', 'costUsd'] as const;

/** The main-app latency used by the Pareto front, with costUsd and energyWh. */
export const PARETO_METRICS = ['latencyP95Ms', 'costUsd', 'energyWh'] as const;

/** Every metric key known for a scenario with these app ids (main app = appIds[0]). */
export function metricCatalog(appIds: readonly string[]): Map<string, MetricDef> {
  const out = new Map<string, MetricDef>();
  for (const [key, info] of Object.entries(GLOBAL_METRICS)) out.set(key, { key, ...info });
  const main = appIds[0];
  for (const [name, info] of Object.entries(APP_METRICS)) {
    if (main !== undefined && !out.has(name)) out.set(name, { key: name, ...info, label: `${info.label} (${main})` });
  }
  for (const app of appIds) {
    for (const [name, info] of Object.entries(APP_METRICS)) {
      const key = `${app}.${name}`;
      out.set(key, { key, ...info, label: `${info.label} (${app})` });
    }
  }
  return out;
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Every catalog metric of one run report (null where undefined, e.g. a percentile of no messages).
 * Give it the exact report (`sim.report({ exact: true })`): the statistics over seeds need
 * unrounded figures, since sub-0.001 rates, costs and energies rounded alike have zero spread.
 */
export function metricsOf(r: RunReport): Record<string, number | null> {
  const m: Record<string, number | null> = {};
  let completed = 0;
  let violations = 0;
  r.apps.forEach((a, i) => {
    const v: Record<string, number | null> = {
      latencyMeanMs: num(a.latencyMs.mean), latencyP50Ms: num(a.latencyMs.p50),
      latencyP95Ms: num(a.latencyMs.p95), latencyP99Ms: num(a.latencyMs.p99),
      completed: a.completed, dropped: a.dropped, lost: a.lost,
      sloViolationRate: a.sloViolationRate, sloMet: a.slo.met ? 1 : 0,
      appAvailability: typeof a.availability === 'number' ? a.availability : null,
    };
    for (const [k, x] of Object.entries(v)) {
      m[`${a.id}.${k}`] = x;
      // Main-app aliases; the global counts below take precedence over the app's.
      if (i === 0) m[k] = x;
    }
    completed += a.completed;
    violations += a.sloViolationRate * a.completed;
  });
  const c = r.conservation;
  const mig = r.continuum as { migrations: number; migrationBytes: number; migrationDowntimeMs: number } | undefined;
  const rel = r.releases as { status: string; blastRadius: { messages: number; usersAffected: number } }[] | undefined;
  const ml = (r as { mlops?: { accuracy: { mean: number | null }; staleness: { meanMs: number | null }; retrains: number; bytes: { training: number; delivery: number }; trainCpuSeconds: number }[] }).mlops;
  const mlMean = (f: (x: NonNullable<typeof ml>[number]) => number | null): number | null => {
    const xs = (ml ?? []).map(f).filter((x): x is number => x !== null);
    return xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
  };
  const mlSum = (f: (x: NonNullable<typeof ml>[number]) => number): number | null => (ml ? ml.reduce((a, x) => a + f(x), 0) : null);
  const cp = r.controlPlane as { decisions: number; refused: Record<string, number>; falseSuspicions: number } | undefined;
  const nodeMs = r.nodes.length * r.simulatedMs;
  const downMs = r.nodes.reduce((s, n) => s + n.downMs, 0);
  Object.assign(m, {
    completed,
    dropped: c.dropped,
    lost: c.lost,
    expired: c.expired,
    delivered: c.delivered,
    emitted: c.emitted,
    deliveryRatio: c.emitted > 0 ? c.delivered / c.emitted : null,
    sloViolationRate: completed > 0 ? violations / completed : 0,
    wanBytes: r.network.wanBytes,
    energyWh: num(r.energyWh),
    costUsd: num(r.costUsd),
    availability: nodeMs > 0 ? 1 - downMs / nodeMs : 1,
    events: r.events,
    controlBytes: r.control.bytes,
    controlDecisions: cp ? cp.decisions : null,
    controlRefused: cp ? Object.values(cp.refused).reduce((x, y) => x + y, 0) : null,
    falseSuspicions: cp ? cp.falseSuspicions : null,
    // A fault never recovered within the run counts as the rest of the run.
    // A run without spec.continuum migrates nothing: 0, so static and following variants compare.
    migrations: mig ? mig.migrations : 0,
    migrationBytes: mig ? mig.migrationBytes : 0,
    migrationDowntimeMs: mig ? mig.migrationDowntimeMs : 0,
    modelAccuracy: mlMean((x) => x.accuracy.mean),
    modelStalenessMs: mlMean((x) => x.staleness.meanMs),
    modelRetrains: mlSum((x) => x.retrains),
    trainingBytes: mlSum((x) => x.bytes.training),
    trainingCpuSeconds: mlSum((x) => x.trainCpuSeconds),
    modelDeliveryBytes: mlSum((x) => x.bytes.delivery),
    recoveryMs: r.faults.length === 0 ? null : Math.max(...r.faults.map((f) => f.recoveredAfterMs ?? r.simulatedMs - f.atMs)),
    releaseBlastRadius: rel ? rel.reduce((x, y) => x + y.blastRadius.messages, 0) : null,
    releaseUsersAffected: rel ? rel.reduce((x, y) => x + y.blastRadius.usersAffected, 0) : null,
    releaseRolledBack: rel ? rel.filter((x) => x.status === 'rolled-back').length : null,
    releaseCompleted: rel ? rel.filter((x) => x.status === 'done').length : null,
  });
  // spec.prediction (twin/prediction-report.ts); null without the section.
  const pr = r.prediction as { hits: number; misses: number; falseAlarms: number; leadTimeMs: { median: number | null }; lostAtFailures: number; sloMinutes: number } | undefined;
  Object.assign(m, {
    predictionHits: pr ? pr.hits : null,
    predictionMisses: pr ? pr.misses : null,
    falseAlarms: pr ? pr.falseAlarms : null,
    leadTime: pr ? pr.leadTimeMs.median : null,
    lostAtFailures: pr ? pr.lostAtFailures : null,
    sloMinutes: pr ? pr.sloMinutes : null,
  });
  // With autoscalers / node pools (report.autoscaling, report.nodePools): ready replica-hours, scale events, billed pool node-hours.
  const hpas = r.autoscaling as { replicaSeconds: number; scaleEvents: unknown[] }[] | undefined;
  const pools = r.nodePools as { nodeHours: number }[] | undefined;
  m.replicaHours = hpas ? hpas.reduce((x, a) => x + a.replicaSeconds, 0) / 3600 : null;
  m.scaleEvents = hpas ? hpas.reduce((x, a) => x + a.scaleEvents.length, 0) : null;
  m.poolNodeHours = pools ? pools.reduce((x, p) => x + p.nodeHours, 0) : null;
  return m;
}
