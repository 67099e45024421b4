/**
 * The gateway's API answers as the web app reads them, checked against the routes that send them:
 * /fleet is connectors/live/fleet-routes.ts + live-snapshot.ts (FleetNodeJson), /shadow is
 * connectors/shadow/shadow.ts (ShadowState), /pushes is connectors/push/store.ts (PushView) and
 * the dry run connectors/push/request.ts (DryRun). Only the fields the Fleet panel shows; the
 * gateway may send more. Where the gateway's type is the answer's exact shape it is imported as a
 * type (erased: the browser bundle pulls in no server code).
 */
import type { FleetNodeState } from '../../connectors/live/fleet-node.ts';
import type { FleetNodeJson } from '../../connectors/live/live-snapshot.ts';

/** GET /api/v1/whoami. */
export interface WhoAmI { name: string; role: 'viewer' | 'planner' | 'operator' }

/** Liveness of a node. */
export type NodeState = FleetNodeState;

/** One node of GET /api/v1/fleet: the gateway's own type (a type-only import, erased from the bundle). */
export type FleetNodeView = FleetNodeJson;

/** GET /api/v1/fleet. */
export interface FleetAnswer {
  nodes: FleetNodeView[];
  /** Malformed telemetry refused since the gateway started, and by reason. */
  malformed?: number;
  malformedBy?: Record<string, number>;
  /** The gateway's clock when it answered (ages are measured against it, not the browser's). */
  atMs?: number;
}

/** One row of GET /api/v1/shadow's nodes, apps or links: MAPE in percent (null when nothing was scored). */
export interface ShadowRow { node?: string; app?: string; link?: string; signal: string; mape: number | null; samples: number; predicted?: number | null; observed?: number | null }

/** MAPE before and after calibration, in percent. */
export interface BeforeAfter { before: number | null; after: number | null }

/** GET /api/v1/shadow (connectors/shadow/shadow.ts ShadowState); 404 when the gateway runs without --shadow. */
export interface ShadowAnswer {
  windowS: number;
  atMs?: number | null;
  nodes: ShadowRow[];
  apps: ShadowRow[];
  links?: ShadowRow[];
  calibration?: {
    nodes: { node: string; coreSpeed: { model: number; calibrated: number | null }; reason: string | null; cpu: BeforeAfter; latency: BeforeAfter }[];
    links: { link: string; latencyMs: { model: number; calibrated: number | null }; mape: BeforeAfter }[];
  } | null;
}

/** One plan of GET /api/v1/plans. */
export interface PlanListItem {
  hash: string;
  variant: string;
  experiment: string;
  /** 'approvable' or 'blocked' (the planner's verdict). */
  status: string;
  createdAt: string;
  createdBy: string;
  approvals: { by: string; at: string }[];
  approved: boolean;
}

/** Where a push is (sim-core/orchestrator/rollout/controller.ts RolloutPhase). */
export type PushState = 'pending' | 'delivering' | 'gating' | 'done' | 'rolling-back' | 'rolled-back';
/** Where a wave is (WaveState): 'skipped' waves never started because the push rolled back first. */
export type WaveState = 'pending' | 'delivering' | 'gating' | 'passed' | 'rolling-back' | 'rolled-back' | 'skipped';
/**
 * Where a node of a push is (NodeRolloutState). 'delivered' means the signed state was handed to
 * the transport (the broker took it), not that the node runs it: that is the fleet's runningVersion.
 */
export type PushNodeState = 'pending' | 'delivering' | 'delivered' | 'rolling-back' | 'rolled-back';

/** One wave of a push: the nodes it adds. */
export interface PushWave { index: number; nodes: string[]; /** A WaveState. */ state: WaveState | string }

/** GET /api/v1/pushes/:id and the items of GET /api/v1/pushes (connectors/push/store.ts PushView). */
export interface PushView {
  id: string;
  planHash: string;
  via: 'mqtt' | 'kubernetes';
  /** A PushState (the gateway types it as a string). */
  state: PushState | string;
  /** Why it rolled back (null otherwise). */
  reason: string | null;
  wavesSpec: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  /** The wave under way (-1 before start). */
  currentWave: number;
  /** The current wave's health gate while gating: its last verdict and why. */
  gate: { verdict: string; reasons: string[] } | null;
  waves: PushWave[];
  /** Per node: its state, wave, the version it was given and the rollback version (null until given). */
  nodes: Record<string, { state: PushNodeState | string; wave: number; version: number | null; rollbackVersion: number | null }>;
}

/** The answer of POST /api/v1/plans/:hash/pushes without dryRun (201 new, 200 existing). */
export interface StartPushAnswer { pushId: string; state: PushState | string; push: PushView }

/** The answer of POST /api/v1/plans/:hash/pushes with dryRun: nothing stored or sent (connectors/push/request.ts DryRun). */
export interface DryRunAnswer {
  dryRun: true;
  planHash: string;
  via: 'mqtt' | 'kubernetes';
  wavesSpec: string;
  /** Whether the plan could be pushed now, and if not why. */
  approved: boolean;
  refusal: string | null;
  /** Each wave's added nodes and how many nodes have the plan once it is done. */
  waves: { index: number; nodes: string[]; cumulative: number }[];
  nodes: Record<string, { from: string[]; to: string[]; added: string[]; removed: string[]; wave: number; nextVersion: number }>;
}
