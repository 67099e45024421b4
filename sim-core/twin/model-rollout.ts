/**
 * Rolls a model version out to a service's replica nodes in waves, driving the pure rollout
 * controller (orchestrator/rollout): each `deliver` action ships the model (modelSize bytes) from
 * the training site to the node as a bulk flow; the node switches to the new version the moment
 * the last byte arrives (its old version served until then: no interruption); when a wave is
 * gating, the driver hands the controller an observation of the wave's nodes (ready when up,
 * running the version it was given), and on every later tick a timeout-tick. A failed gate (a
 * node went down) rolls back: the previous model is shipped again to every node that got the new
 * one. This file owns only model versions; it knows nothing of retraining.
 */
import { DEFAULT_GATE_THRESHOLDS, initRollout, isFinished, parseWaves, planWaves, rolloutStep, type NodeObservation, type RolloutAction, type RolloutState } from '../orchestrator/rollout/index.ts';
import { startBulk } from './bulk-transfer.ts';
import type { TwinState } from './state.ts';

/** What the driver tells its owner. */
export interface ModelRolloutHooks {
  /** Node `node` (index) now runs model `version`. */
  switched(node: number, version: number, atMs: number): void;
  /** Bytes of one model delivery (total, WAN). */
  delivered(bytes: number, wanBytes: number): void;
  /** The rollout ended: done (every node runs the new version) or rolled back. */
  finished(phase: 'done' | 'rolled-back', reason: string | null, atMs: number): void;
}

/** One model rollout in progress. */
export interface ModelRollout {
  state: RolloutState;
  readonly version: number;
  readonly previous: number;
  /** Deliveries started (apply and rollback). */
  deliveries: number;
  /** Waves, as node-id lists (for the report). */
  readonly waves: string[][];
}

/** Starts rolling `version` (replacing `previous`) out from `site` to `nodes` (indices) in the waves of `spec`. */
export function startModelRollout(s: TwinState, site: number, nodes: readonly number[], spec: string, modelSizeBytes: number, version: number, previous: number, hooks: ModelRolloutHooks, gate: { soakMs: number; tickMs: number } = { soakMs: 0, tickMs: 0 }): ModelRollout {
  const topo = s.fabric.topology;
  const ids = nodes.map((n) => topo.nodeId(n)).sort();
  const planned = planWaves(ids, parseWaves(spec));
  const r: ModelRollout = {
    // With a soak, observations come on the owner's ticks: the timeout leaves two ticks after the soak.
    state: initRollout(planned, { ...DEFAULT_GATE_THRESHOLDS, requireMetrics: false, minSoakMs: gate.soakMs, timeoutMs: gate.soakMs > 0 ? gate.soakMs + 2 * gate.tickMs : DEFAULT_GATE_THRESHOLDS.timeoutMs }),
    version, previous, deliveries: 0, waves: planned.map((w) => [...w.added]),
  };
  const running = new Map<string, number>();
  const apply = (actions: RolloutAction[]) => {
    for (const a of actions) {
      if (a.type === 'deliver') {
        const node = topo.nodeIndex(a.node);
        const v = a.purpose === 'apply' ? version : previous;
        r.deliveries++;
        startBulk(s, site, node, modelSizeBytes, (atMs, info) => {
          hooks.delivered(info.sizeBytes, info.wanBytes);
          running.set(a.node, v);
          hooks.switched(node, v, atMs);
          step({ type: 'delivered', node: a.node, purpose: a.purpose, version: v, atMs });
        });
      } else if (a.type === 'wave' && a.state === 'gating') {
        observe(s.kernel.nowMs);
      } else if (a.type === 'finished') {
        hooks.finished(a.phase, a.reason, s.kernel.nowMs);
      }
    }
  };
  const step = (e: Parameters<typeof rolloutStep>[1]) => {
    const res = rolloutStep(r.state, e);
    r.state = res.state;
    apply(res.actions);
  };
  const observe = (atMs: number) => {
    const obs: NodeObservation[] = Object.keys(r.state.nodes).filter((id) => running.has(id)).map((id) => ({
      node: id, state: topo.isNodeUp(topo.nodeIndex(id)) ? 'ready' : 'down', runningVersion: running.get(id)!,
      report: { version: running.get(id)!, outcome: 'applied', reason: null }, apps: null,
    }));
    step({ type: 'observation', atMs, nodes: obs });
  };
  tickers.set(r, (atMs) => {
    if (isFinished(r.state) || r.state.phase !== 'gating') return;
    observe(atMs);
    if (r.state.phase === 'gating') step({ type: 'timeout-tick', atMs });
  });
  step({ type: 'start', atMs: s.kernel.nowMs });
  return r;
}

const tickers = new WeakMap<ModelRollout, (atMs: number) => void>();

/** A periodic tick (the owner's check): re-observes a gating wave and lets the gate time out. */
export function tickModelRollout(r: ModelRollout, atMs: number): void {
  tickers.get(r)?.(atMs);
}
