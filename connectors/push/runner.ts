/**
 * The push runner: drives the rollout controller (sim-core/orchestrator/rollout) for real. It
 * keeps each push's rollout state in SQLite (store.ts), carries out the controller's actions —
 * sign a desired state at the node's next version and hand it to a transport — and feeds it
 * events: a delivery done, what the fleet reports (FleetView) for the health gate, the gate's
 * timeout, an operator's rollback. Every transition is one `.immediate()` transaction with its
 * audit entries. On start it resumes every unfinished push (a gateway restart): deliveries asked
 * for and not confirmed are re-sent with the very same signed bytes, never a new version, and a
 * node that already runs the version is not sent it again. Pushing a plan that already has a
 * push returns that push; only one push runs at a time.
 */
import type Database from 'better-sqlite3';
import { initRollout, rolloutStep, pendingDeliveries, type DeliveryPurpose, type RolloutAction, type RolloutEvent, type RolloutState } from '../../sim-core/orchestrator/rollout/controller.ts';
import { checkThresholds, DEFAULT_GATE_THRESHOLDS, type GateThresholds } from '../../sim-core/orchestrator/rollout/gates.ts';
import type { AuditLog, EventBus } from '../gateway/context.ts';
import { approvedPlan, getPlan } from '../gateway/plan-store.ts';
import type { FleetNode, FleetView } from '../live/fleet-node.ts';
import type { SignedDesiredState } from '../signing/desired-state.ts';
import type { KeyPair } from '../signing/keys.ts';
import { signedDesiredState, undeliverableNodes } from './desired.ts';
import { observePush } from './observation.ts';
import { auditForAction, gateWaitingAudit } from './push-audit.ts';
import { parseWavesText, planPushNodes, type DryRun, type PushRefusal, type PushRequest } from './request.ts';
import {
  ensurePushSchema, gatingPushes, getPush, getPushByPlan, getPushHead, getPushNode, insertPush, listPushes, nextNodeVersion, nodeVersion, pushIdFor, pushView,
  recordConfirmed, recordDelivered, recordDesired, saveRollout, unfinishedPushes, type PushView,
} from './store.ts';
import { sleep, withTimeout } from './timing.ts';
import type { PushTransport, TransportName } from './transport.ts';

export type { DryRun, PushRefusal, PushRequest } from './request.ts';
export { observationOf } from './observation.ts';

/** How often gates are evaluated and timeouts checked (besides every fleet change). */
export const DEFAULT_TICK_MS = 500;
/** First wait after a failed delivery; doubled per attempt up to MAX_RETRY_MS. */
export const DEFAULT_RETRY_MS = 200;
export const MAX_RETRY_MS = 5000;
/** Least time between two 'push' events of one push (ms). */
export const PUBLISH_EVERY_MS = 50;
/** Least time between two gate evaluations triggered by fleet changes (ms). */
export const OBSERVE_GAP_MS = 20;

/** What the runner needs. */
export interface PushRunnerInput {
  db: Database.Database;
  audit: AuditLog;
  events?: EventBus;
  fleet: FleetView;
  transports: Partial<Record<TransportName, PushTransport>>;
  /** The gateway's signing key (null: pushes are refused). */
  signer: KeyPair | null;
  /** Distinct approvals a plan needs (the gateway's --approvals). */
  approvalsRequired: number;
  nowMs?: () => number;
  /** Gate thresholds over DEFAULT_GATE_THRESHOLDS (a push may override them again). */
  thresholds?: Partial<GateThresholds>;
  tickMs?: number;
  retryMs?: number;
  /** Validity window of signed desired states (ms). */
  validityMs?: number;
  /** Called after every committed transition of a push. */
  onChange?: (push: PushView) => void;
  /** Where delivery problems are told (default: stderr). */
  log?: (line: string) => void;
}

