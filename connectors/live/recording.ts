/**
 * Incident recordings (`edgetwin record`, `edgetwin replay`): a JSON-lines file, one
 * `{atMs, topic, data}` per line — the gateway's events as they arrived (topics fleet, shadow,
 * push, audit; the first lines are `record` with the format and the gateway, and `fleet` with the
 * whole fleet as recording began). Pure functions: parse a recording (bad lines are InputError
 * naming file:line and the field), turn its fleet events into per-node outages (offline or down
 * until ready or draining again), and those into the twin's fault timeline
 * (`node:<id>@<at>+<for>`, times relative to the start of the recording); and read the placement
 * the fleet had when recording began, as scenario edits (`--set`), so a replay forks the twin
 * from the live fleet rather than from the scenario's own placement.
 */
import { InputError, type InputIssue } from '../../sim-core/text/input-error.ts';
import type { FleetNodeState } from './fleet-node.ts';

/** The recording format named on its first line. */
export const RECORDING_FORMAT = 'edgetwin-record/v1';
/** Issues listed before a broken recording stops being read. */
const MAX_ISSUES = 20;

/** One recorded event. */
export interface RecordedEvent { atMs: number; topic: string; data: unknown; line: number }

/** A node outage in the recording; untilMs null = still out when the recording ended. */
export interface RecordedOutage { node: string; state: FleetNodeState; fromMs: number; untilMs: number | null }

const OUT: readonly FleetNodeState[] = ['offline', 'down'];
const UP: readonly FleetNodeState[] = ['ready', 'draining'];
const STATES: readonly string[] = ['ready', 'draining', 'down', 'offline', 'unknown'];

/** Parses a recording; blank lines are skipped; throws one InputError listing the bad lines (file:line, field). */
export function parseRecording(text: string, file: string): RecordedEvent[] {
  const issues: InputIssue[] = [];
  const out: RecordedEvent[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && issues.length < MAX_ISSUES; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const line = i + 1;
    const bad = (path: string, message: string) => { issues.push({ file, line, col: 1, path, message }); };
    let v: unknown;
    try { v = JSON.parse(raw); } catch (e) { bad('', `not a JSON object: ${(e as Error).message}`); continue; }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) { bad('', 'expected an object {atMs, topic, data}'); continue; }
    const o = v as Record<string, unknown>;
    if (typeof o.atMs !== 'number' || !Number.isFinite(o.atMs) || o.atMs < 0) { bad('atMs', `expected a time in ms since the epoch, got ${JSON.stringify(o.atMs) ?? 'nothing'}`); continue; }
    if (typeof o.topic !== 'string' || o.topic === '') { bad('topic', `expected the event topic (fleet, shadow, push, audit), got ${JSON.stringify(o.topic) ?? 'nothing'}`); continue; }
    if (!('data' in o)) { bad('data', 'missing: every line carries the event data'); continue; }
    if (o.topic === 'fleet') {
      const problem = fleetDataProblem(o.data);
      if (problem) { bad(`data${problem.path}`, problem.message); continue; }
    }
    if (out.length && o.atMs < out[out.length - 1]!.atMs) { bad('atMs', `time goes backwards: ${o.atMs} after ${out[out.length - 1]!.atMs} on line ${out[out.length - 1]!.line}`); continue; }
    out.push({ atMs: o.atMs, topic: o.topic, data: o.data, line });
  }
  if (issues.length) throw new InputError(issues);
  if (out.length === 0) throw new InputError([{ file, line: 0, col: 0, path: '', message: 'the recording has no events (record one with edgetwin record --gateway URL --out FILE.jsonl)' }]);
  return out;
}

function fleetDataProblem(d: unknown): { path: string; message: string } | null {
  if (typeof d !== 'object' || d === null || !Array.isArray((d as { nodes?: unknown }).nodes)) return { path: '.nodes', message: 'a fleet event carries {nodes: [{id, state, …}]}' };
  const nodes = (d as { nodes: unknown[] }).nodes;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i] as Record<string, unknown> | null;
    if (typeof n !== 'object' || n === null || typeof n.id !== 'string' || n.id === '') return { path: `.nodes[${i}].id`, message: 'expected a node id' };
    if (typeof n.state !== 'string' || !STATES.includes(n.state)) return { path: `.nodes[${i}].state`, message: `expected one of ${STATES.join(', ')}, got ${JSON.stringify(n.state)}` };
  }
  return null;
}

