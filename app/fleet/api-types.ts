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

/** One row of GET /api/v1/shadow's nodes or apps. */
export interface ShadowRow { node?: string; app?: string; signal: string; mape: number | null; samples: number }

/** GET /api/v1/shadow. */
export interface ShadowAnswer {
  windowS: number;
  nodes: ShadowRow[];
  apps: ShadowRow[];
  calibration?: { before?: number | null; after?: number | null; [k: string]: unknown } | null;
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
