/**
 * Deny by default: an onRequest hook reads the route's `config` ({role} or {public: true}) and the
 * bearer token, and lets the request through only when the route is public or the token's role
 * includes the one required (viewer < planner < operator). No token, a bad one or a revoked one:
 * 401 (authentication comes first); a role too low, or a route that declares no access: 403. Every refusal is audited
 * (`auth.deny`, actor, route, why) and answered with a message. The same hook spends one request
 * from the caller's rate-limit bucket (its token, or its IP when unauthenticated): 429 with Retry-After.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ROLES, type AuditLog, type Principal, type Role } from './context.ts';
import { sendError } from './errors.ts';
import type { rateLimiter } from './rate-limit.ts';
import type { TokenLookup } from './tokens.ts';

/** True when `have` includes the rights of `need`. */
export function roleIncludes(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** The access decision for one request (pure): allow, or the status and why. */
export function decideAccess(
  access: { role?: Role; public?: boolean } | undefined,
  auth: TokenLookup | null,
): { allow: true } | { allow: false; status: 401 | 403; why: string } {
  if (access?.public === true) return { allow: true };
  if (auth === null) return { allow: false, status: 401, why: 'no bearer token (send Authorization: Bearer <token>)' };
  if (!auth.ok) return { allow: false, status: 401, why: auth.why };
  if (!access?.role || !ROLES.includes(access.role)) return { allow: false, status: 403, why: 'the route declares no access rule (deny by default)' };
  if (!roleIncludes(auth.principal.role, access.role)) return { allow: false, status: 403, why: `role ${auth.principal.role} cannot do this; needs ${access.role} or above` };
  return { allow: true };
}

/** The bearer token of a request: null when there is no Authorization header, '' when it is not a Bearer one. */
export function bearerOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (h === undefined) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1]! : '';
}

/** Installs the auth and rate-limit hook. Requests Fastify routes to its 404 handler are public (nothing to protect). */
export function installAuth(app: FastifyInstance, deps: { lookup: (t: string) => TokenLookup; audit: AuditLog; limiter: ReturnType<typeof rateLimiter> }): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req, reply) => {
    const presented = bearerOf(req);
    const auth: TokenLookup | null = presented === null ? null : presented === '' ? { ok: false, why: 'the Authorization header is not "Bearer <token>"' } : deps.lookup(presented);
    const principal: Principal | null = auth?.ok ? auth.principal : null;
    req.principal = principal;
    const take = deps.limiter.take(principal ? `token:${principal.tokenId}` : `ip:${req.ip}`);
    if (!take.ok) {
      reply.header('retry-after', String(take.retryAfterS));
      return sendError(reply, 429, `rate limit: too many requests from ${principal ? `token ${principal.name}` : req.ip}; retry after ${take.retryAfterS} s`);
    }
    if (req.is404) return; // the not-found handler serves the app's files or a JSON 404
    const decision = decideAccess(req.routeOptions.config, auth);
    if (decision.allow) return;
    const route = `${req.method} ${req.routeOptions.url ?? req.url}`;
    deps.audit.append({ actor: principal?.name ?? 'anonymous', action: 'auth.deny', target: route, outcome: 'denied', reason: decision.why, detail: { status: decision.status, ip: req.ip } });
    return sendError(reply, decision.status, `${decision.status === 401 ? 'unauthorized' : 'forbidden'}: ${decision.why}`);
  });
}
