/**
 * The rollout controller: a pure state machine, written once for the live push and (issue 12) the
 * twin. `rolloutStep(state, event)` returns the next state and the actions the caller must carry
 * out; it never does I/O and has no clock (events carry the caller's `atMs`).
 *
 *   pending → wave 0 delivering → gating → wave 1 delivering → … → done
 *   gating: pass → next wave (or done); inconclusive → keep gating; fail (or timeout) → rolling-back
 *   (Argo Rollouts: a successful analysis continues, a failed one aborts to the previous version, an
 *   inconclusive one pauses until a later observation decides or the timeout fails it.) A wave may
 *   carry its own pause (`pauseMs`, the soak of its gate) and may have no analysis (`analysis: false`:
 *   it passes once the pause is over, like a bare `pause` step); see initRollout's options.
 *   rolling-back: every node already pushed (or being pushed) gets a rollback delivery — the caller
 *   gives it a new, higher version carrying the workloads it ran before — then rolled-back.
 *   abort (an operator's rollback) rolls back from any phase but the rolled-back ones, done included.
 *
 * Versions are the caller's: it allocates one per delivery and reports it in `delivered`.
 */
import { evaluateGate, type GateThresholds, type GateVerdict, type NodeObservation } from './gates.ts';
import type { PlannedWave } from './waves.ts';

/** Where a rollout is. */
export type RolloutPhase = 'pending' | 'delivering' | 'gating' | 'done' | 'rolling-back' | 'rolled-back';
/** Where a wave is; 'skipped' waves were never started because the rollout rolled back first. */
export type WaveState = 'pending' | 'delivering' | 'gating' | 'passed' | 'rolling-back' | 'rolled-back' | 'skipped';
/** Where a node is. */
export type NodeRolloutState = 'pending' | 'delivering' | 'delivered' | 'rolling-back' | 'rolled-back';

/** One node of the rollout. */
export interface RolloutNode {
  wave: number;
  state: NodeRolloutState;
  /** The version it was given (null until delivered). */
  version: number | null;
  /** The rollback version it was given (null until rolled back). */
  rollbackVersion: number | null;
}

/** One wave: the nodes it adds. */
export interface RolloutWave {
  index: number; nodes: string[]; state: WaveState;
  /** Argo Rollouts' `pause` after this wave's `setWeight`: the gate's soak for this wave (ms), instead of thresholds.minSoakMs. Absent: the thresholds' soak. */
  pauseMs?: number;
  /** False: a step without analysis — the wave passes once its pause has elapsed, whatever the nodes report (never fails, never times out). Absent or true: the health gate. */
  analysis?: boolean;
}

/** Per-wave options (initRollout's third argument), by wave index; missing entries keep the defaults. */
export interface WaveOptions { pauseMs?: number; analysis?: boolean }

/** The whole rollout (JSON-serialisable: the live push stores it as is). */
export interface RolloutState {
  phase: RolloutPhase;
  /** The current wave (-1 before start). */
  wave: number;
  waves: RolloutWave[];
  nodes: Record<string, RolloutNode>;
  thresholds: GateThresholds;
  /** The gate of the current wave while gating (and its last verdict), else null. */
  gate: { sinceMs: number; verdict: GateVerdict; reasons: string[] } | null;
  /** Why the rollout rolled back (null otherwise). */
  reason: string | null;
}

/** What drives the controller. */
export type RolloutEvent =
  | { type: 'start'; atMs: number }
  | { type: 'delivered'; node: string; purpose: DeliveryPurpose; version: number; atMs: number }
  | { type: 'observation'; atMs: number; nodes: readonly NodeObservation[] }
  | { type: 'timeout-tick'; atMs: number }
  | { type: 'abort'; atMs: number; reason: string };

/** Why a node gets a desired state: the rollout's target, or the workloads it ran before. */
export type DeliveryPurpose = 'apply' | 'rollback';

/** What the caller must do. */
export type RolloutAction =
  | { type: 'deliver'; node: string; purpose: DeliveryPurpose }
  | { type: 'wave'; index: number; state: WaveState }
  | { type: 'gate'; index: number; verdict: 'pass' | 'fail'; reasons: string[] }
  | { type: 'finished'; phase: 'done' | 'rolled-back'; reason: string | null };

/** A step's result; `ignored` says why an event changed nothing (a late or unknown event, never an error). */
export interface RolloutStepResult { state: RolloutState; actions: RolloutAction[]; ignored?: string }

