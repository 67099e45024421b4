/**
 * The scenario document as users write it (Kubernetes style: apiVersion, kind, metadata, spec).
 * This zod schema is the single source of truth: validation, defaults documentation and the
 * JSON Schema export (json-schema.ts) all come from it.
 */
import { z } from 'zod';
import { zControlPlane, zStochasticFaults } from './control-plane.ts';
import { zContinuum } from './continuum.ts';
import { zMobility, zFault } from './dynamics.ts';
import { zLink, zNode, zNodeClass, zRegion } from './fabric.ts';
import { zGenerators } from './generators.ts';
import { zDurationMs, zId, zInt, zLabels, zList, zObj, zText } from './quantities.ts';
import { zApp, zStream } from './workload.ts';
import { zOrchestrator } from './orchestrator.ts';
import { zReleases } from './releases.ts';
import { zAutoscalers, zNodePools } from './autoscaling.ts';
import { BOUNDS } from './bounds.ts';
import { zPrediction } from './prediction.ts';
import { zDrifts, zModels } from './mlops.ts';

/** apiVersion of this format. */
export const SCENARIO_API_VERSION = 'edgetwin.io/v1alpha1';


/** spec: the fabric, workload and run settings. */
export const zSpec = zObj({
  seed: zInt({ min: 0, max: Number.MAX_SAFE_INTEGER }).optional().describe('Seed for every random stream (default 1); --seed overrides.'),
  duration: zDurationMs({ range: BOUNDS.runMs }).optional().describe('Simulated time to run, e.g. 30m (default 10m); --until overrides.'),
  sampleEvery: zDurationMs({ positive: true }).optional().describe('Sample period of time series in the report and trace (default 10s).'),
  regions: zList(zRegion).optional().describe('Regions and their zones (default: one region "default" with zone "default-a").'),
  nodeClasses: z.record(zId(), zNodeClass).optional().describe('Named node templates: {<name>: {tier, arch, cores, memory, …}}.'),
  nodes: zList(zNode).optional().describe('Nodes, each {id, class?, …fields to override, region, zone, position}.'),
  links: zList(zLink).optional().describe('Links: {between: [a, b], type, latency, bandwidth, loss, …}.'),
  generators: zGenerators.optional().describe('Site templates that expand into nodes and links (see the ids they generate).'),
  mobility: zList(zMobility).optional().describe('Moving nodes (vehicles, drones) with handover between attachment points.'),
  apps: zList(zApp).optional().describe('Apps: dataflow graphs of services with an SLO.'),
  streams: zList(zStream).optional().describe('Message streams from source nodes into apps.'),
  faults: zList(zFault).optional().describe('Scripted faults; --fault adds more.'),
  orchestrator: zOrchestrator.optional().describe('Placement by the production scheduler (default) or static lists, the scheduler profile, and policy files.'),
  controlPlane: zControlPlane.optional().describe('Control plane: heartbeats, failure detection, relocation, reconciliation, local autonomy (absent: none, static placement).'),
  stochasticFaults: zStochasticFaults.optional().describe('Random failures: [{select: {tier: edge}, mtbf: 24h, mttr: 30m}, {domain: zone, mtbf: 7d, mttr: 1h}].'),
  continuum: zContinuum.optional().describe('Computing continuum: QoS classes (weighted bandwidth shares) and services that migrate to follow a vehicle.'),
  releases: zReleases.optional().describe('Gradual rollouts: [{service: app/svc, at: 10m, to: {version: 2, errorRate: 0.2}, strategy: {steps: [{setWeight: 10}, {pause: 2m}, {setWeight: 100}], analysis: {maxErrorRate: 0.05}}}].'),
  prediction: zPrediction.optional().describe('Failure prediction from telemetry trends: {window: 2m, horizon: 10m} drains a node whose fault precursor the trend detector sees.'),
  drift: zDrifts.optional().describe('Stream value drift: [{stream, at: 2h, shiftPerHour: 0.5, step: 0}].'),
  models: zModels.optional().describe('Versioned models of services, retrained on regional sites: [{service: app/svc, trainedOn: {mean, sd}, retrain: {policy, …}}].'),
  autoscalers: zAutoscalers.optional().describe('Kubernetes HPAs (autoscaling/v2 manifests as-is, scaleTargetRef.name "<app>/<service>") with an x-edgetwin key for predictive scaling.'),
  nodePools: zNodePools.optional().describe('Node pools: [{name, class, attachTo, min, max, provisioningDelay: 3m}] — nodes that appear when the scheduler has no room.'),
});

/** The whole document. */
export const zScenarioDocument = zObj({
  apiVersion: z.literal(SCENARIO_API_VERSION, { error: (iss) => `expected apiVersion ${SCENARIO_API_VERSION}, got ${JSON.stringify(iss.input)}` })
    .describe(`Format version: ${SCENARIO_API_VERSION}.`),
  kind: z.literal('Scenario', { error: (iss) => `expected kind Scenario, got ${JSON.stringify(iss.input)}` }).describe('Always Scenario.'),
  metadata: zObj({
    name: zId().describe('Scenario name, shown in reports.'),
    description: zText().optional().describe('What the scenario shows.'),
    labels: zLabels().optional(),
    annotations: zLabels().optional(),
  }).describe('Name and description.'),
  spec: zSpec.describe('The scenario itself.'),
}).describe('An EdgeTwin scenario: the fabric, the workload and the faults to rehearse.');

/** Validated document with quantities in base units (ms, bytes, bits/s, millicores). */
export type ScenarioDocument = z.output<typeof zScenarioDocument>;
export type SpecInput = ScenarioDocument['spec'];
