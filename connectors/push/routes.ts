/**
 * Pushes over HTTP (docs/live-fleet.md): POST /api/v1/plans/:hash/pushes (operator) starts the
 * push of an approved plan — refused (409) unless approvedPlan says it is approved and its content
 * still hashes to what was approved; the same plan again answers 200 with the existing push; with
 * `dryRun` it answers the waves and per-node changes and stores and sends nothing. GET
 * /api/v1/pushes and /api/v1/pushes/:id (viewer) show pushes; POST /api/v1/pushes/:id/rollback
 * (operator) rolls one back. Every change goes out on the event stream (topic 'push'), and
 * `edgetwin_push_nodes{state}` counts the newest push's nodes by state.
 */
import type { FastifyRequest } from 'fastify';
import { Gauge } from 'prom-client';
import { DEFAULT_WAVES } from '../../sim-core/orchestrator/rollout/waves.ts';
import type { GateThresholds } from '../../sim-core/orchestrator/rollout/gates.ts';
import type { GatewayContext, GatewayModule, Principal } from '../gateway/context.ts';
import { sendError } from '../gateway/errors.ts';
import { HASH_PARAMS_SCHEMA } from '../gateway/plan-schema.ts';
import type { FleetView } from '../live/fleet-node.ts';
import type { KeyPair } from '../signing/keys.ts';
import { loadSigningKey } from './desired.ts';
import { createMqttTransport } from './mqtt-transport.ts';
import { createPushRunner, type PushRunner } from './runner.ts';
import { latestPushNodeStates } from './store.ts';
import { TRANSPORT_NAMES, type PushTransport, type TransportName } from './transport.ts';

export { pushesFor } from './store.ts';

/** Node states the gauge always reports (0 when none). */
export const PUSH_NODE_STATES = ['pending', 'delivering', 'delivered', 'rolling-back', 'rolled-back'] as const;

const BODY_FIELDS = ['via', 'waves', 'dryRun', 'gates'];
const GATE_FIELDS = ['sloLatencyMsP95', 'maxErrorRate', 'timeoutMs', 'minSoakMs', 'requireMetrics'];

/**
 * Body of POST /api/v1/plans/:hash/pushes. Unknown fields are refused by unknownField() in the
 * handler (Fastify's validator would silently strip them under additionalProperties: false).
 */
export const PUSH_BODY_SCHEMA = {
  type: ['object', 'null'],
  properties: {
    via: { type: 'string', enum: [...TRANSPORT_NAMES] },
    waves: { type: 'string', minLength: 1, maxLength: 400 },
    dryRun: { type: 'boolean' },
    gates: {
      type: 'object',
      properties: {
        sloLatencyMsP95: { type: 'number', exclusiveMinimum: 0 }, maxErrorRate: { type: 'number', minimum: 0, maximum: 1 },
        timeoutMs: { type: 'integer', minimum: 1 }, minSoakMs: { type: 'integer', minimum: 0 }, requireMetrics: { type: 'boolean' },
      },
    },
  },
} as const;

/** Params of /api/v1/pushes/:id. */
export const PUSH_ID_PARAMS_SCHEMA = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^push-[0-9a-f]{16}$' } } } as const;

/** What the push module is given. */
export interface PushRoutesOptions {
  /** The live fleet (the same store the telemetry ingest writes). */
  fleet: FleetView;
  /**
   * Transports by name, or a function of the gateway context that makes them (e.g. the Kubernetes
   * one from `--kubeconfig`); without an mqtt one, one is made from `--mqtt` when set. Transports
   * the function makes (and the mqtt one made here) are closed with the gateway; given objects are not.
   */
  transports?: Partial<Record<TransportName, PushTransport>> | ((ctx: GatewayContext) => Partial<Record<TransportName, PushTransport | undefined>>);
  /** The signing key; default: read from `edgetwin serve --key` (none: pushes are refused). */
  signer?: KeyPair | null;
  thresholds?: Partial<GateThresholds>;
  tickMs?: number;
  retryMs?: number;
  /** Called with the runner once it runs (tests). */
  onRunner?: (runner: PushRunner) => void;
}

/** The first field of a push body that is not allowed, as a message (null when all are known; pure). */
export function unknownField(body: Record<string, unknown>): string | null {
  const extra = Object.keys(body).find((k) => !BODY_FIELDS.includes(k));
  if (extra !== undefined) return `body.${extra}: unknown field; allowed: ${BODY_FIELDS.join(', ')}`;
  const gates = body.gates as Record<string, unknown> | undefined;
  const g = gates ? Object.keys(gates).find((k) => !GATE_FIELDS.includes(k)) : undefined;
  return g === undefined ? null : `body.gates.${g}: unknown field; allowed: ${GATE_FIELDS.join(', ')}`;
}