/** A fresh rollout over planned waves (from planWaves). */
export function initRollout(waves: readonly PlannedWave[], thresholds: GateThresholds, options: readonly (WaveOptions | undefined)[] = []): RolloutState {
  const nodes: Record<string, RolloutNode> = {};
  for (const w of waves) for (const n of w.added) nodes[n] = { wave: w.index, state: 'pending', version: null, rollbackVersion: null };
  const wave = (w: PlannedWave): RolloutWave => {
    const o = options[w.index];
    const out: RolloutWave = { index: w.index, nodes: [...w.added], state: 'pending' };
    if (o?.pauseMs !== undefined) {
      if (!(o.pauseMs >= 0) || !Number.isFinite(o.pauseMs)) throw new Error(`initRollout: wave ${w.index} pauseMs must be a number of ms >= 0, got ${JSON.stringify(o.pauseMs)}`);
      out.pauseMs = o.pauseMs;
    }
    if (o?.analysis !== undefined) out.analysis = o.analysis;
    return out;
  };
  return { phase: 'pending', wave: -1, waves: waves.map(wave), nodes, thresholds: { ...thresholds }, gate: null, reason: null };
}

/** True once the rollout can change no more (done may still be rolled back by an abort). */
export function isFinished(s: RolloutState): boolean {
  return s.phase === 'done' || s.phase === 'rolled-back';
}

/** Deliveries that were asked for and not yet reported: what a caller resuming after a crash must (re)do. */
export function pendingDeliveries(s: RolloutState): { node: string; purpose: DeliveryPurpose }[] {
  const out: { node: string; purpose: DeliveryPurpose }[] = [];
  for (const [node, n] of Object.entries(s.nodes)) {
    if (n.state === 'delivering') out.push({ node, purpose: 'apply' });
    else if (n.state === 'rolling-back') out.push({ node, purpose: 'rollback' });
  }
  return out;
}

/** Nodes pushed so far with the version each must run (what the gate looks at). */
export function gatedNodes(s: RolloutState): { node: string; expectedVersion: number }[] {
  return Object.entries(s.nodes).filter(([, n]) => n.state === 'delivered' && n.version !== null).map(([node, n]) => ({ node, expectedVersion: n.version! }));
}

// Copy on write: a step copies the containers (shallow) and each node or wave entry only when it
// changes it, so a delivery costs O(nodes) cheap key copies, not a deep copy of the whole rollout
// (which made a 1,000-node wave quadratic in deep copies). Wave node lists are never mutated.
const clone = (s: RolloutState): RolloutState => ({
  ...s, waves: s.waves.slice(), nodes: { ...s.nodes }, thresholds: { ...s.thresholds }, gate: s.gate ? { ...s.gate } : null,
});
/** The step's own copy of a node entry, to change. */
const nodeW = (s: RolloutState, id: string) => (s.nodes[id] = { ...s.nodes[id]! });
/** The step's own copy of a wave entry, to change. */
const waveW = (s: RolloutState, i: number) => (s.waves[i] = { ...s.waves[i]! });

/** The next state and actions for an event (pure; the input state is not modified). */
export function rolloutStep(state: RolloutState, event: RolloutEvent): RolloutStepResult {
  const s = clone(state);
  const actions: RolloutAction[] = [];
  const ignore = (why: string): RolloutStepResult => ({ state, actions: [], ignored: why });
  switch (event.type) {
    case 'start':
      if (s.phase !== 'pending') return ignore(`start: already ${s.phase}`);
      if (s.waves.length === 0) {
        s.phase = 'done';
        return { state: s, actions: [{ type: 'finished', phase: 'done', reason: null }] };
      }
      startWave(s, 0, actions);
      return { state: s, actions };
    case 'delivered': {
      if (!s.nodes[event.node]) return ignore(`delivered: ${event.node} is not part of this rollout`);
      const n = nodeW(s, event.node);
      if (event.purpose === 'apply') {
        if (n.state === 'delivering') { n.state = 'delivered'; n.version = event.version; }
        // A late apply report after the rollback began: keep the version, the rollback is on its way.
        else if (n.state === 'rolling-back' && n.version === null) { n.version = event.version; return { state: s, actions }; }
        else return ignore(`delivered: ${event.node} is ${n.state}, not delivering`);
        const w = s.waves[n.wave]!;
        if (s.phase === 'delivering' && w.index === s.wave && w.nodes.every((x) => s.nodes[x]!.state === 'delivered')) {
          s.phase = 'gating';
          waveW(s, n.wave).state = 'gating';
          s.gate = { sinceMs: event.atMs, verdict: 'inconclusive', reasons: ['waiting for the first observation'] };
          actions.push({ type: 'wave', index: w.index, state: 'gating' });
        }
        return { state: s, actions };
      }
      if (n.state !== 'rolling-back') return ignore(`delivered: ${event.node} is ${n.state}, not rolling back`);
      n.state = 'rolled-back';
      n.rollbackVersion = event.version;
      finishRollbackIfDone(s, actions);
      return { state: s, actions };
    }
    case 'observation': {
      if (s.phase !== 'gating' || !s.gate) return ignore(`observation: not gating (${s.phase})`);
      const byNode = new Map(event.nodes.map((o) => [o.node, o]));
      const w = s.waves[s.wave]!;
      const elapsedMs = Math.max(0, event.atMs - s.gate.sinceMs);
      const result = w.analysis === false ? pauseOnly(w, elapsedMs) : evaluateGate({
        nodes: gatedNodes(s).map((g) => ({ ...g, observation: byNode.get(g.node) })),
        elapsedMs,
      }, w.pauseMs === undefined ? s.thresholds : { ...s.thresholds, minSoakMs: w.pauseMs });
      if (result.verdict === 'inconclusive') {
        s.gate.verdict = 'inconclusive';
        s.gate.reasons = result.reasons;
        return { state: s, actions };
      }
      decide(s, result.verdict, result.reasons, event.atMs, actions);
      return { state: s, actions };
    }
    case 'timeout-tick': {
      if (s.phase !== 'gating' || !s.gate) return ignore(`timeout-tick: not gating (${s.phase})`);
      const elapsedMs = event.atMs - s.gate.sinceMs;
      const w = s.waves[s.wave]!;
      if (w.analysis === false) {
        // A step without analysis: the tick ends its pause, it never times out.
        if (pauseOnly(w, Math.max(0, elapsedMs)).verdict !== 'pass') return ignore(`timeout-tick: pausing ${elapsedMs} of ${w.pauseMs ?? 0} ms`);
        decide(s, 'pass', [], event.atMs, actions);
        return { state: s, actions };
      }
      if (elapsedMs < s.thresholds.timeoutMs) return ignore(`timeout-tick: ${elapsedMs} of ${s.thresholds.timeoutMs} ms`);
      decide(s, 'fail', [`gate timed out after ${elapsedMs} ms (limit ${s.thresholds.timeoutMs} ms)`, ...s.gate.reasons], event.atMs, actions);
      return { state: s, actions };
    }
    case 'abort':
      if (s.phase === 'rolling-back' || s.phase === 'rolled-back') return ignore(`abort: already ${s.phase}`);
      beginRollback(s, event.reason, actions);
      return { state: s, actions };
  }
}

