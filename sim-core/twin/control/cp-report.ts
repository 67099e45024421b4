/**
 * The report's `controlPlane` section, and per-app availability and late messages added to
 * `apps[]` (fields added, none renamed). Relocations are listed with their reasons: the
 * detection that started them and the plugins that chose the target.
 */
import { decidingScores, type DecisionRecord } from '../decision-log.ts';
import { availability } from './accounting.ts';
import type { ControlPlane } from './cp.ts';

/** Most relocations the report lists (later ones are counted in `relocationsOmitted`). */
export const MAX_REPORTED_RELOCATIONS = 200;

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** Mean and 95th percentile (nearest rank) of a list; zeros when empty. */
export function meanP95(xs: readonly number[]): { mean: number; p95: number } {
  if (xs.length === 0) return { mean: 0, p95: 0 };
  const sorted = [...xs].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { mean: r3(mean), p95: r3(sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)]!) };
}

/** Writes the controlPlane section and app availability into a report. */
export function controlPlaneReport(cp: ControlPlane, out: Record<string, unknown>): void {
  const s = cp.s;
  const now = s.kernel.nowMs;
  const m = cp.metrics;
  let autonomousMs = m.autonomousMs;
  for (const a of cp.agents) if (a && a.autonomousSince >= 0) autonomousMs += now - a.autonomousSince;
  out.controlPlane = {
    model: cp.cfg.model,
    decisions: m.decisions,
    refused: Object.fromEntries(Object.entries(m.refused).sort(([a], [b]) => a.localeCompare(b))),
    decisionLatencyMs: meanP95(m.decisionLatenciesMs),
    falseSuspicions: m.falseSuspicions,
    detections: m.detections,
    autonomousMs: r3(autonomousMs),
    shed: m.shed,
    driftDetected: m.driftDetected,
    driftCorrected: m.driftCorrected,
    driftCorrectionMs: meanP95(m.driftCorrectionMs),
    commands: m.commands,
    crdtMerges: m.crdtMerges,
    reReplicatedBytes: m.reReplicatedBytes,
    ...relocationsOf(s.placement.decisionLog.records),
  };
  const avail = availability(cp, cp.outages);
  const apps = out.apps as { availability?: number; late?: number }[];
  apps.forEach((app, i) => { app.availability = avail[i]!; app.late = s.metrics.sloViolations[i]!; }); // rounded for display by buildReport
}

/** The relocations with their reasons (every value a finite number or a string: the report has no nulls here). */
function relocationsOf(records: readonly DecisionRecord[]): { relocations: Record<string, unknown>[]; relocationsOmitted: number } {
  const all = records.filter((r) => r.kind === 'relocated');
  const relocations = all.slice(0, MAX_REPORTED_RELOCATIONS).map((r) => {
    const d = r.detection;
    return {
      atMs: r3(r.atMs), service: r.service, from: r.from ?? '', to: r.node ?? '', by: r.by,
      ...(d ? { detector: d.detector, missedBeats: d.missedBeats, detectedAfterMs: r3(d.afterMs), ...(d.phi !== undefined && Number.isFinite(d.phi) ? { phi: r3(d.phi) } : {}) } : {}),
      ...(r.total !== null ? { total: r.total } : {}),
      feasibleNodes: r.feasibleNodes,
      decidedBy: decidingScores(r, 3).map((x) => x.plugin),
      message: r.message,
    };
  });
  return { relocations, relocationsOmitted: all.length - relocations.length };
}
