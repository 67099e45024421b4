/**
 * Calibration: fit the twin's per-node core speed and per-link latency to what was observed, and
 * say how much better the twin predicts with them — MAPE before (the model's parameters) and
 * after (the fitted ones), on the same samples.
 *
 *   core speed  The twin predicts ρ = x / s with x = Σλᵢ·wᵢ / c (work offered per core, predict.ts).
 *               Least squares of observed ρ against x over β = 1/s has the closed form
 *               β = Σ xₖ·yₖ / Σ xₖ², so s = 1/β. Samples whose observed utilisation is ≥ 0.98
 *               are left out (a saturated node says nothing about its speed), as are those without
 *               load (x = 0). No speed is fitted without such a sample or when β ≤ 0.
 *   link        offset δ = median over samples of (observed − model latency); calibrated latency =
 *               max(0, model + δ). The median, so a few probe spikes do not move it.
 *
 * Pure: observations in, parameters and errors out. App latency MAPE is recomputed with the
 * fitted speed too (a faster core also answers sooner).
 */
import { mapeOfPairs, type MapeResult } from './mape-window.ts';
import { predictNode, type NodePrediction, type ShadowModel } from './predict.ts';

/** Observed utilisation at or above this is saturated and left out of the speed fit. */
export const SATURATED_UTILIZATION = 0.98;

/** What was observed of one node at one time, with the inputs the twin predicted it from. */
export interface NodeObservation {
  atMs: number;
  node: string;
  /** Arrival rate of each service on the node, requests/s (the twin's input). */
  ratesPerS: ReadonlyMap<string, number>;
  /** Observed CPU utilisation 0..1 (null when not observed). */
  cpu: number | null;
  /** Observed latency percentiles per service, ms (null fields: not observed). */
  latency: ReadonlyMap<string, { p50Ms: number | null; p95Ms: number | null }>;
  /** The twin's prediction from these rates with the model's parameters, when already made (saves recomputing it). */
  predicted?: NodePrediction;
}

/** A link's latency as observed by a probe, ms (one way). */
export interface LinkObservation { atMs: number; link: string; observedMs: number }

/** The observed ≈ 0 thresholds (mape-window.ts) per signal. */
export interface Epsilons { cpu: number; latencyMs: number }

/** MAPE before and after calibration (percent; null when nothing was scored), with the samples each scored (a saturated prediction has no latency to score). */
export interface BeforeAfter { before: number | null; after: number | null; samplesBefore: number; samplesAfter: number }

/** One node's calibration. */
export interface NodeCalibration {
  node: string;
  /** Samples used in the speed fit. */
  fitSamples: number;
  coreSpeed: { model: number; calibrated: number | null };
  /** Why no speed was fitted (null when one was). */
  reason: string | null;
  cpu: BeforeAfter;
  /** App latency (p50 and p95 together) on this node. */
  latency: BeforeAfter;
}

/** One link's calibration. */
export interface LinkCalibration { link: string; samples: number; latencyMs: { model: number; calibrated: number | null }; mape: BeforeAfter }

/** The whole calibration, and the model with the fitted parameters in place. */
export interface Calibration { nodes: NodeCalibration[]; links: LinkCalibration[]; model: ShadowModel }

