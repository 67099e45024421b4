/**
 * The gateway's API answers as the web app reads them (docs/live-fleet.md, "API"). Only the
 * fields the Fleet panel shows; the gateway may send more.
 */

/** GET /api/v1/whoami. */
export interface WhoAmI { name: string; role: 'viewer' | 'planner' | 'operator' }

/** One node of GET /api/v1/fleet. */
export interface FleetNodeView {
  id: string;
  state: 'ready' | 'draining' | 'down' | 'offline' | 'unknown';
  sources?: string[];
  lastSeenMs: number | null;
  heartbeatLagMs: number | null;
  runningVersion: number;
  /** Services running ("app/service"). */
  running?: string[];
  cpuUtilization?: number | null;
  labels?: Record<string, string>;
}

/** GET /api/v1/fleet. */
export interface FleetAnswer { nodes: FleetNodeView[]; malformed?: number }

/** One row of GET /api/v1/shadow's nodes, apps or links: MAPE in percent (null when nothing was scored). */
export interface ShadowRow { node?: string; app?: string; link?: string; signal: string; mape: number | null; samples: number; predicted?: number | null; observed?: number | null }

/** MAPE before and after calibration, in percent. */
export interface BeforeAfter { before: number | null; after: number | null }

/** GET /api/v1/shadow (connectors/shadow/shadow.ts ShadowState). */
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
  status: string;
  createdAt: string;
  createdBy: string;
  approvals: { by: string; at: string }[];
  approved: boolean;
}

/** One wave of a push. */
export interface PushWave { index: number; nodes: string[]; state: string }

/** GET /api/v1/pushes/:id (and the list's items). */
export interface PushView {
  id: string;
  planHash: string;
  via: string;
  state: string;
  waves: PushWave[];
  nodes: Record<string, { state: string; version: number }>;
  reason?: string | null;
}