/** Per-node outages from the fleet events, in ms since the recording's first event; sorted by start, then node. */
export function outagesOf(events: readonly RecordedEvent[]): RecordedOutage[] {
  if (events.length === 0) return [];
  const t0 = events[0]!.atMs;
  const open = new Map<string, RecordedOutage>();
  const done: RecordedOutage[] = [];
  for (const e of events) {
    if (e.topic !== 'fleet') continue;
    for (const n of (e.data as { nodes: { id: string; state: FleetNodeState }[] }).nodes) {
      const o = open.get(n.id);
      if (OUT.includes(n.state) && !o) open.set(n.id, { node: n.id, state: n.state, fromMs: e.atMs - t0, untilMs: null });
      else if (UP.includes(n.state) && o) { done.push({ ...o, untilMs: e.atMs - t0 }); open.delete(n.id); }
    }
  }
  return [...done, ...open.values()].sort((a, b) => a.fromMs - b.fromMs || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
}

/** The recording's length in ms (first to last event). */
export function recordingSpanMs(events: readonly RecordedEvent[]): number {
  return events.length ? events[events.length - 1]!.atMs - events[0]!.atMs : 0;
}

/**
 * The outages as twin faults in the --fault grammar, for the nodes the scenario has; the others
 * are returned as `unknown` (a live node the twin does not model). An outage still open at the
 * end never recovers (no +<for>). A zero-length outage lasts 1 ms (the grammar refuses +0).
 */
export function outageFaults(outages: readonly RecordedOutage[], scenarioNodes: ReadonlySet<string>): { faults: string[]; unknown: string[] } {
  const faults: string[] = [];
  const unknown = new Set<string>();
  for (const o of outages) {
    if (!scenarioNodes.has(o.node)) { unknown.add(o.node); continue; }
    const at = `${Math.round(o.fromMs)}ms`;
    faults.push(o.untilMs === null ? `node:${o.node}@${at}` : `node:${o.node}@${at}+${Math.max(1, Math.round(o.untilMs - o.fromMs))}ms`);
  }
  return { faults, unknown: [...unknown].sort() };
}

/** "app/service" → the nodes running it in the recording's first fleet event (any state but unknown: a node out at the start still hosts what it ran; its outage is a fault). */
export function initialPlacements(events: readonly RecordedEvent[]): Record<string, string[]> {
  const first = events.find((e) => e.topic === 'fleet');
  return first ? fleetPlacements((first.data as { nodes: FleetNodeLike[] }).nodes) : {};
}

/** A node as the fleet API and fleet events give it (only what placements need). */
export interface FleetNodeLike { id: string; state: FleetNodeState; workloads?: unknown }

/** "app/service" → the nodes running it, from fleet nodes (GET /api/v1/fleet or a fleet event); nodes in state unknown are left out. */
export function fleetPlacements(nodes: readonly FleetNodeLike[]): Record<string, string[]> {
  const by = new Map<string, Set<string>>();
  for (const n of nodes) {
    if (n.state === 'unknown' || !Array.isArray(n.workloads)) continue;
    for (const s of n.workloads) {
      if (typeof s !== 'string') continue;
      if (!by.has(s)) by.set(s, new Set());
      by.get(s)!.add(n.id);
    }
  }
  return Object.fromEntries([...by.keys()].sort().map((s) => [s, [...by.get(s)!].sort()]));
}

/** What a scenario offers placement edits for: its node ids and its services by app. */
export interface PlacementTarget { nodes: ReadonlySet<string>; services: ReadonlyMap<string, ReadonlySet<string>> }

/**
 * Placements as scenario edits: `spec.apps.<app>.services.<svc>.replicas=<n>` and `….placement=[…]`
 * for every recorded service the scenario has, on the scenario's nodes. Services the scenario lacks,
 * and nodes it lacks (dropped from a service's list; a service left with none keeps the scenario's
 * placement), are returned apart.
 */
export function placementSets(placements: Readonly<Record<string, string[]>>, target: PlacementTarget): { sets: string[]; unknownServices: string[]; unknownNodes: string[] } {
  const sets: string[] = [];
  const unknownServices: string[] = [];
  const unknownNodes = new Set<string>();
  for (const [key, nodes] of Object.entries(placements)) {
    const slash = key.indexOf('/');
    const app = key.slice(0, slash);
    const svc = key.slice(slash + 1);
    if (slash <= 0 || !target.services.get(app)?.has(svc)) { unknownServices.push(key); continue; }
    const known = nodes.filter((n) => { const ok = target.nodes.has(n); if (!ok) unknownNodes.add(n); return ok; });
    if (known.length === 0) continue;
    sets.push(`spec.apps.${app}.services.${svc}.replicas=${known.length}`, `spec.apps.${app}.services.${svc}.placement=[${known.join(',')}]`);
  }
  return { sets, unknownServices: unknownServices.sort(), unknownNodes: [...unknownNodes].sort() };
}
