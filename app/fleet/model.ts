/**
 * What the Fleet panel shows, as pure functions of the gateway's answers: node rows with their
 * age and lag in words, counts by state, shadow-mode rows worst first, push progress per wave.
 */
import type { FleetNodeView, PushView, ShadowRow } from './api-types.ts';

/** Node states in the order the panel counts them. */
export const NODE_STATES = ['ready', 'draining', 'down', 'offline', 'unknown'] as const;

/** How many nodes are in each state. */
export function stateCounts(nodes: FleetNodeView[]): Record<(typeof NODE_STATES)[number], number> {
  const c = { ready: 0, draining: 0, down: 0, offline: 0, unknown: 0 };
  for (const n of nodes) c[NODE_STATES.includes(n.state) ? n.state : 'unknown']++;
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

/** A node row as the table shows it. */
export interface NodeRow { id: string; state: string; seen: string; lag: string; version: number; running: string; cpu: string; zone: string }

const STATE_RANK: Record<string, number> = { down: 0, offline: 1, draining: 2, unknown: 3, ready: 4 };

/** Rows, trouble first (down, offline, draining, unknown, ready), then by id. */
export function nodeRows(nodes: FleetNodeView[], nowMs: number): NodeRow[] {
  return [...nodes]
    .sort((a, b) => (STATE_RANK[a.state] ?? 3) - (STATE_RANK[b.state] ?? 3) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((n) => ({
      id: n.id, state: n.state, seen: ago(n.lastSeenMs, nowMs), lag: lagText(n.heartbeatLagMs), version: n.runningVersion,
      running: (n.running ?? []).join(', ') || '–',
      cpu: typeof n.cpuUtilization === 'number' && Number.isFinite(n.cpuUtilization) ? `${Math.round(n.cpuUtilization * 100)} %` : '–',
      zone: n.labels?.['topology.kubernetes.io/zone'] ?? n.labels?.['topology.kubernetes.io/region'] ?? '',
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

/** Progress of one wave: how many of its nodes run the pushed version. */
export interface WaveProgress { index: number; label: string; state: string; done: number; total: number }

/** Per-wave progress of a push; wave 0 is the canary. A node counts as done when its state is applied (or rolled back, for a rollback). */
export function waveProgress(push: PushView): WaveProgress[] {
  return push.waves.map((w) => {
    const done = w.nodes.filter((n) => ['applied', 'rolled-back', 'done'].includes(push.nodes[n]?.state ?? '')).length;
    return { index: w.index, label: w.index === 0 ? 'canary' : `wave ${w.index}`, state: w.state, done, total: w.nodes.length };
  });
}