/** A wave without analysis: pass once its pause has elapsed, else inconclusive (Argo's pause step). */
function pauseOnly(w: RolloutWave, elapsedMs: number): { verdict: GateVerdict; reasons: string[] } {
  const pauseMs = w.pauseMs ?? 0;
  return elapsedMs >= pauseMs ? { verdict: 'pass', reasons: [] } : { verdict: 'inconclusive', reasons: [`pausing: ${elapsedMs} of ${pauseMs} ms (no analysis)`] };
}

function startWave(s: RolloutState, index: number, actions: RolloutAction[]): void {
  const w = waveW(s, index);
  s.phase = 'delivering';
  s.wave = index;
  s.gate = null;
  w.state = 'delivering';
  actions.push({ type: 'wave', index, state: 'delivering' });
  for (const node of w.nodes) {
    nodeW(s, node).state = 'delivering';
    actions.push({ type: 'deliver', node, purpose: 'apply' });
  }
}

function decide(s: RolloutState, verdict: 'pass' | 'fail', reasons: string[], _atMs: number, actions: RolloutAction[]): void {
  const w = waveW(s, s.wave);
  actions.push({ type: 'gate', index: w.index, verdict, reasons });
  if (verdict === 'fail') {
    beginRollback(s, `wave ${w.index} gate failed: ${reasons.join('; ')}`, actions);
    return;
  }
  w.state = 'passed';
  actions.push({ type: 'wave', index: w.index, state: 'passed' });
  if (w.index + 1 < s.waves.length) { startWave(s, w.index + 1, actions); return; }
  s.phase = 'done';
  s.gate = null;
  actions.push({ type: 'finished', phase: 'done', reason: null });
}

function beginRollback(s: RolloutState, reason: string, actions: RolloutAction[]): void {
  s.phase = 'rolling-back';
  s.reason = reason;
  s.gate = null;
  for (const [i, w] of s.waves.entries()) {
    const touched = w.nodes.some((x) => s.nodes[x]!.state === 'delivering' || s.nodes[x]!.state === 'delivered');
    const next: WaveState = touched ? 'rolling-back' : 'skipped';
    if (w.state !== next) { waveW(s, i).state = next; actions.push({ type: 'wave', index: w.index, state: next }); }
    for (const node of w.nodes) {
      const n = s.nodes[node]!;
      if (n.state === 'delivering' || n.state === 'delivered') {
        nodeW(s, node).state = 'rolling-back';
        actions.push({ type: 'deliver', node, purpose: 'rollback' });
      }
    }
  }
  finishRollbackIfDone(s, actions);
}

function finishRollbackIfDone(s: RolloutState, actions: RolloutAction[]): void {
  if (s.phase !== 'rolling-back') return;
  if (Object.values(s.nodes).some((n) => n.state === 'rolling-back')) return;
  s.phase = 'rolled-back';
  for (const [i, w] of s.waves.entries()) {
    if (w.state === 'rolling-back') { waveW(s, i).state = 'rolled-back'; actions.push({ type: 'wave', index: w.index, state: 'rolled-back' }); }
  }
  actions.push({ type: 'finished', phase: 'rolled-back', reason: s.reason });
}
