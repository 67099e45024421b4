/** GET /api/v1/whoami (viewer), GET /api/v1/audit?after=SEQ&limit=N and /api/v1/audit/verify (operator). */
import { listAuditEntries } from './audit-log.ts';
import type { GatewayModule } from './context.ts';

/** Largest page of audit entries one request returns. */
export const MAX_AUDIT_PAGE = 1000;

const AUDIT_QUERY = {
  type: 'object', additionalProperties: false,
  properties: { after: { type: 'integer', minimum: 0, default: 0 }, limit: { type: 'integer', minimum: 1, maximum: MAX_AUDIT_PAGE, default: 100 } },
} as const;

/** The whoami and audit routes. */
export const auditRoutes: GatewayModule = (app, ctx) => {
  app.get('/api/v1/whoami', { config: { role: 'viewer' } }, async (req) => ({ name: req.principal!.name, role: req.principal!.role }));
  app.get('/api/v1/audit', { config: { role: 'operator' }, schema: { querystring: AUDIT_QUERY } }, async (req) => {
    const q = req.query as { after: number; limit: number };
    return { entries: listAuditEntries(ctx.db, q.after, q.limit) };
  });
  app.get('/api/v1/audit/verify', { config: { role: 'operator' } }, async () => ctx.audit.verify());
};
