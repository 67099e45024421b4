/**
 * The push half of the live-fleet benchmark: a plan putting one service on every agent node is
 * stored (POST /api/v1/plans, planner), approved (POST …/approve, operator) and pushed over MQTT in
 * waves (POST …/pushes, operator) through the gateway's own routes (Fastify inject), while the
 * push's wave states are read from the gateway's event stream ('push' events) and the fleet store
 * is watched for each node's apply report.
 * Afterwards every agent's own count of 'applied' per (node, version) is checked: each node must
 * have applied exactly the version the push gave it, exactly once (exactlyOnceProblems, pure).
 */
import { createToken } from '../../../connectors/gateway/tokens.ts';
import type { Gateway } from '../../../connectors/gateway/server.ts';
import type { FleetStore } from '../../../connectors/live/fleet-store.ts';
import type { PushRunner } from '../../../connectors/push/runner.ts';
import type { PushView } from '../../../connectors/push/store.ts';
import type { AgentProcess, AgentsStats } from './live-agent-procs.ts';
import { fleetWidePlan } from './live-plan.ts';

/** How often the wait loop looks at the push's latest event (reads no database). */
const WAIT_STEP_MS = 10;
/** After the push is done: how long to keep watching for a late duplicate apply. */
const AFTER_DONE_MS = 2000;

/** What the push measured. */
export interface PushFigures {
  nodes: number;
  /** Push start (the POST) to the push's 'done' event, ms (events are coalesced: up to 50 ms late). */
  convergedMs: number;
  /** Push start to the last node's 'applied' report reaching the fleet store, ms (exact). */
  lastAppliedMs: number;
  /** Per wave: its size, when its last node's report reached the fleet, and when the push saw it pass (ms after start). */
  waves: { index: number; nodes: number; allAppliedMs: number; passedMs: number }[];
  /** Desired states the agents applied in all pushes so far (the check made it equal to the versions pushed). */
  applies: number;
}

/** Problems with the agents' apply counts: any node that did not apply each version pushed to it exactly once, or applied anything else (pure). */
export function exactlyOnceProblems(expected: Readonly<Record<string, readonly number[]>>, stats: readonly AgentsStats[]): string[] {
  const applied: Record<string, Record<string, number>> = {};
  const runtime: Record<string, number> = {};
  for (const s of stats) { Object.assign(applied, s.applied); Object.assign(runtime, s.runtimeApplies); }
  const problems: string[] = [];
  for (const [node, versions] of Object.entries(expected)) {
    const got = applied[node] ?? {};
    for (const version of versions) {
      const times = got[String(version)] ?? 0;
      if (times !== 1) problems.push(`${node}: applied version ${version} ${times} times`);
    }
    const others = Object.keys(got).filter((v) => !versions.includes(Number(v)));
    if (others.length) problems.push(`${node}: also applied version(s) ${others.join(', ')}`);
    if ((runtime[node] ?? 0) !== versions.length) problems.push(`${node}: its runtime applied workloads ${runtime[node] ?? 0} times for ${versions.length} version(s)`);
  }
  for (const node of Object.keys(applied)) if (!(node in expected)) problems.push(`${node}: applied a state but is not in the push`);
  const failed = stats.reduce((a, s) => a + s.failed, 0);
  const refused = stats.reduce((a, s) => a + s.refused, 0);
  if (failed || refused) problems.push(`${failed} failed and ${refused} refused desired state(s): ${stats.flatMap((s) => s.problems).slice(0, 3).join(' | ')}`);
  return problems;
}

/** What one push needs; `pushed` (node → versions pushed before) is extended with this push's versions. */
export interface PushInput {
  gw: Gateway; fleet: FleetStore; runner: () => PushRunner; children: AgentProcess[]; nodes: string[];
  waves: string; timeoutMs: number; rep: number; pushed: Record<string, number[]>;
}

