/**
 * The twin's prediction for shadow mode, from the same inputs the fleet sees: the observed arrival
 * rate λ of each service on a node, and the twin's own parameters (a node's cores c and core speed
 * s, a service's cpuWorkMs w, a link's latencyMs). A node is the twin's processing queue — c
 * parallel servers (sim-core/twin/processor.ts) with service time w / s — read as M/M/c:
 *
 *   utilisation ρ = Σᵢ λᵢ·wᵢ / (c·s)                      (busy fraction of all cores; capped at 1)
 *   wait          P(wait) = ErlangC(c, a), a = λ·E[S],  Wq ~ 0 w.p. 1 − C, else Exp(cμ − λ)
 *   response      Tᵢ = Wq + Sᵢ, Sᵢ ~ Exp(s / wᵢ);  p50 and p95 of Tᵢ solved from its distribution
 *
 * Several services on one node share the queue with the pooled mean service time
 * E[S] = Σλᵢ·Sᵢ / Σλᵢ (an M/M/c approximation of the M/G/c mix). The twin's DES matches M/M/c
 * (tests/sim-core/twin/queueing.test.ts). At ρ ≥ 1 the queue is unstable: latency is not predicted.
 * Pure functions; the Erlang C recurrence is the one that test checks the DES against.
 */
import type { ScenarioModel } from '../../sim-core/scenario/model.ts';

/** What the twin knows of the fleet, for predictions: per node, service ("app/service") and link. */
export interface ShadowModel {
  nodes: Map<string, { cores: number; coreSpeed: number }>;
  services: Map<string, { cpuWorkMs: number }>;
  links: Map<string, { latencyMs: number }>;
}

/** The shadow model of a resolved scenario (its nodes, services and links). */
export function shadowModelFromScenario(s: Pick<ScenarioModel, 'nodes' | 'apps' | 'links'>): ShadowModel {
  return {
    nodes: new Map(s.nodes.map((n) => [n.id, { cores: n.cores, coreSpeed: n.coreSpeed }])),
    services: new Map(s.apps.flatMap((a) => a.services.map((sv) => [`${a.id}/${sv.id}`, { cpuWorkMs: sv.cpuWorkMs }] as const))),
    links: new Map(s.links.map((l) => [l.id, { latencyMs: l.latencyMs }])),
  };
}

/** Erlang C: probability an arrival waits in M/M/c with offered load a = λ/μ (requires a < c). */
export function erlangC(c: number, a: number): number {
  if (!(Number.isInteger(c) && c >= 1)) throw new Error(`erlangC: c must be a whole number >= 1, got ${c}`);
  if (!(a >= 0 && a < c)) throw new Error(`erlangC: offered load must be in [0, c), got a = ${a}, c = ${c}`);
  let sum = 0;
  let term = 1; // a^k / k!
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const last = (term * c) / (c - a); // a^c / c! · c / (c − a)
  return last / (sum + last);
}

/** P(T > t) for T = Wq + S: Wq = 0 w.p. 1 − C, else Exp(theta); S ~ Exp(mu) (rates per ms). */
export function sojournSurvival(tMs: number, waitProb: number, thetaPerMs: number, muPerMs: number): number {
  const service = Math.exp(-muPerMs * tMs);
  if (waitProb === 0) return service;
  let hypo: number;
  // Hypoexponential Exp(theta) + Exp(mu); the limit (1 + μt)e^{−μt} when the rates (nearly) coincide.
  if (Math.abs(thetaPerMs - muPerMs) <= 1e-9 * Math.max(thetaPerMs, muPerMs)) hypo = (1 + muPerMs * tMs) * service;
  else hypo = (thetaPerMs * service - muPerMs * Math.exp(-thetaPerMs * tMs)) / (thetaPerMs - muPerMs);
  return (1 - waitProb) * service + waitProb * hypo;
}

/** Density of that sojourn time at tMs (−dS/dt), per ms. */
export function sojournDensity(tMs: number, waitProb: number, thetaPerMs: number, muPerMs: number): number {
  const service = Math.exp(-muPerMs * tMs);
  if (waitProb === 0) return muPerMs * service;
  let hypo: number;
  if (Math.abs(thetaPerMs - muPerMs) <= 1e-9 * Math.max(thetaPerMs, muPerMs)) hypo = muPerMs * muPerMs * tMs * service;
  else hypo = (thetaPerMs * muPerMs * (service - Math.exp(-thetaPerMs * tMs))) / (thetaPerMs - muPerMs);
  return (1 - waitProb) * muPerMs * service + waitProb * hypo;
}

