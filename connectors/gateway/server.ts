/**
 * The gateway server (`edgetwin serve`): Fastify 5 over one SQLite database. It opens the
 * database, the audit log, the metrics registry and the event bus, installs the cross-cutting
 * parts (deny-by-default auth with a per-client rate limit, a body limit, JSON errors, request
 * metrics, SSE events, /healthz), hands the context to every route module, and serves the built
 * web app from appDir for every path it has no route for (outside /api/).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { openAuditLog } from './audit-log.ts';
import { installAuth } from './auth.ts';
import type { GatewayContext, GatewayModule, GatewayOptions } from './context.ts';
import { openDb } from './db.ts';
import { sendError, installErrorHandler } from './errors.ts';
import { createEventBus, installEvents, SSE_HEARTBEAT_MS } from './events.ts';
import { createMetrics, installMetrics } from './metrics.ts';
import { DEFAULT_RATE_LIMIT, rateLimiter, type RateLimit } from './rate-limit.ts';
import { MAX_HEADER_BYTES, staticFiles } from './static-files.ts';
import { tokenLookup } from './tokens.ts';

/** How long an idle keep-alive connection stays open (Fastify's default; Node's own is 5 s). */
export const KEEP_ALIVE_TIMEOUT_MS = 72_000;

/** Default request-body limit: 1 MiB (a plan file is a few KB). */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** Limits a deployment (or a test) can change. */
export interface GatewayLimits { bodyLimitBytes: number; rateLimit: RateLimit; sseHeartbeatMs: number }

/** What buildGateway needs. */
export interface BuildGatewayInput {
  dbPath: string;
  options: GatewayOptions;
  modules: GatewayModule[];
  /** The built web app (dist/app); without it, paths outside the API answer a JSON 404. */
  appDir?: string;
  nowMs?: () => number;
  limits?: Partial<GatewayLimits>;
}

/** A built gateway: the Fastify app (not listening), its context, and close() (app, then database). */
export interface Gateway { app: FastifyInstance; ctx: GatewayContext; close(): Promise<void> }

/** Builds the gateway; the app is ready (routes registered) when this resolves. */
export async function buildGateway(input: BuildGatewayInput): Promise<Gateway> {
  const nowMs = input.nowMs ?? Date.now;
  const limits: GatewayLimits = { bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES, rateLimit: DEFAULT_RATE_LIMIT, sseHeartbeatMs: SSE_HEARTBEAT_MS, ...input.limits };
  const startedMs = nowMs();
  const db = openDb(input.dbPath);
  const events = createEventBus();
  const log = openAuditLog(db, nowMs);
  const metrics = createMetrics();
  const ctx: GatewayContext = {
    options: input.options, db, metrics: metrics.registry, events, nowMs,
    // Every audit entry also goes out on the event stream (topic 'audit').
    audit: { append: (e) => { const entry = log.append(e); events.publish('audit', entry); return entry; }, verify: () => log.verify() },
  };
  const app = Fastify({
    bodyLimit: limits.bodyLimitBytes,
    logger: false,
    // The web app's shared links carry an edited scenario in the query, past Node's 16 KiB header default.
    serverFactory: (handler) => {
      const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, handler);
      // Fastify's own 72 s (its default for servers it makes): Node's 5 s made clients that reuse an idle connection hit a reset.
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      return server;
    },
    // Without this a client holding a keep-alive socket would keep close() waiting.
    forceCloseConnections: true,
  });
  installErrorHandler(app, limits.bodyLimitBytes);
  installAuth(app, { lookup: tokenLookup(db), audit: ctx.audit, limiter: rateLimiter(limits.rateLimit, nowMs) });
  installMetrics(app, metrics);
  installEvents(app, events, limits.sseHeartbeatMs);
  app.get('/healthz', { config: { public: true } }, async (_req, reply) => {
    let dbOk = true;
    try { db.prepare('SELECT 1').get(); } catch { dbOk = false; }
    const body = { status: dbOk ? 'ok' : 'degraded', db: dbOk ? 'ok' : 'error', uptimeS: Math.round((nowMs() - startedMs) / 1000) };
    return reply.code(dbOk ? 200 : 503).send(body);
  });
  const serveApp = input.appDir ? staticFiles(input.appDir) : null;
  app.setNotFoundHandler(async (req, reply) => {
    const path = req.url.split('?')[0]!;
    if (!serveApp || path === '/api' || path.startsWith('/api/') || path === '/metrics' || path === '/healthz') {
      return sendError(reply, 404, `no route ${req.method} ${path}; the API is under /api/v1 (see docs/live-fleet.md)`);
    }
    // The app's files are served by static-files.ts as they were before the gateway existed.
    reply.hijack();
    await serveApp(req.raw, reply.raw);
  });
  for (const mod of input.modules) await mod(app, ctx);
  await app.ready();
  let closed = false;
  return {
    app, ctx,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      db.close();
    },
  };
}

/** A gateway listening on host:port. */
export interface RunningGateway extends Gateway { url: string; port: number; server: Server }

/** Default port of `edgetwin serve`; when taken (and no port was asked for) the next free one is used. */
export const DEFAULT_PORT = 8080;

/** Builds the gateway and listens: on `port`, or from DEFAULT_PORT upward to the first free one when none is given. */
export async function startGateway(input: BuildGatewayInput & { host?: string; port?: number }): Promise<RunningGateway> {
  const gw = await buildGateway(input);
  const host = input.host ?? '127.0.0.1';
  const server = gw.app.server;
  let port: number;
  try { port = await listen(server, host, input.port); } catch (e) { await gw.close(); throw e; }
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    ...gw, server, port, url: `http://${shown}:${port}/`,
    async close() {
      await gw.close();
      await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); if (!server.listening) resolve(); });
    },
  };
}

/** Error from listen() when the port asked for is taken or not allowed. */
export class ListenError extends Error {}

async function listen(server: Server<typeof IncomingMessage, typeof ServerResponse>, host: string, port: number | undefined): Promise<number> {
  const tryPort = (p: number) => new Promise<number>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => { server.off('listening', onListening); reject(e); };
    const onListening = () => { server.off('error', onError); const a = server.address(); resolve(typeof a === 'object' && a ? a.port : p); };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(p, host);
  });
  if (port !== undefined) {
    try { return await tryPort(port); } catch (e) {
      throw new ListenError(`cannot listen on ${host}:${port}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  for (let p = DEFAULT_PORT; p < DEFAULT_PORT + 50; p++) {
    try { return await tryPort(p); } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    }
  }
  throw new ListenError(`no free port from ${DEFAULT_PORT} to ${DEFAULT_PORT + 49} on ${host}; pass --port`);
}
