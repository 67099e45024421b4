/**
 * What the gateway's parts share. The server (server.ts) opens the database, the audit log, the
 * metrics registry and the event stream, then hands this context to every route module. A route
 * module is `(app, ctx) => void`; each route declares who may call it in its `config`:
 * `{ role: 'viewer' | 'planner' | 'operator' }` or `{ public: true }`. A route that declares
 * neither is refused for everyone (deny by default).
 */
import type Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** Roles, each including the rights of those before it: viewer reads, planner creates plans, operator approves, pushes, rolls back. */
export type Role = 'viewer' | 'planner' | 'operator';
export const ROLES: readonly Role[] = ['viewer', 'planner', 'operator'];

/** Who made a request (set by the auth hook on request.principal). */
export interface Principal { tokenId: string; name: string; role: Role }

/** What a route requires. */
export type RouteAccess = { role: Role } | { public: true };

/** One audit entry as appended (the log adds seq, time, prevHash and hash). */
export interface AuditInput {
  /** Token name or id, 'anonymous', or 'system' for the gateway's own decisions. */
  actor: string;
  /** e.g. 'plan.create', 'plan.approve', 'push.start', 'push.wave', 'push.rollback', 'auth.deny', 'telemetry.malformed'. */
  action: string;
  /** What it was about: a plan hash, push id, node, route. */
  target: string;
  outcome: 'ok' | 'denied' | 'refused' | 'failed';
  /** Why, in words. */
  reason: string;
  detail?: unknown;
}

/** A stored audit entry: hash = SHA-256 over the canonical JSON of every other field, prevHash = the previous entry's hash. */
export interface AuditEntry extends AuditInput { seq: number; at: string; prevHash: string; hash: string }

/** The append-only, hash-chained audit log. */
export interface AuditLog {
  append(entry: AuditInput): AuditEntry;
  /** First entry whose hash or chain link does not verify, or null when the whole log verifies. */
  verify(): { ok: true; entries: number } | { ok: false; seq: number; problem: string };
}

/** Server-sent events to the web app and `edgetwin record`: topics 'fleet', 'shadow', 'push', 'audit'. */
export interface EventBus {
  publish(topic: string, data: unknown): void;
  subscribe(listener: (topic: string, data: unknown) => void): () => void;
}

/** Where the gateway finds the fleet (from `edgetwin serve` flags; null = that connector is off). */
export interface GatewayOptions {
  /** --mqtt mqtt://host:port: the broker agents and the gateway share. */
  mqttUrl: string | null;
  /** --prometheus http://host:port: a Prometheus server whose HTTP API the gateway queries. */
  prometheusUrl: string | null;
  /** --kubeconfig FILE: the cluster whose nodes and pods the gateway watches and applies to. */
  kubeconfig: string | null;
  /** --key FILE: the ed25519 private key (edgetwin keygen) desired states are signed with. */
  signingKeyPath: string | null;
  /** --approvals 1|2: distinct operators who must approve a plan before it can be pushed. */
  approvalsRequired: 1 | 2;
}

/** The shared context of the gateway's route modules. */
export interface GatewayContext {
  options: GatewayOptions;
  db: Database.Database;
  audit: AuditLog;
  metrics: Registry;
  events: EventBus;
  /** Wall clock in ms (injectable for tests). */
  nowMs(): number;
}

/** A route module. */
export type GatewayModule = (app: FastifyInstance, ctx: GatewayContext) => void | Promise<void>;

declare module 'fastify' {
  interface FastifyRequest { principal: Principal | null }
  interface FastifyContextConfig { role?: Role; public?: boolean }
}
