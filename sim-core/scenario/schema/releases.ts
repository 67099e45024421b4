/**
 * Surface schema of gradual rollouts (issue 12): a service's immutable image (`image: {name,
 * version}`) and `spec.releases`, each moving one service to a new version at a time, either in
 * canary steps gated by an analysis (Argo Rollouts' `setWeight` / `pause` / analysis, over the
 * service's replicas) or all at once. A version's behaviour (error rate, latency factor, crash
 * loop, CPU work factor) is part of the version: the same name and version behave the same.
 */
import { z } from 'zod';
import { zBool, zDurationMs, zFraction, zId, zInt, zList, zNumber, zObj } from './quantities.ts';

const VERSION = { min: 1, max: 1_000_000_000 };

/** A service's image: name and immutable version. */
export const zImage = zObj({
  name: zId().optional().describe('Image name (default: the service id).'),
  version: zInt(VERSION).describe('Image version, a whole number; the same name and version always behave the same.'),
}).describe('The image the service runs at the start (default {name: <service id>, version: 1}, a healthy version).');

/** A version's behaviour (what the release's target image does). */
export const zImageVersion = zObj({
  name: zId().optional().describe('Image name (default: the service\'s image name).'),
  version: zInt(VERSION).describe('The new version (must differ from the one the service runs).'),
  errorRate: zFraction('an error rate').optional().describe('Fraction of messages the version fails (lost as service-error; default 0).'),
  latencyFactor: zNumber({ min: 0, max: 1000, exclusiveMin: true }).optional().describe('Service time × this factor (default 1).'),
  cpuWorkFactor: zNumber({ min: 0, max: 1000, exclusiveMin: true }).optional().describe('CPU work per message × this factor (default 1; compounds with latencyFactor).'),
  crashLoop: zBool().optional().describe('The version never becomes ready: its replicas restart forever and serve nothing (default false).'),
});

/** One canary step: exactly one of setWeight and pause. */
export const zCanaryStep = zObj({
  setWeight: zNumber({ min: 0, max: 100, exclusiveMin: true, unit: '%' }).optional().describe('Cumulative percentage of the service\'s replicas on the new version (rounded up to whole replicas).'),
  pause: zDurationMs().optional().describe('Wait this long before the next step; with an analysis, the gate must stay healthy for the whole pause.'),
});

/** The health gate between steps (mapped onto the rollout controller's thresholds). */
export const zAnalysis = zObj({
  maxErrorRate: zFraction('an error rate').optional().describe('A replica on the new version fails the gate above this error rate (default 0.05).'),
  latencyP95: zDurationMs({ positive: true }).optional().describe('… or when the p95 end-to-end latency of messages it served is above this (default: the app\'s SLO latency).'),
  timeout: zDurationMs({ positive: true }).optional().describe('A step whose replicas stay not ready or without traffic this long fails (default 2m).'),
});

/** Canary steps with an optional analysis, or all-at-once (no gates). */
const STRATEGY_ALLOWED = 'expected all-at-once or {steps: [{setWeight: 10}, {pause: 2m}, …], analysis: {maxErrorRate, latencyP95, timeout}}';
export const zStrategy = z.union([
  z.literal('all-at-once', { error: (iss) => `${STRATEGY_ALLOWED}, got ${JSON.stringify(iss.input)}` }),
  zObj({
    steps: zList(zCanaryStep).min(1, { error: 'a canary needs at least one step' }).describe('Steps: [{setWeight: 10}, {pause: 2m}, {setWeight: 50}, {pause: 2m}, {setWeight: 100}].'),
    analysis: zAnalysis.optional().describe('Gate every pause (absent: pauses only, no rollback).'),
  }),
], { error: (iss) => `${STRATEGY_ALLOWED}, got ${JSON.stringify(iss.input)}` });

/** One release: a service moves to a new image version. */
export const zRelease = zObj({
  id: zId().optional().describe('Release id (lets an experiment\'s merge patch change one release by id).'),
  service: zId().describe('The service to release, as <app>/<service>.'),
  at: zDurationMs().describe('When the release starts (simulated time).'),
  to: zImageVersion.describe('The new version and its behaviour.'),
  strategy: zStrategy.describe('all-at-once, or {steps, analysis} (a canary).'),
  restartDelay: zDurationMs().optional().describe('A replica is not ready for this long after it changes version (default 5s).'),
  observeEvery: zDurationMs({ positive: true }).optional().describe('How often the gate looks at the measurements (default 10s).'),
});

/** spec.releases. */
export const zReleases = zList(zRelease);

export type ReleaseInput = z.output<typeof zRelease>;