/** Pushes a fleet-wide plan in `waves` and measures it; throws (no figures) when anything, in this push or an earlier one, was lost or applied twice. */
export async function pushToAll(input: PushInput): Promise<PushFigures> {
  const { gw, fleet, nodes } = input;
  const db = gw.ctx.db;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const planner = createToken(db, { role: 'planner', name: `bench-planner-${input.rep}` }).token;
  const operator = createToken(db, { role: 'operator', name: `bench-operator-${input.rep}` }).token;
  const plan = fleetWidePlan(nodes, input.rep);
  const stored = await gw.app.inject({ method: 'POST', url: '/api/v1/plans', headers: auth(planner), payload: plan });
  if (stored.statusCode !== 201 && stored.statusCode !== 200) throw new Error(`live-fleet bench: storing the plan answered ${stored.statusCode}: ${stored.body}`);
  const approved = await gw.app.inject({ method: 'POST', url: `/api/v1/plans/${plan.hash}/approve`, headers: auth(operator), payload: {} });
  if (approved.statusCode !== 200) throw new Error(`live-fleet bench: approving the plan answered ${approved.statusCode}: ${approved.body}`);

  // Exact times from the fleet: when each node's apply report (a higher runningVersion) arrives.
  const before = new Map(nodes.map((id) => [id, fleet.node(id)?.runningVersion ?? 0]));
  const appliedAtMs = new Map<string, number>();
  let t0 = 0;
  const stopWatching = fleet.onChange((n) => {
    const was = before.get(n.id);
    if (was !== undefined && n.runningVersion > was && !appliedAtMs.has(n.id)) appliedAtMs.set(n.id, performance.now() - t0);
  });
  // The push as the gateway's event stream tells it (topic 'push': its view, at most every 50 ms and after the last change).
  const seen: { latest: PushView | null } = { latest: null };
  const passedMs = new Map<number, number>();
  const stopEvents = gw.ctx.events.subscribe((topic, data) => {
    if (topic !== 'push') return;
    const v = data as PushView;
    if (v.planHash !== plan.hash) return;
    seen.latest = v;
    const at = performance.now() - t0;
    for (const w of v.waves) if (w.state === 'passed' && !passedMs.has(w.index)) passedMs.set(w.index, at);
  });
  try {
    t0 = performance.now();
    const started = await gw.app.inject({ method: 'POST', url: `/api/v1/plans/${plan.hash}/pushes`, headers: auth(operator), payload: { via: 'mqtt', waves: input.waves } });
    if (started.statusCode !== 201) throw new Error(`live-fleet bench: starting the push answered ${started.statusCode}: ${started.body}`);
    const pushId = (started.json() as { pushId: string }).pushId;
    const deadline = t0 + input.timeoutMs;
    for (;;) {
      const push = seen.latest?.id === pushId ? seen.latest : null;
      if (push?.state === 'done') break;
      if (push && (push.state === 'rolled-back' || push.state === 'rolling-back')) throw new Error(`live-fleet bench: the push is ${push.state}: ${push.reason} ${push.gate?.reasons.slice(0, 3).join('; ') ?? ''}`);
      if (performance.now() > deadline) {
        const now = input.runner().get(pushId);
        throw new Error(`live-fleet bench: push not done after ${input.timeoutMs} ms: ${now?.state}, wave ${now?.currentWave}, ${appliedAtMs.size}/${nodes.length} applied; gate ${now?.gate?.reasons.slice(0, 3).join('; ') ?? '-'}`);
      }
      await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
    }
    const convergedMs = performance.now() - t0;
    // Late duplicates would show in the agents' counts; give them a moment to arrive.
    await new Promise((r) => setTimeout(r, AFTER_DONE_MS));
    const stats = await Promise.all(input.children.map((c) => c.stats()));
    const push = input.runner().get(pushId);
    if (!push) throw new Error(`live-fleet bench: push ${pushId} vanished`);
    for (const [node, n] of Object.entries(push.nodes)) if (n.version !== null) (input.pushed[node] ??= []).push(n.version);
    const missing = nodes.filter((id) => push.nodes[id]?.version == null);
    const problems = [...missing.map((id) => `${id}: not given a version by the push`), ...exactlyOnceProblems(input.pushed, stats)];
    if (problems.length) throw new Error(`live-fleet bench: the push lost or repeated applies (${problems.length} problem(s)): ${problems.slice(0, 10).join('; ')}`);
    const unseen = nodes.filter((id) => !appliedAtMs.has(id));
    if (unseen.length) throw new Error(`live-fleet bench: the fleet never saw ${unseen.length} node(s) apply, e.g. ${unseen.slice(0, 3).join(', ')}`);
    return {
      nodes: nodes.length,
      convergedMs,
      lastAppliedMs: Math.max(...appliedAtMs.values()),
      waves: push.waves.map((w) => ({ index: w.index, nodes: w.nodes.length, allAppliedMs: Math.max(...w.nodes.map((id) => appliedAtMs.get(id)!)), passedMs: passedMs.get(w.index) ?? convergedMs })),
      applies: stats.reduce((a, s) => a + Object.values(s.applied).reduce((b, per) => b + Object.values(per).reduce((c, x) => c + x, 0), 0), 0),
    };
  } finally {
    stopWatching();
    stopEvents();
  }
}
