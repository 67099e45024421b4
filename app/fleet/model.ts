/**
 * What the Fleet panel shows, as pure functions of the gateway's answers: node rows with their
 * age and lag in words, counts by state, shadow-mode rows worst first, push progress per wave
 * (a node is done when the fleet says it runs the version the push gave it), and a dry run's waves.
 */
import type { DryRunAnswer, FleetAnswer, FleetNodeView, NodeState, PushState, PushView, ShadowRow, WaveState } from './api-types.ts';

/** Node states in the order the panel counts them. */
export const NODE_STATES = ['ready', 'draining', 'down', 'offline', 'unknown'] as const satisfies readonly NodeState[];

/** How many nodes are in each state. */
export function stateCounts(nodes: FleetNodeView[]): Record<NodeState, number> {
  const c = { ready: 0, draining: 0, down: 0, offline: 0, unknown: 0 };
  for (const n of nodes) c[(NODE_STATES as readonly string[]).includes(n.state) ? n.state : 'unknown']++;
  return c;
}

/** "now", "4 s ago", "3 min ago", "2 h ago", "never". */
export function ago(atMs: number | null, nowMs: number): string {
  if (atMs === null) return 'never';
  const s = Math.max(0, Math.round((nowMs - atMs) / 1000));
  if (s < 1) return 'now';
  if (s < 90) return `${s} s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

/** A lag in ms as text ("12 ms", "1.4 s", "–"). */
export function lagText(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '–';
  return Math.abs(ms) < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The clock node ages are measured against: the gateway's own when it said (its lastSeenMs are its clock), else `fallbackMs`. */
export function fleetNowMs(fleet: FleetAnswer, fallbackMs: number): number {
  return typeof fleet.atMs === 'number' && Number.isFinite(fleet.atMs) ? fleet.atMs : fallbackMs;
}

/** A node row as the table shows it. */
export interface NodeRow { id: string; state: string; seen: string; lag: string; version: number; running: string; cpu: string; zone: string; source: string }

const STATE_RANK: Record<string, number> = { down: 0, offline: 1, draining: 2, unknown: 3, ready: 4 };

/** Rows, trouble first (down, offline, draining, unknown, ready), then by id. */
export function nodeRows(nodes: FleetNodeView[], nowMs: number): NodeRow[] {
  return [...nodes]
    .sort((a, b) => (STATE_RANK[a.state] ?? 3) - (STATE_RANK[b.state] ?? 3) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((n) => ({
      id: n.id, state: n.state, seen: ago(n.lastSeenMs, nowMs), lag: lagText(n.heartbeatLagMs), version: n.runningVersion,
      running: (n.workloads ?? []).join(', ') || '–',
      cpu: typeof n.cpuUtilization === 'number' && Number.isFinite(n.cpuUtilization) ? `${Math.round(n.cpuUtilization * 100)} %` : '–',
      zone: n.labels?.['topology.kubernetes.io/zone'] ?? n.labels?.['topology.kubernetes.io/region'] ?? '',
      source: n.source ?? '',
    }));
}

/** A MAPE in percent as text: "8.3 %", or "–" without samples. */
export function mapeText(mapePercent: number | null): string {
  return mapePercent === null || !Number.isFinite(mapePercent) ? '–' : `${mapePercent.toFixed(1)} %`;
}

/** Shadow rows worst first (rows without a MAPE last), then by key. */
export function shadowRows(rows: ShadowRow[]): (ShadowRow & { key: string; text: string })[] {
  const key = (r: ShadowRow) => `${r.app ? `${r.app}${r.node ? ` on ${r.node}` : ''}` : r.node ?? r.link ?? '?'} · ${r.signal}`;
  return [...rows]
    .sort((a, b) => (b.mape ?? -1) - (a.mape ?? -1) || (key(a) < key(b) ? -1 : 1))
    .map((r) => ({ ...r, key: key(r), text: mapeText(r.mape) }));
}

/** The first 12 characters of a hash (the full one goes in a title). */
export const shortHash = (hash: string): string => hash.slice(0, 12);

/** Node id → the version the fleet says it runs (what a push's progress is measured by). */
export function runningVersions(fleet: FleetAnswer | null): Map<string, number> | null {
  return fleet ? new Map(fleet.nodes.map((n) => [n.id, n.runningVersion])) : null;
}

/** Progress of one wave: how many of its nodes run what the push gave them, and which do not yet. */
export interface WaveProgress { index: number; label: string; state: WaveState | string; done: number; total: number; waiting: string[] }

/**
 * Whether a node of a push runs what the push gave it: for a node rolled back (or rolling back)
 * its rollback version, else its version. The push's own node state only says the signed state
 * was handed to the transport ('delivered'), so the proof is the fleet's running version (a
 * newer one counts: versions only grow). Without a fleet answer for the node, a wave whose health
 * gate passed counts as done (the gate saw every node of it run the version).
 */
export function nodeDone(n: PushView['nodes'][string] | undefined, waveState: WaveState | string, running: number | undefined): boolean {
  if (!n) return false;
  if (n.state === 'rolling-back' || n.state === 'rolled-back') {
    return n.state === 'rolled-back' && n.rollbackVersion !== null && running !== undefined && running >= n.rollbackVersion;
  }
  if (n.state !== 'delivered' || n.version === null) return false;
  return running !== undefined ? running >= n.version : waveState === 'passed';
}

/** Per-wave progress of a push; wave 0 is the canary. `running`: the fleet's running versions (null when the fleet is not known). */
export function waveProgress(push: PushView, running: ReadonlyMap<string, number> | null): WaveProgress[] {
  return push.waves.map((w) => {
    const waiting = w.nodes.filter((node) => !nodeDone(push.nodes[node], w.state, running?.get(node)));
    return { index: w.index, label: w.index === 0 ? 'canary' : `wave ${w.index}`, state: w.state, done: w.nodes.length - waiting.length, total: w.nodes.length, waiting };
  });
}

/** Finished pushes change no more, except that an operator may still roll back a done one. */
export function pushFinished(state: PushState | string): boolean { return state === 'done' || state === 'rolled-back'; }

/** Whether Roll back applies: every phase but rolling back and rolled back (done included). */
export function canRollBack(state: PushState | string): boolean { return state !== 'rolling-back' && state !== 'rolled-back'; }

/** The pill colour of a push state: done good, rolling back or rolled back bad, anything else under way. */
export function pushTone(state: PushState | string): 'ready' | 'down' | 'draining' {
  return state === 'done' ? 'ready' : state === 'rolling-back' || state === 'rolled-back' ? 'down' : 'draining';
}

/** One wave of a dry run as the panel lists it: its nodes with their change ("+shop/api −shop/old → v3"). */
export interface DryRunWave { index: number; label: string; cumulative: number; nodes: { node: string; change: string }[] }

/** A dry run's waves, each node with what it gains, loses and the version it would get. */
export function dryRunWaves(d: DryRunAnswer): DryRunWave[] {
  return d.waves.map((w) => ({
    index: w.index, label: w.index === 0 ? 'canary' : `wave ${w.index}`, cumulative: w.cumulative,
    nodes: w.nodes.map((node) => {
      const c = d.nodes[node];
      if (!c) return { node, change: '?' };
      const parts = [...c.added.map((s) => `+${s}`), ...c.removed.map((s) => `−${s}`)];
      return { node, change: `${parts.length ? parts.join(' ') : 'no change'} → v${c.nextVersion}` };
    }),
  }));
}
