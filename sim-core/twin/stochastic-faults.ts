/**
 * Stochastic faults (scenario `spec.stochasticFaults`): each selected node fails after an
 * exponential time with mean `mtbf`, drawn from its own stream (`mtbf:<node>`), is repaired
 * after a draw from `mttr` (stream `mttr:<node>`), and repeats. A failure domain (every zone or
 * region) does the same as one process and takes all its nodes down together. Each occurrence
 * appends a FaultRecord, so report.faults lists it, and goes through the same nodeDown/nodeUp
 * as scripted faults. A node is brought back only when no fault — stochastic or scripted — still
 * holds it down (node-holds.ts).
 */
import { log } from '../des/det-math.ts';
import { createRng, type Rng } from '../des/rng.ts';
import { sampler, type Sampler } from '../des/distributions.ts';
import { formatDurationMs } from '../text/units.ts';
import { holdNodeDown, releaseFault } from './node-holds.ts';
import type { TwinState } from './state.ts';
import type { StochasticPrecursorModel } from '../scenario/model.ts';

/** One renewal process: a node, or a whole zone/region. */
interface FailureProcess {
  kind: 'node' | 'power';
  /** Label for the fault log: node, zone or region. */
  recordKind: string;
  target: string;
  nodes: number[];
  mtbfMs: number;
  repair: Sampler;
  failRng: Rng;
  repairRng: Rng;
  /** Index in the fault log (s.faults.log) of the occurrence in progress, -1 when up. */
  record: number;
  /** Telemetry rise before each failure (scenario precursor), told to s.hooks.failureAhead. */
  precursor?: StochasticPrecursorModel;
}

/** Exponential draw with the given mean (inverse transform; 1 - u avoids log(0)). */
export function exponentialMs(rng: Rng, meanMs: number): number {
  return -meanMs * log(1 - rng.next());
}

/** Builds the failure processes of a scenario (exported for tests). */
export function failureProcesses(s: Pick<TwinState, 'model' | 'seed' | 'fabric'>): FailureProcess[] {
  const out: FailureProcess[] = [];
  (s.model.stochasticFaults ?? []).forEach((f, entry) => {
    const suffix = entry === 0 ? '' : `#${entry}`; // a node selected twice gets two independent streams
    const add = (recordKind: string, target: string, nodes: number[]) => out.push({
      kind: f.kind, recordKind, target, nodes, mtbfMs: f.mtbfMs, repair: sampler(f.mttrMs),
      failRng: createRng(s.seed, `mtbf:${target}${suffix}`), repairRng: createRng(s.seed, `mttr:${target}${suffix}`), record: -1,
      ...(f.precursor ? { precursor: f.precursor } : {}),
    });
    if (f.domain === undefined) {
      for (const id of f.nodes) add(f.kind, id, [s.fabric.topology.nodeIndex(id)]);
      return;
    }
    const domains = f.domain === 'zone' ? s.model.regions.flatMap((r) => r.zones) : s.model.regions.map((r) => r.id);
    for (const d of domains) {
      const nodes = s.model.nodes.flatMap((n, i) => ((f.domain === 'zone' ? n.zone : n.region) === d ? [i] : []));
      if (nodes.length > 0) add(f.domain, d, nodes);
    }
  });
  return out;
}

/** Registers the stochastic-fault event kind and schedules every first failure (nothing when there are none). */
export function installStochasticFaults(s: TwinState): void {
  const procs = failureProcesses(s);
  if (procs.length === 0) return;
  const kind = s.kernel.on((p, start) => (start ? fail(p) : repair(p)));
  const fail = (p: number) => {
    const proc = procs[p]!;
    const now = s.kernel.nowMs;
    const forMs = Math.max(0, proc.repair(proc.repairRng));
    const i = s.faults.log.length;
    proc.record = i;
    const spec = `${proc.recordKind}:${proc.target}@${formatDurationMs(now)}+${formatDurationMs(forMs)} (stochastic)`;
    s.faults.models.push({ kind: proc.kind, target: proc.target, atMs: now, forMs, spec });
    s.faults.log.push({ kind: proc.recordKind, target: proc.target, atMs: now, endMs: now + forMs, detectedAfterMs: null, recoveredAfterMs: null, messagesLost: 0 });
    s.faults.active = i;
    try {
      for (const n of proc.nodes) holdNodeDown(s, n, i, proc.kind === 'power');
    } finally {
      s.faults.active = -1;
    }
    s.events.publish({ t: now, type: 'fault-start', fault: spec, kind: proc.recordKind, target: proc.target });
    s.kernel.schedule(forMs, kind, p, 0);
  };
  const repair = (p: number) => {
    const proc = procs[p]!;
    const rec = s.faults.log[proc.record]!;
    // A recovery by hand (Simulation.inject) may have ended this occurrence already.
    if (!rec.cleared) {
      rec.cleared = true;
      releaseFault(s, proc.record);
      s.events.publish({ t: s.kernel.nowMs, type: 'fault-end', fault: s.faults.models[proc.record]!.spec, kind: proc.recordKind, target: proc.target });
    }
    proc.record = -1;
    scheduleFailure(p, s.kernel.nowMs + exponentialMs(proc.failRng, proc.mtbfMs));
  };
  // A precursor-ed process tells failure prediction when its next failure comes (no draw, no event of its own).
  const scheduleFailure = (p: number, atMs: number) => {
    const proc = procs[p]!;
    if (proc.precursor) for (const h of s.hooks.failureAhead ?? []) for (const n of proc.nodes) h(n, atMs, proc.precursor);
    s.kernel.scheduleAt(atMs, kind, p, 1);
  };
  procs.forEach((proc, p) => scheduleFailure(p, s.kernel.nowMs + exponentialMs(proc.failRng, proc.mtbfMs)));
}