/** The runner. */
export interface PushRunner {
  /** Resumes every unfinished push and starts the gate ticks. */
  start(): void;
  create(req: PushRequest): { ok: true; created: boolean; push: PushView } | PushRefusal;
  dryRun(req: Omit<PushRequest, 'by'>): { ok: true; dryRun: DryRun } | PushRefusal;
  rollback(id: string, by: string): { ok: true; push: PushView } | PushRefusal;
  get(id: string): PushView | null;
  list(): PushView[];
  /** Resolves when no delivery is in flight (tests). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** True when two states differ at most outside the gate's verdict and reasons (pure). */
function sameGate(a: RolloutState, b: RolloutState): boolean {
  return a.phase === b.phase && a.wave === b.wave && JSON.stringify(a.gate) === JSON.stringify(b.gate);
}

/** Creates a runner (call start() to resume and run). */
export function createPushRunner(input: PushRunnerInput): PushRunner {
  const { db, audit, fleet } = input;
  ensurePushSchema(db);
  const nowMs = input.nowMs ?? Date.now;
  const iso = () => new Date(nowMs()).toISOString();
  const log = input.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const baseThresholds = checkThresholds({ ...DEFAULT_GATE_THRESHOLDS, ...input.thresholds });
  const retryMs = input.retryMs ?? DEFAULT_RETRY_MS;
  const nodeChains = new Map<string, Promise<void>>();
  const inflight = new Set<Promise<void>>();
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;
  let observeQueued = false;
  let lastObserveMs = -Infinity;

  // A wave of many nodes makes many transitions: the push's view goes out at most every PUBLISH_EVERY_MS, and always after the last.
  const toPublish = new Set<string>();
  let publishTimer: NodeJS.Timeout | null = null;
  const flushPublish = () => {
    publishTimer = null;
    if (closed) return;
    for (const id of [...toPublish]) {
      toPublish.delete(id);
      const p = getPush(db, id);
      if (!p) continue;
      const v = pushView(p);
      input.events?.publish('push', v);
      input.onChange?.(v);
    }
  };
  const publish = (id: string) => {
    toPublish.add(id);
    if (!publishTimer) { publishTimer = setTimeout(flushPublish, PUBLISH_EVERY_MS); publishTimer.unref(); }
  };

  // What never changes in a push (plan, transport, gate timeout), read once.
  const fixedCache = new Map<string, { planHash: string; via: TransportName; timeoutMs: number }>();
  const fixed = (id: string) => {
    let f = fixedCache.get(id);
    if (!f) {
      const h = getPushHead(db, id);
      if (!h) return null;
      f = { planHash: h.planHash, via: h.via, timeoutMs: h.rollout.thresholds.timeoutMs };
      fixedCache.set(id, f);
    }
    return f;
  };

  // Versions handed out and not yet seen running: node → push and version. A fleet change showing
  // the node on it is written down at once — synchronously, inside the telemetry's message handler,
  // so before the broker gets its PUBACK — and a gateway killed right after still knows it.
  const watch = new Map<string, { pushId: string; version: number }>();
  /** Stores (inside a transaction) that a node was seen running a version of a push, with its audit entry. */
  const confirm = (pushId: string, node: string, version: number) => {
    recordConfirmed(db, pushId, node, version);
    audit.append({ actor: 'system', action: 'push.observed', target: pushId, outcome: 'ok', reason: `${node} runs version ${version}`, detail: { node, version } });
  };
  const confirmFrom = (n: FleetNode) => {
    const w = watch.get(n.id);
    if (!w || n.runningVersion < w.version || closed) return;
    watch.delete(n.id);
    try { db.transaction(() => confirm(w.pushId, n.id, n.runningVersion)).immediate(); } catch (e) { log(`edgetwin push ${w.pushId}: cannot record that ${n.id} runs ${n.runningVersion}: ${(e as Error).message}`); }
  };

  interface Item { event: RolloutEvent; actor: string; also?: () => void }

  /**
   * Runs events of one push, in order, in one immediate transaction (with each one's `also` and
   * the audit entries); then publishes and carries out deliveries. Null when nothing was written.
   */
  const stepMany = (id: string, items: readonly Item[]): RolloutAction[] | null => {
    if (closed) return null;
    let done: RolloutAction[] | null = null;
    db.transaction(() => {
      const p = getPushHead(db, id);
      if (!p) return;
      let state = p.rollout;
      let wrote = false;
      const actions: RolloutAction[] = [];
      for (const { event, actor, also } of items) {
        const r = rolloutStep(state, event);
        also?.();
        if (also) wrote = true;
        if (r.ignored) continue;
        // An observation or tick that changed nothing the gate says is not written (ticks come every tickMs).
        if (!also && r.actions.length === 0 && (event.type === 'observation' || event.type === 'timeout-tick') && sameGate(r.state, state)) continue;
        for (const a of r.actions) { const e = auditForAction(p, a, actor); if (e) audit.append(e); }
        // A gate that stays inconclusive is audited when what it waits for changes, not on every tick.
        if (event.type === 'observation' && r.state.gate && r.state.gate.reasons.join('\n') !== state.gate?.reasons.join('\n')) {
          audit.append(gateWaitingAudit(id, r.state.wave, r.state.gate.reasons, actor));
        }
        state = r.state;
        actions.push(...r.actions);
        wrote = true;
      }
      if (!wrote) return;
      if (state !== p.rollout) saveRollout(db, id, state, iso(), p.rollout);
      done = actions;
    }).immediate();
    if (done === null) return null;
    publish(id);
    carryOut(id, done);
    return done;
  };
  const step = (id: string, event: RolloutEvent, actor = 'system', also?: () => void) => stepMany(id, [{ event, actor, ...(also ? { also } : {}) }]);

  // Deliveries confirmed in the same turn of the event loop are committed together (one fsync, not one per node).
  const completions = new Map<string, { item: Item; done: () => void }[]>();
  let completionsQueued = false;
  const flushCompletions = () => {
    completionsQueued = false;
    const all = [...completions];
    completions.clear();
    for (const [id, list] of all) {
      try { stepMany(id, list.map((c) => c.item)); } catch (e) { if (!closed) log(`edgetwin push ${id}: recording deliveries failed: ${(e as Error).message}`); }
      for (const c of list) c.done();
    }
  };
  const complete = (id: string, item: Item) => new Promise<void>((resolve) => {
    completions.set(id, [...(completions.get(id) ?? []), { item, done: resolve }]);
    if (!completionsQueued) { completionsQueued = true; setImmediate(flushCompletions); }
  });

  const carryOut = (id: string, actions: readonly RolloutAction[]) => {
    const deliveries = actions.filter((a): a is Extract<RolloutAction, { type: 'deliver' }> => a.type === 'deliver');
    // A wave's states are signed in one transaction before any goes out.
    if (deliveries.length > 1) {
      try { db.transaction(() => { for (const d of deliveries) allocate(id, d.node, d.purpose); }).immediate(); } catch { /* each delivery retries its own */ }
    }
    for (const d of deliveries) deliver(id, d.node, d.purpose);
  };

  /** Signs (or finds the already signed) desired state for a delivery that is still wanted; null when it is not. */
  const allocate = (id: string, node: string, purpose: DeliveryPurpose): SignedDesiredState | null => {
    // Already signed (by the wave's batch, or before a restart): no write needed. The row's state
    // is the rollout's node state (saved in the same transaction), cheaper to read than the rollout.
    const want = purpose === 'apply' ? 'delivering' : 'rolling-back';
    const row = getPushNode(db, id, node);
    if (!row || row.state !== want) return null;
    const signed = purpose === 'apply' ? row.desired : row.rollbackDesired;
    return signed ?? allocateTx(id, node, purpose);
  };
  const allocateTx = (id: string, node: string, purpose: DeliveryPurpose): SignedDesiredState | null => db.transaction((): SignedDesiredState | null => {
    const p = fixed(id);
    const row = getPushNode(db, id, node);
    const want = purpose === 'apply' ? 'delivering' : 'rolling-back';
    if (!p || !row || row.state !== want) return null;
    const existing = purpose === 'apply' ? row.desired : row.rollbackDesired;
    if (existing) return existing;
    if (!input.signer) throw new Error('the gateway has no signing key (edgetwin serve --key FILE)');
    const version = nextNodeVersion(db, node);
    const services = purpose === 'apply' ? row.target : row.previous;
    const signed = signedDesiredState({ node, version, planHash: p.planHash, pushId: id, services, nowMs: nowMs(), validityMs: input.validityMs }, input.signer);
    recordDesired(db, id, node, purpose, signed);
    if (purpose === 'apply') watch.set(node, { pushId: id, version });
    audit.append({ actor: 'system', action: 'push.deliver', target: id, outcome: 'ok', reason: `${purpose === 'apply' ? 'signed' : 'signed rollback'} version ${version} for ${node}: ${services.join(', ') || '(no workloads)'}`, detail: { node, version, purpose, services } });
    return signed;
  }).immediate();

  const deliverNow = async (id: string, node: string, purpose: DeliveryPurpose, resumed: boolean) => {
    const firstTryMs = nowMs();
    for (let attempt = 0; !closed; attempt++) {
      let signed: SignedDesiredState | null;
      let via: TransportName;
      let limitMs: number;
      try {
        signed = allocate(id, node, purpose);
        const rec = fixed(id)!;
        via = rec.via;
        limitMs = rec.timeoutMs;
      } catch (e) {
        log(`edgetwin push ${id}: cannot sign for ${node}: ${(e as Error).message}`);
        await sleep(Math.min(MAX_RETRY_MS, retryMs * 2 ** attempt));
        continue;
      }
      if (!signed || closed) return;
      const version = signed.payload.version;
      const running = fleet.node(node)?.runningVersion ?? 0;
      let already = running >= version;
      if (!already) {
        const transport = input.transports[via];
        try {
          if (!transport) throw new Error(`the gateway has no ${via} transport`);
          // Resuming after a restart: the state may have gone out just before the crash.
          if (resumed && attempt === 0 && transport.alreadyDelivered) already = await transport.alreadyDelivered(node, signed);
          // An apply must be handed over within the gate timeout (a rollback is tried for as long as it takes).
          const leftMs = purpose === 'apply' ? limitMs - (nowMs() - firstTryMs) : Infinity;
          if (!already) await withTimeout(transport.deliver(node, signed), leftMs, `no acknowledgement within ${limitMs} ms`);
        } catch (e) {
          if (closed) return;
          const why = `delivery of version ${version} to ${node} over ${via} failed: ${(e as Error).message}`;
          if (purpose === 'apply' && nowMs() - firstTryMs >= limitMs) {
            step(id, { type: 'abort', atMs: nowMs(), reason: `${why} (for ${nowMs() - firstTryMs} ms, over the gate timeout of ${limitMs} ms)` });
            return;
          }
          if (attempt === 0) audit.append({ actor: 'system', action: 'push.deliver', target: id, outcome: 'failed', reason: `${why} (retrying)`, detail: { node, version, purpose } });
          await sleep(Math.min(MAX_RETRY_MS, retryMs * 2 ** attempt));
          continue;
        }
      }
      if (closed) return;
      const atMs = nowMs();
      await complete(id, {
        event: { type: 'delivered', node, purpose, version, atMs }, actor: 'system',
        also: () => {
          recordDelivered(db, id, node, purpose, atMs);
          audit.append({ actor: 'system', action: 'push.delivered', target: id, outcome: 'ok', reason: running >= version ? `${node} already runs version ${running} (≥ ${version}): not sent again` : already ? `version ${version} for ${node} was already on its way over ${via} before the restart: not sent again` : `version ${version} handed to ${node} over ${via}`, detail: { node, version, purpose } });
        },
      });
      return;
    }
  };

  const deliver = (id: string, node: string, purpose: DeliveryPurpose, resumed = false) => {
    // One node's deliveries run in order, so a rollback is signed, and sent, after the apply before it.
    const p = (nodeChains.get(node) ?? Promise.resolve()).then(() => deliverNow(id, node, purpose, resumed)).catch((e: unknown) => {
      if (!closed) log(`edgetwin push ${id}: delivery to ${node} failed: ${(e as Error).stack ?? String(e)}`);
    });
    nodeChains.set(node, p);
    inflight.add(p);
    void p.finally(() => { inflight.delete(p); if (nodeChains.get(node) === p) nodeChains.delete(node); });
  };

  const observe = () => {
    observeQueued = false;
    lastObserveMs = performance.now();
    if (closed) return;
    for (const p of gatingPushes(db)) {
      const atMs = nowMs();
      const { nodes, confirmed } = observePush(p.nodes, p.rollout, fleet);
      const also = confirmed.length ? () => { for (const c of confirmed) { confirm(p.id, c.node, c.version); watch.delete(c.node); } } : undefined;
      const r = step(p.id, { type: 'observation', atMs, nodes }, 'system', also);
      if (r === null || r.length === 0) step(p.id, { type: 'timeout-tick', atMs });
    }
  };
  const queueObserve = () => {
    if (observeQueued || closed) return;
    observeQueued = true;
    const run = () => { try { observe(); } catch (e) { if (!closed) log(`edgetwin push: gate evaluation failed: ${(e as Error).message}`); } };
    // Fleet changes come in bursts (every node's heartbeat): evaluate at most once per OBSERVE_GAP_MS.
    const waitMs = lastObserveMs + OBSERVE_GAP_MS - performance.now();
    if (waitMs > 0) setTimeout(run, waitMs).unref(); else setImmediate(run);
  };

  const refuse = (status: 400 | 404 | 409, reason: string, by: string, target: string, action = 'push.start'): PushRefusal => {
    audit.append({ actor: by, action, target, outcome: 'refused', reason });
    return { ok: false, status, reason };
  };

  const runner: PushRunner = {
    start() {
      if (timer || closed) return;
      for (const p of unfinishedPushes(db)) {
        if (p.rollout.phase === 'pending') { step(p.id, { type: 'start', atMs: nowMs() }); continue; }
        // Deliveries asked for before the restart and never confirmed: again, with the bytes already signed.
        for (const d of pendingDeliveries(p.rollout)) deliver(p.id, d.node, d.purpose, true);
      }
      for (const p of unfinishedPushes(db)) {
        for (const row of p.nodes) if (row.version !== null && row.confirmedVersion === null && p.rollout.nodes[row.node]?.state !== 'rolled-back') watch.set(row.node, { pushId: p.id, version: row.version });
      }
      for (const node of [...watch.keys()]) { const f = fleet.node(node); if (f) confirmFrom(f); }
      unsubscribe = fleet.onChange((n) => { confirmFrom(n); queueObserve(); });
      timer = setInterval(queueObserve, input.tickMs ?? DEFAULT_TICK_MS);
      timer.unref();
    },

    create(req) {
      const existing = getPushByPlan(db, req.planHash);
      if (existing) return { ok: true, created: false, push: pushView(existing) };
      const spec = parseWavesText(req.waves);
      if (typeof spec === 'string') return refuse(400, spec, req.by, req.planHash);
      let thresholds: GateThresholds;
      try { thresholds = checkThresholds({ ...baseThresholds, ...req.thresholds }); } catch (e) { return refuse(400, (e as Error).message, req.by, req.planHash); }
      if (!input.transports[req.via]) return refuse(409, `the gateway has no ${req.via} transport (${req.via === 'mqtt' ? 'edgetwin serve --mqtt URL' : 'edgetwin serve --kubeconfig FILE'})`, req.by, req.planHash);
      if (!input.signer) return refuse(409, 'the gateway has no signing key (edgetwin serve --key FILE)', req.by, req.planHash);
      if (!getPlan(db, req.planHash)) return refuse(404, `no plan ${req.planHash}`, req.by, req.planHash);
      const approved = approvedPlan(db, req.planHash, input.approvalsRequired);
      if (!approved.ok) return refuse(409, `not pushed: ${approved.reason}`, req.by, req.planHash);
      const plan = approved.plan;
      const bad = undeliverableNodes(plan);
      if (bad.length) return refuse(409, `node ids that cannot be delivered: ${bad.map((b) => JSON.stringify(b)).join(', ')}`, req.by, req.planHash);
      const active = unfinishedPushes(db);
      if (active.length) return refuse(409, `push ${active[0]!.id} (plan ${active[0]!.planHash}) is still ${active[0]!.state}; wait for it or roll it back`, req.by, req.planHash);
      const id = pushIdFor(plan.hash);
      const np = planPushNodes(plan, spec, fleet);
      const r = rolloutStep(initRollout(np.waves, thresholds), { type: 'start', atMs: nowMs() });
      const at = iso();
      db.transaction(() => {
        insertPush(db, {
          id, planHash: plan.hash, via: req.via, wavesSpec: spec.text, createdAt: at, createdBy: req.by, rollout: r.state,
          nodes: np.nodes.map((n) => { const c = np.change(n); return { node: n, wave: np.waveOf.get(n)!, target: c.to, previous: c.from }; }),
        });
        audit.append({ actor: req.by, action: 'push.start', target: id, outcome: 'ok', reason: `push of plan ${plan.hash} over ${req.via} in ${np.waves.length} wave(s) (${spec.text}) to ${np.nodes.length} node(s)`, detail: { planHash: plan.hash, via: req.via, waves: np.waves.map((w) => w.added), thresholds } });
        for (const a of r.actions) { const e = auditForAction({ id, planHash: plan.hash }, a, req.by); if (e) audit.append(e); }
      }).immediate();
      publish(id);
      carryOut(id, r.actions);
      return { ok: true, created: true, push: pushView(getPush(db, id)!) };
    },

    dryRun(req) {
      const spec = parseWavesText(req.waves);
      if (typeof spec === 'string') return { ok: false, status: 400, reason: spec };
      const plan = getPlan(db, req.planHash);
      if (!plan) return { ok: false, status: 404, reason: `no plan ${req.planHash}` };
      const approved = approvedPlan(db, req.planHash, input.approvalsRequired);
      const np = planPushNodes(plan, spec, fleet);
      const nodes: DryRun['nodes'] = {};
      for (const n of np.nodes) nodes[n] = { ...np.change(n), wave: np.waveOf.get(n)!, nextVersion: nodeVersion(db, n) + 1 };
      return {
        ok: true,
        dryRun: {
          dryRun: true, planHash: req.planHash, via: req.via, wavesSpec: spec.text, approved: approved.ok, refusal: approved.ok ? null : approved.reason,
          waves: np.waves.map((w) => ({ index: w.index, nodes: w.added, cumulative: w.cumulative.length })), nodes,
        },
      };
    },

    rollback(id, by) {
      const p = getPush(db, id);
      if (!p) return { ok: false, status: 404, reason: `no push ${id}` };
      if (p.rollout.phase === 'rolling-back' || p.rollout.phase === 'rolled-back') return refuse(409, `push ${id} is already ${p.rollout.phase}`, by, id, 'push.rollback');
      step(id, { type: 'abort', atMs: nowMs(), reason: `rolled back by ${by}` }, by, () => {
        audit.append({ actor: by, action: 'push.rollback', target: id, outcome: 'ok', reason: `rollback requested by ${by} while ${p.rollout.phase}` });
      });
      return { ok: true, push: pushView(getPush(db, id)!) };
    },

    get: (id) => { const p = getPush(db, id); return p ? pushView(p) : null; },
    list: () => listPushes(db).map(pushView),

    async idle() {
      while (inflight.size) await Promise.allSettled([...inflight]);
    },

    async close() {
      if (closed) return;
      // The last transitions still go out before the runner stops.
      if (publishTimer) { clearTimeout(publishTimer); flushPublish(); }
      closed = true;
      if (timer) clearInterval(timer);
      unsubscribe?.();
      // Deliveries waiting on a transport give up at close; do not wait long for them.
      await Promise.race([Promise.allSettled([...inflight]), sleep(1000)]);
    },
  };
  return runner;
}
