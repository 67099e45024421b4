/**
 * What the edge agent applies desired workloads through: a pluggable runtime (the reference one,
 * process-runtime.ts, runs them as local processes; another could drive containers). `apply`
 * makes the declared set run — starting what is new or changed, stopping what is no longer
 * declared — and says how each declared workload fared. No runtime restarts a crashed workload
 * by itself: it shows as unhealthy until the next apply declares it again.
 */
import { canonicalJson } from '../../sim-core/whatif/plan/canonical-json.ts';
import type { Workload } from '../signing/desired-state.ts';

/** A declared workload as the runtime sees it now. */
export interface WorkloadHealth {
  /** "app/service". */
  service: string;
  /** Running (for processes: alive). */
  healthy: boolean;
  /** The process id, or null when it never started. */
  pid: number | null;
}

/** The outcome of applying one declared workload: its health, and why it would not start (null when it did). */
export interface AppliedWorkload extends WorkloadHealth { error: string | null }

/** A runtime the agent applies desired state through. */
export interface Runtime {
  /** Makes exactly `workloads` run; resolves to one entry per declared workload, in their order. */
  apply(workloads: readonly Workload[]): Promise<AppliedWorkload[]>;
  /** Health of every declared workload now. */
  health(): WorkloadHealth[];
  /** Stops every workload it started. */
  stopAll(): Promise<void>;
}

/** What apply must do: start (new, changed, or not running), stop (undeclared or changed), keep (same spec, running). */
export interface WorkloadChanges { start: Workload[]; stop: string[]; keep: string[] }

/** The same process spec: command and environment, compared as canonical JSON. */
export function sameSpec(a: Workload, b: Workload): boolean {
  return canonicalJson({ c: a.command ?? null, e: a.env ?? {} }) === canonicalJson({ c: b.command ?? null, e: b.env ?? {} });
}

/**
 * The changes from what runs (`current`: service → its workload and whether it is alive) to
 * `desired`. A changed spec is stopped and started again; a declared workload that died is started
 * again, since an apply declaring it is an explicit request (pure).
 */
export function workloadChanges(current: ReadonlyMap<string, { workload: Workload; alive: boolean }>, desired: readonly Workload[]): WorkloadChanges {
  const declared = new Set(desired.map((w) => w.service));
  const changes: WorkloadChanges = { start: [], stop: [], keep: [] };
  for (const service of current.keys()) if (!declared.has(service)) changes.stop.push(service);
  for (const w of desired) {
    const now = current.get(w.service);
    if (now && now.alive && sameSpec(now.workload, w)) { changes.keep.push(w.service); continue; }
    if (now) changes.stop.push(w.service);
    changes.start.push(w);
  }
  return changes;
}
