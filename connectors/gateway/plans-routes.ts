/**
 * Plans over HTTP (docs/live-fleet.md): POST /api/v1/plans (planner) stores a plan whose hash
 * verifies — a blocked one too, it simply can never be approved; GET /api/v1/plans and
 * /api/v1/plans/:hash (viewer); POST /api/v1/plans/:hash/approve (operator), refused (409) when
 * the plan does not verify or is blocked, or when the same token approves twice. With
 * `--approvals 2` a plan is approved once two distinct operator tokens approved it. Every create,
 * approval and refusal is audited, in the same transaction as the rows it is about.
 */
import type Database from 'better-sqlite3';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { approve, planHash, verifyPlan, type Plan } from '../../sim-core/whatif/plan/index.ts';
import type { GatewayContext, GatewayModule, Principal } from './context.ts';
import { sendError } from './errors.ts';
import { APPROVE_BODY_SCHEMA, HASH_PARAMS_SCHEMA, PLAN_BODY_SCHEMA } from './plan-schema.ts';
import { approvalsOf, countingApprovals, ensurePlanSchema, getPlan, getPlanRow, insertApproval, insertPlan, isApproved, listPlans, type ApprovalRow } from './plan-store.ts';

export { approvedPlan } from './plan-store.ts';

/** What plansRoutes can be given: the push module's reader of a plan's pushes (GET /plans/:hash lists them). */
export interface PlansRoutesOptions { pushesFor?: (db: Database.Database, planHash: string) => unknown[] }

const shown = (a: ApprovalRow) => ({ by: a.by, at: a.at, ...(a.comment ? { comment: a.comment } : {}) });

/** The plans module. */
export function plansRoutes(opts: PlansRoutesOptions = {}): GatewayModule {
  return (app, ctx) => {
    ensurePlanSchema(ctx.db);
    const required = ctx.options.approvalsRequired;
    const iso = () => new Date(ctx.nowMs()).toISOString();
    const who = (req: FastifyRequest) => req.principal as Principal; // set: these routes need a role

    app.post('/api/v1/plans', { config: { role: 'planner' }, schema: { body: PLAN_BODY_SCHEMA } }, async (req, reply) => create(ctx, req.body as Plan, who(req), iso(), reply));

    app.get('/api/v1/plans', { config: { role: 'viewer' } }, async () => ({
      plans: listPlans(ctx.db).map((p) => {
        const approvals = approvalsOf(ctx.db, p.hash);
        return { hash: p.hash, variant: p.variant, experiment: p.experiment, status: p.status, createdAt: p.createdAt, createdBy: p.createdBy, approvals: approvals.map(shown), approved: isApproved(approvals, p.hash, required) };
      }),
    }));

    app.get('/api/v1/plans/:hash', { config: { role: 'viewer' }, schema: { params: HASH_PARAMS_SCHEMA } }, async (req, reply) => {
      const { hash } = req.params as { hash: string };
      const plan = getPlan(ctx.db, hash);
      if (!plan) return sendError(reply, 404, `no plan ${hash}`);
      const approvals = approvalsOf(ctx.db, hash);
      return { plan, approvals: approvals.map(shown), approved: isApproved(approvals, hash, required), approvalsRequired: required, pushes: opts.pushesFor?.(ctx.db, hash) ?? [] };
    });

    app.post('/api/v1/plans/:hash/approve', { config: { role: 'operator' }, schema: { params: HASH_PARAMS_SCHEMA, body: APPROVE_BODY_SCHEMA } }, async (req, reply) => {
      const { hash } = req.params as { hash: string };
      const comment = (req.body as { comment?: string } | null | undefined)?.comment ?? null;
      return approveRoute(ctx, hash, comment, who(req), iso(), reply);
    });
  };
}

function create(ctx: GatewayContext, plan: Plan, by: Principal, at: string, reply: FastifyReply) {
  let content: string;
  try { content = planHash(plan); } catch (e) { return sendError(reply, 400, `plan cannot be hashed: ${(e as Error).message}`); }
  if (content !== plan.hash) {
    const why = `hash mismatch: the plan says ${plan.hash} but its content hashes to ${content} (edited after sealing?)`;
    ctx.audit.append({ actor: by.name, action: 'plan.create', target: plan.hash, outcome: 'refused', reason: why });
    return sendError(reply, 400, `plan refused: ${why}`, { field: 'hash' });
  }
  const problems = verifyPlan(plan);
  const stored = ctx.db.transaction(() => {
    const fresh = insertPlan(ctx.db, plan, { problems, createdAt: at, createdBy: by.name });
    if (fresh) ctx.audit.append({ actor: by.name, action: 'plan.create', target: plan.hash, outcome: 'ok', reason: `stored ${plan.status} plan for variant ${plan.variant}`, detail: { status: plan.status, problems } });
    return fresh;
  }).immediate();
  const row = getPlanRow(ctx.db, plan.hash)!;
  return reply.code(stored ? 201 : 200).send({ hash: row.hash, status: row.status, problems: row.problems });
}

function approveRoute(ctx: GatewayContext, hash: string, comment: string | null, by: Principal, at: string, reply: FastifyReply) {
  const required = ctx.options.approvalsRequired;
  const refuse = (status: 404 | 409, why: string, extra: Record<string, unknown> = {}) => {
    ctx.audit.append({ actor: by.name, action: 'plan.approve', target: hash, outcome: 'refused', reason: why, ...(Object.keys(extra).length ? { detail: extra } : {}) });
    return sendError(reply, status, `approval refused: ${why}`, extra);
  };
  let plan: Plan | null;
  try { plan = getPlan(ctx.db, hash); } catch { return refuse(409, 'the stored plan does not parse'); }
  if (!plan) return refuse(404, `no plan ${hash}`);
  if (planHash(plan) !== hash || plan.hash !== hash) return refuse(409, `the stored plan no longer hashes to ${hash}`);
  const verdict = approve(plan, { approvedBy: by.name, approvedAt: at });
  if (!verdict.ok) return refuse(409, `plan ${plan.status === 'blocked' ? 'is blocked' : 'does not verify'}: ${verdict.errors.join('; ')}`, { blockers: plan.blockers, problems: verdict.errors });
  const result = ctx.db.transaction(() => {
    if (!insertApproval(ctx.db, hash, { tokenId: by.tokenId, by: by.name, at, comment, contentHash: hash })) return null;
    const approvals = approvalsOf(ctx.db, hash);
    const approved = isApproved(approvals, hash, required);
    ctx.audit.append({ actor: by.name, action: 'plan.approve', target: hash, outcome: 'ok', reason: `approval ${countingApprovals(approvals, hash).length} of ${required}${approved ? ': approved' : ''}`, detail: comment ? { comment } : undefined });
    return { approvals, approved };
  }).immediate();
  if (!result) return refuse(409, `token ${by.name} (${by.tokenId}) already approved this plan; ${required === 2 ? 'a second, distinct operator must approve' : 'one approval is enough'}`);
  return { approvals: result.approvals.map(shown), approved: result.approved };
}
