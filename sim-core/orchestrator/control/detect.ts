/**
 * Detection decisions: from a watched node's heartbeat history (orchestrator/detector) to
 * suspect / declare-failed / unwatch, with the detector's facts as the reason.
 */
import { isSuspected, phi, type DetectorSpec, type HeartbeatHistory } from '../detector/failure-detector.ts';
import type { Action, DetectionFacts } from './actions.ts';
import type { ControllerConfig, WatchedNode } from './observed.ts';

/** The detector's facts about a history at `nowMs` (reading them changes nothing). */
export function detectionFacts(spec: DetectorSpec, heartbeatEveryMs: number, h: HeartbeatHistory, nowMs: number): DetectionFacts {
  const silentMs = nowMs - h.lastMs;
  const out: DetectionFacts = { detector: spec.kind, missedBeats: Math.floor(silentMs / heartbeatEveryMs), sinceMs: h.lastMs, silentMs };
  if (spec.kind === 'phi') out.phi = phi(spec, h, nowMs);
  return out;
}

/** Facts the detection step needs beyond the history. */
export interface DetectContext {
  /** The controller may act now (it is reachable); otherwise a suspicion stays a suspicion. */
  canAct: boolean;
  /** The node is reachable from the controller and could have reported to it (so a handover is not a failure). */
  reachable: boolean;
  /** The node is a voting member (decentralized): members are watched by every member. */
  isMember: boolean;
}

/**
 * The detection decision for one watched, not yet declared node: nothing (not suspected),
 * suspect (suspected, but the controller may not act), unwatch (it reports to another controller
 * it can reach), or declare-failed.
 */
export function detectStep(cfg: ControllerConfig, by: string, w: WatchedNode, nowMs: number, ctx: DetectContext): Action | null {
  if (w.declaredAtMs !== null || !isSuspected(cfg.detector, w.history, nowMs)) return null;
  const detection = detectionFacts(cfg.detector, cfg.heartbeatEveryMs, w.history, nowMs);
  if (!ctx.canAct) return { kind: 'suspect', by, node: w.node, detection, detail: `controller ${by} is unreachable: it cannot declare` };
  if (w.reportsTo !== null && w.reportsTo !== by && !ctx.isMember && ctx.reachable) return { kind: 'unwatch', by, node: w.node, reportsTo: w.reportsTo };
  return { kind: 'declare-failed', by, node: w.node, detection };
}

/** A heartbeat arrived from a declared node: it is alive again. */
export function aliveStep(by: string, w: WatchedNode, nowMs: number): Action | null {
  return w.declaredAtMs === null ? null : { kind: 'declare-alive', by, node: w.node, sinceMs: nowMs };
}
