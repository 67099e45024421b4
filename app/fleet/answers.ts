/**
 * Checks of the gateway's answers before the Fleet panel renders them: bytes from the network are
 * input, and a gateway of another version (or a proxy's error page answering 200) must give a
 * clear message in the panel, not a crash while rendering. Each check returns the answer, with the
 * optional lists filled in, or throws an AnswerError naming the route and the field (pure).
 */
import type { DryRunAnswer, FleetAnswer, PlanListItem, PushView, ShadowAnswer, StartPushAnswer, WhoAmI } from './api-types.ts';

/** An answer that is not the shape the panel reads. */
export class AnswerError extends Error {}

type Obj = Record<string, unknown>;

function fail(route: string, path: string, want: string, got: unknown): never {
  const shown = got === null ? 'null' : Array.isArray(got) ? 'an array' : typeof got;
  throw new AnswerError(`${route}: ${path || 'the answer'}: expected ${want}, got ${shown}`);
}
function obj(route: string, path: string, v: unknown): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(route, path, 'an object', v);
  return v as Obj;
}
function arr(route: string, path: string, v: unknown): unknown[] {
  if (!Array.isArray(v)) fail(route, path, 'an array', v);
  return v;
}
function str(route: string, path: string, v: unknown): string {
  if (typeof v !== 'string') fail(route, path, 'a string', v);
  return v;
}
function numOrNull(route: string, path: string, v: unknown): number | null {
  if (v !== null && typeof v !== 'number') fail(route, path, 'a number or null', v);
  return v as number | null;
}
const strings = (route: string, path: string, v: unknown): string[] => arr(route, path, v).map((x, i) => str(route, `${path}[${i}]`, x));

/** GET /api/v1/whoami. */
export function checkWhoAmI(v: unknown): WhoAmI {
  const r = 'GET /api/v1/whoami';
  const o = obj(r, '', v);
  str(r, 'name', o.name);
  if (!['viewer', 'planner', 'operator'].includes(str(r, 'role', o.role))) fail(r, 'role', 'viewer, planner or operator', o.role);
  return o as unknown as WhoAmI;
}

/** GET /api/v1/fleet: every node needs an id and a state; missing lists and labels become empty ones. */
export function checkFleet(v: unknown): FleetAnswer {
  const r = 'GET /api/v1/fleet';
  const o = obj(r, '', v);
  const nodes = arr(r, 'nodes', o.nodes).map((x, i) => {
    const n = obj(r, `nodes[${i}]`, x);
    str(r, `nodes[${i}].id`, n.id);
    str(r, `nodes[${i}].state`, n.state);
    numOrNull(r, `nodes[${i}].lastSeenMs`, n.lastSeenMs ?? null);
    numOrNull(r, `nodes[${i}].heartbeatLagMs`, n.heartbeatLagMs ?? null);
    numOrNull(r, `nodes[${i}].runningVersion`, n.runningVersion ?? null);
    return { ...n, workloads: n.workloads === undefined ? [] : strings(r, `nodes[${i}].workloads`, n.workloads), labels: n.labels ? obj(r, `nodes[${i}].labels`, n.labels) : {}, runningVersion: n.runningVersion ?? 0, lastSeenMs: n.lastSeenMs ?? null, heartbeatLagMs: n.heartbeatLagMs ?? null };
  });
  return { ...o, nodes } as FleetAnswer;
}

/** GET /api/v1/shadow. */
export function checkShadow(v: unknown): ShadowAnswer {
  const r = 'GET /api/v1/shadow';
  const o = obj(r, '', v);
  for (const k of ['nodes', 'apps'] as const) arr(r, k, o[k]).forEach((x, i) => { str(r, `${k}[${i}].signal`, obj(r, `${k}[${i}]`, x).signal); });
  if (o.links !== undefined) arr(r, 'links', o.links).forEach((x, i) => { str(r, `links[${i}].signal`, obj(r, `links[${i}]`, x).signal); });
  return o as unknown as ShadowAnswer;
}

/** GET /api/v1/plans. */
export function checkPlans(v: unknown): { plans: PlanListItem[] } {
  const r = 'GET /api/v1/plans';
  const o = obj(r, '', v);
  arr(r, 'plans', o.plans).forEach((x, i) => {
    const p = obj(r, `plans[${i}]`, x);
    for (const k of ['hash', 'variant', 'status']) str(r, `plans[${i}].${k}`, p[k]);
    arr(r, `plans[${i}].approvals`, p.approvals);
  });
  return o as unknown as { plans: PlanListItem[] };
}

/** One push (GET /api/v1/pushes/:id, the list's items, a rollback's answer). */
export function checkPush(v: unknown, r = 'GET /api/v1/pushes/:id', at = ''): PushView {
  const f = (k: string) => (at ? `${at}.${k}` : k);
  const p = obj(r, at, v);
  for (const k of ['id', 'planHash', 'via', 'state']) str(r, f(k), p[k]);
  arr(r, f('waves'), p.waves).forEach((x, i) => {
    const w = obj(r, f(`waves[${i}]`), x);
    strings(r, f(`waves[${i}].nodes`), w.nodes);
    str(r, f(`waves[${i}].state`), w.state);
  });
  const nodes = obj(r, f('nodes'), p.nodes);
  for (const [id, n] of Object.entries(nodes)) str(r, f(`nodes.${id}.state`), obj(r, f(`nodes.${id}`), n).state);
  return p as unknown as PushView;
}

/** GET /api/v1/pushes. */
export function checkPushes(v: unknown): { pushes: PushView[] } {
  const r = 'GET /api/v1/pushes';
  const o = obj(r, '', v);
  return { pushes: arr(r, 'pushes', o.pushes).map((x, i) => checkPush(x, r, `pushes[${i}]`)) };
}

/** A started push's answer. */
export function checkStarted(v: unknown): StartPushAnswer {
  const r = 'POST /api/v1/plans/:hash/pushes';
  const o = obj(r, '', v);
  str(r, 'pushId', o.pushId);
  return { ...o, push: checkPush(o.push, r, 'push') } as StartPushAnswer;
}

/** A dry run's answer. */
export function checkDryRun(v: unknown): DryRunAnswer {
  const r = 'POST /api/v1/plans/:hash/pushes (dry run)';
  const o = obj(r, '', v);
  arr(r, 'waves', o.waves).forEach((x, i) => { strings(r, `waves[${i}].nodes`, obj(r, `waves[${i}]`, x).nodes); });
  const nodes = obj(r, 'nodes', o.nodes);
  for (const [id, n] of Object.entries(nodes)) {
    const c = obj(r, `nodes.${id}`, n);
    strings(r, `nodes.${id}.added`, c.added);
    strings(r, `nodes.${id}.removed`, c.removed);
  }
  return o as unknown as DryRunAnswer;
}