/** The q-quantile (0 < q < 1) of that sojourn time, ms, to 1e-12 relative: Newton steps kept inside a shrinking bracket (bisection when a step leaves it). */
export function sojournQuantileMs(q: number, waitProb: number, thetaPerMs: number, muPerMs: number): number {
  if (!(q > 0 && q < 1)) throw new Error(`sojournQuantileMs: q must be in (0, 1), got ${q}`);
  const target = 1 - q;
  // Without waiting it is exponential: closed form.
  if (waitProb === 0) return -Math.log(target) / muPerMs;
  let lo = 0;
  let hi = 1 / muPerMs + 1 / thetaPerMs;
  while (sojournSurvival(hi, waitProb, thetaPerMs, muPerMs) > target) { lo = hi; hi *= 2; }
  let t = (lo + hi) / 2;
  for (let i = 0; i < 200; i++) {
    const g = sojournSurvival(t, waitProb, thetaPerMs, muPerMs) - target; // decreasing in t
    if (g > 0) lo = t; else hi = t;
    const f = sojournDensity(t, waitProb, thetaPerMs, muPerMs);
    let next = f > 0 ? t + g / f : NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-12 * next || hi - lo <= 1e-12 * hi) return next;
    t = next;
  }
  return t;
}

/** A service's predicted latency on a node, ms (mean and percentiles of the response time). */
export interface LatencyPrediction { meanMs: number; p50Ms: number; p95Ms: number }

/** The prediction for one node. */
export interface NodePrediction {
  node: string;
  /** Predicted CPU utilisation, 0..1 (ρ capped at 1: a saturated node is fully busy). */
  utilization: number;
  /** ρ before the cap (> 1: the offered load exceeds what the node can serve). */
  offeredUtilization: number;
  /** Work offered per core: Σλᵢ·wᵢ / c in reference-core ms per ms (ρ = demandPerCore / s); what calibrate.ts fits s against. */
  demandPerCore: number;
  /** Per service: its latency, or null when the node is saturated (ρ ≥ 1). */
  latency: Map<string, LatencyPrediction | null>;
  /** Services in the input the model does not know (or knows with cpuWorkMs ≤ 0): left out of the prediction. */
  unknownServices: string[];
}

/** Predicts a node from the arrival rate (requests/s) of each service on it; null when the model does not know the node. */
export function predictNode(model: ShadowModel, node: string, ratesPerS: ReadonlyMap<string, number>, coreSpeedOverride?: number): NodePrediction | null {
  const n = model.nodes.get(node);
  if (!n) return null;
  const s = coreSpeedOverride ?? n.coreSpeed;
  if (!(s > 0)) throw new Error(`predictNode: core speed of ${node} must be > 0, got ${s}`);
  const known: { service: string; lambdaPerMs: number; serviceMs: number }[] = [];
  const unknownServices: string[] = [];
  for (const [service, perS] of ratesPerS) {
    const sv = model.services.get(service);
    if (!sv || !(sv.cpuWorkMs > 0)) { unknownServices.push(service); continue; }
    if (!(perS >= 0 && Number.isFinite(perS))) throw new Error(`predictNode: arrival rate of ${service} on ${node} must be a finite number >= 0, got ${perS}`);
    known.push({ service, lambdaPerMs: perS / 1000, serviceMs: sv.cpuWorkMs / s });
  }
  let lambda = 0;
  let busyMsPerMs = 0; // a = λ·E[S] = Σλᵢ·Sᵢ, the mean number of busy cores
  let demand = 0;
  for (const k of known) {
    lambda += k.lambdaPerMs;
    busyMsPerMs += k.lambdaPerMs * k.serviceMs;
    demand += k.lambdaPerMs * model.services.get(k.service)!.cpuWorkMs;
  }
  const rho = busyMsPerMs / n.cores;
  const latency = new Map<string, LatencyPrediction | null>();
  if (rho >= 1) {
    for (const k of known) latency.set(k.service, null);
  } else {
    const waitProb = lambda > 0 ? erlangC(n.cores, busyMsPerMs) : 0;
    const meanServiceMs = lambda > 0 ? busyMsPerMs / lambda : 0;
    const theta = lambda > 0 ? n.cores / meanServiceMs - lambda : Infinity; // cμ − λ
    const meanWaitMs = lambda > 0 ? waitProb / theta : 0;
    for (const k of known) {
      const mu = 1 / k.serviceMs;
      latency.set(k.service, {
        meanMs: meanWaitMs + k.serviceMs,
        p50Ms: sojournQuantileMs(0.5, waitProb, theta, mu),
        p95Ms: sojournQuantileMs(0.95, waitProb, theta, mu),
      });
    }
  }
  return { node, utilization: Math.min(rho, 1), offeredUtilization: rho, demandPerCore: demand / n.cores, latency, unknownServices: unknownServices.sort() };
}

/** The twin's latency of a link, ms (null when the model does not know it). */
export function predictLinkLatencyMs(model: ShadowModel, link: string, offsetMs = 0): number | null {
  const l = model.links.get(link);
  return l ? l.latencyMs + offsetMs : null;
}