/** Least-squares core speed for one node's (x = work per core, y = observed ρ) samples; null with a reason when it cannot be fitted. */
export function fitCoreSpeed(samples: readonly { demandPerCore: number; observed: number }[]): { coreSpeed: number; used: number } | { coreSpeed: null; used: number; reason: string } {
  let sxy = 0;
  let sxx = 0;
  let used = 0;
  for (const s of samples) {
    if (!(s.demandPerCore > 0) || !(s.observed < SATURATED_UTILIZATION) || !Number.isFinite(s.observed)) continue;
    sxy += s.demandPerCore * s.observed;
    sxx += s.demandPerCore * s.demandPerCore;
    used++;
  }
  if (used === 0) return { coreSpeed: null, used, reason: 'no sample with load (x > 0) and an unsaturated observed utilisation' };
  const beta = sxy / sxx;
  if (!(beta > 0)) return { coreSpeed: null, used, reason: `the fitted 1/speed is ${beta}, not > 0 (observed utilisation is 0)` };
  return { coreSpeed: 1 / beta, used };
}

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of an empty list');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Fits every node and link seen in the observations and scores the model before and after. */
export function calibrate(model: ShadowModel, nodeObs: readonly NodeObservation[], linkObs: readonly LinkObservation[], eps: Epsilons): Calibration {
  const calibrated: ShadowModel = { nodes: new Map(model.nodes), services: model.services, links: new Map(model.links) };
  const nodes: NodeCalibration[] = [];
  const byNode = groupBy(nodeObs, (o) => o.node);
  for (const [node, obs] of [...byNode].sort(byFirst)) {
    const base = model.nodes.get(node);
    if (!base) continue;
    // The twin's own prediction: the one shadow mode made when it recorded the observation, if given.
    const before = obs.map((o) => o.predicted ?? predictNode(model, node, o.ratesPerS)!);
    const fit = fitCoreSpeed(obs.flatMap((o, i) => (o.cpu === null ? [] : [{ demandPerCore: before[i]!.demandPerCore, observed: o.cpu }])));
    const speedAfter = fit.coreSpeed ?? base.coreSpeed;
    if (fit.coreSpeed !== null) calibrated.nodes.set(node, { ...base, coreSpeed: fit.coreSpeed });
    // ρ = x / s, so the CPU prediction after needs no queueing; latency does, and only where some was observed.
    const after = obs.map((o) => (o.latency.size ? predictNode(model, node, o.ratesPerS, speedAfter)! : null));
    const cpuPairs = (which: 'before' | 'after') => obs.flatMap((o, i) => (o.cpu === null ? [] : [{
      predicted: which === 'before' ? before[i]!.utilization : Math.min(before[i]!.demandPerCore / speedAfter, 1), observed: o.cpu,
    }]));
    const latPairs = (which: 'before' | 'after') => obs.flatMap((o, i) => {
      const p = which === 'before' ? before[i]! : after[i];
      const out: { predicted: number; observed: number }[] = [];
      if (!p) return out;
      for (const [service, seen] of o.latency) {
        const lp = p.latency.get(service);
        if (!lp) continue; // unknown service or a saturated prediction: nothing to score
        if (seen.p50Ms !== null) out.push({ predicted: lp.p50Ms, observed: seen.p50Ms });
        if (seen.p95Ms !== null) out.push({ predicted: lp.p95Ms, observed: seen.p95Ms });
      }
      return out;
    });
    nodes.push({
      node, fitSamples: fit.used,
      coreSpeed: { model: base.coreSpeed, calibrated: fit.coreSpeed },
      reason: fit.coreSpeed === null ? fit.reason : null,
      cpu: beforeAfter(mapeOfPairs(cpuPairs('before'), eps.cpu), mapeOfPairs(cpuPairs('after'), eps.cpu)),
      latency: beforeAfter(mapeOfPairs(latPairs('before'), eps.latencyMs), mapeOfPairs(latPairs('after'), eps.latencyMs)),
    });
  }
  const links: LinkCalibration[] = [];
  for (const [link, obs] of [...groupBy(linkObs, (o) => o.link)].sort(byFirst)) {
    const base = model.links.get(link);
    if (!base) continue;
    const offset = median(obs.map((o) => o.observedMs - base.latencyMs));
    const after = Math.max(0, base.latencyMs + offset);
    calibrated.links.set(link, { latencyMs: after });
    links.push({
      link, samples: obs.length, latencyMs: { model: base.latencyMs, calibrated: after },
      mape: beforeAfter(
        mapeOfPairs(obs.map((o) => ({ predicted: base.latencyMs, observed: o.observedMs })), eps.latencyMs),
        mapeOfPairs(obs.map((o) => ({ predicted: after, observed: o.observedMs })), eps.latencyMs),
      ),
    });
  }
  return { nodes, links, model: calibrated };
}

function beforeAfter(before: MapeResult, after: MapeResult): BeforeAfter {
  return { before: before.mape, after: after.mape, samplesBefore: before.samples, samplesAfter: after.samples };
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x); else m.set(k, [x]);
  }
  return m;
}

/** Orders [key, value] entries by key, in code-unit order (stable across locales, and far cheaper than localeCompare). */
export function byFirst(a: readonly [string, unknown], b: readonly [string, unknown]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