interface PushBody { via?: TransportName; waves?: string; dryRun?: boolean; gates?: Partial<GateThresholds> }

/** The push module. */
export function pushRoutes(opts: PushRoutesOptions): GatewayModule {
  return (app, ctx) => {
    const made = typeof opts.transports === 'function';
    const given: Partial<Record<TransportName, PushTransport | undefined>> = typeof opts.transports === 'function' ? opts.transports(ctx) : opts.transports ?? {};
    const owned: PushTransport[] = made ? TRANSPORT_NAMES.flatMap((n) => (given[n] ? [given[n]!] : [])) : [];
    const ownMqtt = !given.mqtt && ctx.options.mqttUrl ? createMqttTransport({ url: ctx.options.mqttUrl }) : null;
    if (ownMqtt) owned.push(ownMqtt);
    // Looked up at each use: the Kubernetes module may set `given.kubernetes` when it installs, before or after this one.
    const transports: Partial<Record<TransportName, PushTransport>> = {
      get mqtt() { return given.mqtt ?? ownMqtt ?? undefined; },
      get kubernetes() { return given.kubernetes ?? undefined; },
    };
    const signer = opts.signer !== undefined ? opts.signer : ctx.options.signingKeyPath ? loadSigningKey(ctx.options.signingKeyPath) : null;
    const runner = createPushRunner({
      db: ctx.db, audit: ctx.audit, events: ctx.events, fleet: opts.fleet, transports, signer, approvalsRequired: ctx.options.approvalsRequired,
      nowMs: ctx.nowMs, thresholds: opts.thresholds, tickMs: opts.tickMs, retryMs: opts.retryMs,
    });
    new Gauge({
      name: 'edgetwin_push_nodes', help: 'Nodes of the newest push by state', labelNames: ['state'], registers: [ctx.metrics],
      collect() {
        const counts = latestPushNodeStates(ctx.db);
        for (const s of new Set([...PUSH_NODE_STATES, ...Object.keys(counts)])) this.set({ state: s }, counts[s] ?? 0);
      },
    });
    const who = (req: FastifyRequest) => req.principal as Principal;

    app.post('/api/v1/plans/:hash/pushes', { config: { role: 'operator' }, schema: { params: HASH_PARAMS_SCHEMA, body: PUSH_BODY_SCHEMA } }, async (req, reply) => {
      const { hash } = req.params as { hash: string };
      const body = (req.body ?? {}) as PushBody;
      const unknown = unknownField(body as Record<string, unknown>);
      if (unknown) return sendError(reply, 400, `invalid request: ${unknown}`, { field: unknown.split(':')[0] });
      const via = body.via ?? 'mqtt';
      const waves = body.waves ?? DEFAULT_WAVES;
      if (body.dryRun) {
        const d = runner.dryRun({ planHash: hash, via, waves, ...(body.gates ? { thresholds: body.gates } : {}) });
        return d.ok ? d.dryRun : sendError(reply, d.status, d.reason);
      }
      const r = runner.create({ planHash: hash, via, waves, by: who(req).name, ...(body.gates ? { thresholds: body.gates } : {}) });
      if (!r.ok) return sendError(reply, r.status, r.reason);
      return reply.code(r.created ? 201 : 200).send({ pushId: r.push.id, state: r.push.state, push: r.push });
    });

    app.get('/api/v1/pushes', { config: { role: 'viewer' } }, async () => ({ pushes: runner.list() }));

    app.get('/api/v1/pushes/:id', { config: { role: 'viewer' }, schema: { params: PUSH_ID_PARAMS_SCHEMA } }, async (req, reply) => {
      const { id } = req.params as { id: string };
      return runner.get(id) ?? sendError(reply, 404, `no push ${id}`);
    });

    app.post('/api/v1/pushes/:id/rollback', { config: { role: 'operator' }, schema: { params: PUSH_ID_PARAMS_SCHEMA } }, async (req, reply) => {
      const { id } = req.params as { id: string };
      const r = runner.rollback(id, who(req).name);
      return r.ok ? r.push : sendError(reply, r.status, r.reason);
    });

    app.addHook('onReady', async () => { runner.start(); opts.onRunner?.(runner); });
    app.addHook('onClose', async () => {
      await runner.close();
      for (const t of owned) await t.close();
    });
  };
}
