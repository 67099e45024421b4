/**
 * Surface schema of edge MLOps (issue 12): `spec.drift` shifts a stream's readings over time,
 * `spec.models` makes a service's replicas run versioned models that are retrained on a
 * regional site and rolled out in waves.
 */
import { z } from 'zod';
import { BOUNDS } from './bounds.ts';
import { zBytes, zDurationMs, zEnum, zId, zLabels, zList, zNonNegative, zNumber, zObj, zPositive, zText } from './quantities.ts';

const tiers = ['sensor', 'gateway', 'edge', 'regional', 'cloud'] as const;

/** One spec.drift entry: from `at` on, the stream's readings are shifted by step + shiftPerHour · hours since `at`. */
export const zDrift = zObj({
  stream: zId().describe('Stream whose readings drift.'),
  at: zDurationMs().describe('When the drift begins (simulated time), e.g. 2h.'),
  shiftPerHour: zNumber(BOUNDS.reading).optional().describe('The mean moves by this much per hour after `at` (default 0).'),
  step: zNumber(BOUNDS.reading).optional().describe('A one-off shift of the mean at `at` (default 0).'),
});

/** One spec.models entry: the model a service runs, how accuracy is estimated, how it is retrained. */
export const zModel = zObj({
  id: zId().optional().describe('Model id (default: the service), so an experiment patch can merge entries by id.'),
  service: zText().describe('The service that runs the model, as <app>/<service>.'),
  trainedOn: zObj({
    mean: zNumber(BOUNDS.reading).describe('Mean of the readings the initial model was trained on.'),
    sd: zPositive(BOUNDS.reading).describe('Their standard deviation (> 0).'),
  }).describe('The distribution the initial model (version 1) saw.'),
  accuracy: zObj({
    base: zNumber({ min: 0, max: 1 }).optional().describe('Accuracy proxy on the training distribution (default 0.95).'),
    sensitivity: zNonNegative(BOUNDS.reading).optional().describe('accuracy = base / (1 + sensitivity · d²), d the live-vs-training distance in training sds (default 0.5).'),
  }).optional().describe('The accuracy proxy (orchestrator/mlops/accuracy.ts).'),
  retrain: zObj({
    policy: zEnum(['periodic', 'drift']).describe('periodic: every `every`; drift: when the Page-Hinkley detector alarms.'),
    every: zDurationMs({ positive: true }).optional().describe('Period of periodic retraining (default 6h).'),
    check: zDurationMs({ positive: true }).optional().describe('Window of the live estimate and period of the checks (default 5m).'),
    driftThreshold: zPositive(BOUNDS.reading).optional().describe('Page-Hinkley alarm level λ on standardized window means (default 3).'),
    driftTolerance: zNonNegative(BOUNDS.reading).optional().describe('Page-Hinkley tolerance δ per check (default 0.1).'),
    minGap: zDurationMs().optional().describe('drift: least time between two rounds (default 30m).'),
    site: zObj({
      selector: zObj({
        tier: zEnum(tiers).optional(),
        region: zId().optional(),
        labels: zLabels().optional(),
      }).describe('Candidate training nodes (criteria combine with AND); the first, by id, that the policies allow is used.'),
    }).describe('Where training runs.'),
    sampleBytes: zBytes({ positive: true }).describe('Training data each replica node sends to the site, e.g. 50MiB.'),
    trainCpu: zDurationMs({ positive: true }).describe('CPU time of one training on a reference core, e.g. 20m; it takes trainCpu / coreSpeed on the site.'),
    modelSize: zBytes({ positive: true }).describe('Size of the model shipped to each replica node, e.g. 20MiB.'),
    soak: zDurationMs().optional().describe('How long each wave runs the new version before the next starts; a wave node down at the end of it (for 2 more checks) rolls the rollout back (default 0).'),
    waves: zText().optional().describe("Rollout waves over the replica nodes (default '1,50%,100%')."),
  }).describe('Retraining.'),
});

/** spec.drift. */
export const zDrifts = zList(zDrift);
/** spec.models. */
export const zModels = zList(zModel);

export type DriftInput = z.output<typeof zDrift>;
export type ModelInput = z.output<typeof zModel>;
