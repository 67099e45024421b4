/**
 * Twin events told in words for the event log, with simulated times ("0:22.0 station-04-edge
 * missed 3 heartbeats → declared failed by dc-north (timeout, 2.0 s after the crash)").
 * Relocations of several replicas from one node at the same moment become one entry. Pure.
 */
import { decidingScores, type DecisionRecord } from '../../sim-core/twin/decision-log.ts';
import type { FabricDescription } from '../../sim-core/twin/describe.ts';
import type { TwinEvent } from '../../sim-core/twin/events.ts';
import type { LogEntry } from '../store/store.ts';

/** Simulated time as m:ss.s (or h:mm:ss.s past an hour): 723_200 → "12:03.2". */
export function clockText(ms: number): string {
  const tenths = Math.floor(ms / 100 + 1e-9);
  const s = Math.floor(tenths / 10);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const ss = `${String(sec).padStart(2, '0')}.${tenths % 10}`;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A duration for people: 850 → "850 ms", 2049 → "2.0 s", 95_000 → "1 min 35 s". */
export function durationText(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000), s = Math.round((ms % 60_000) / 1000);
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

/**
 * The plugins that decided, as "EdgeDataGravity 92 (+30), NodeResourcesFit 71 (+4) over edge-7":
 * by margin over the runner-up when there was one, else by score.
 */
export function scoreText(d: DecisionRecord | undefined, n = 2): string {
  if (!d) return '';
  const top = decidingScores(d, n);
  if (top.length === 0) return d.runnerUp ? `tie-break over ${d.runnerUp.node}` : '';
  const parts = top.map((x) => `${x.plugin} ${Math.round(x.score)}${x.margin !== null ? ` (+${Math.round(x.margin)})` : ''}`);
  return `${parts.join(', ')}${d.runnerUp ? ` over ${d.runnerUp.node}` : ''}`;
}

type Relocated = Extract<TwinEvent, { type: 'relocated' }>;

/** How far back (entries) a foldable entry looks for one with its key. */
const FOLD_WINDOW = 30;

/**
 * Appends `fresh` to `log`, folding each entry that has a foldKey into an earlier one with the same
 * key among the last FOLD_WINDOW entries: that entry moves to the end, counts the repeats and says
 * when the last one happened. Returns a new array (the old one is not changed).
 */
export function appendFolded(log: readonly LogEntry[], fresh: readonly LogEntry[]): LogEntry[] {
  const out = [...log];
  for (const e of fresh) {
    if (e.foldKey !== undefined) {
      let j = -1;
      for (let k = out.length - 1; k >= Math.max(0, out.length - FOLD_WINDOW); k--) if (out[k]!.foldKey === e.foldKey) { j = k; break; }
      if (j >= 0) {
        const prev = out[j]!;
        const count = (prev.count ?? 1) + 1;
        const base = prev.text.replace(/ — ×\d+, last at .*$/, '');
        out.splice(j, 1);
        out.push({ ...prev, id: e.id, count, text: `${base} — ×${count}, last at ${clockText(e.tMs)}` });
        continue;
      }
    }
    out.push(e);
  }
  return out;
}

const INDEXES = new WeakMap<FabricDescription, { index: Map<string, number>; linkIndex: Map<string, number> }>();

/** Node and link ids → indexes, built once per description (batches arrive many times a second; a 10k-node fabric's maps cost ~40 ms). */
function indexesOf(d: FabricDescription): { index: Map<string, number>; linkIndex: Map<string, number> } {
  let x = INDEXES.get(d);
  if (!x) {
    x = { index: new Map(d.nodes.map((n, i) => [n.id, i])), linkIndex: new Map(d.links.map((l, i) => [l.id, i])) };
    INDEXES.set(d, x);
  }
  return x;
}

/** Log entries for a batch of events; ids start at `firstId`. Events the log does not tell (replica start/stop) are left out. */
export function eventEntries(events: readonly TwinEvent[], d: FabricDescription, firstId: number): LogEntry[] {
  if (events.length === 0) return [];
  const { index, linkIndex } = indexesOf(d);
  const nodesOf = (...ids: (string | null | undefined)[]) => ids.flatMap((id) => (id != null && index.has(id) ? [index.get(id)!] : []));
  const linkNodes = (id: string) => { const l = linkIndex.get(id); return l === undefined ? [] : [d.links[l]!.a, d.links[l]!.b]; };
  const out: LogEntry[] = [];
  let id = firstId;
  const push = (tMs: number, text: string, severity: LogEntry['severity'], nodes: number[]) => out.push({ id: id++, tMs, text: `${clockText(tMs)} ${text}`, severity, nodes });
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    switch (e.type) {
      case 'node-down': push(e.t, `${e.node} went down`, 'bad', nodesOf(e.node)); break;
      case 'node-up': push(e.t, `${e.node} is back up`, 'good', nodesOf(e.node)); break;
      case 'link-down': push(e.t, `link ${e.link} is down`, 'bad', linkNodes(e.link)); break;
      case 'link-up': push(e.t, `link ${e.link} is up again`, 'good', linkNodes(e.link)); break;
      case 'link-degraded': push(e.t, `link ${e.link} degraded`, 'warn', linkNodes(e.link)); break;
      case 'link-restored': push(e.t, `link ${e.link} restored`, 'good', linkNodes(e.link)); break;
      case 'handover': push(e.t, `${e.node} handed over ${e.from ?? '(no coverage)'} → ${e.to ?? '(no coverage)'}`, e.to ? 'info' : 'warn', nodesOf(e.node, e.to)); break;
      case 'fault-start': push(e.t, `fault: ${e.fault.split('@')[0]}`, 'bad', e.kind === 'link' ? linkNodes(e.target) : nodesOf(e.target)); break;
      case 'fault-end': push(e.t, `fault over: ${e.fault.split('@')[0]}`, 'good', e.kind === 'link' ? linkNodes(e.target) : nodesOf(e.target)); break;
      case 'placement': push(e.t, `${e.service} placed by hand on ${e.nodes.join(', ')}`, 'info', nodesOf(...e.nodes)); break;
      case 'autonomous': push(e.t, `${e.node} lost its controller → running on local autonomy`, 'warn', nodesOf(e.node)); break;
      case 'declared-failed': {
        const det = e.detection;
        const why = det
          ? `missed ${det.missedBeats} heartbeat${det.missedBeats === 1 ? '' : 's'} → declared failed by ${e.by} (${det.detector}${det.phi !== undefined ? `, phi ${det.phi.toFixed(1)}` : ''}, ${durationText(det.afterMs)} after ${e.up ? 'its last heartbeat' : 'the crash'})`
          : `declared failed by ${e.by}`;
        push(e.t, `${e.node} ${why}${e.up ? ' — it is up: a false suspicion' : ''}`, e.up ? 'warn' : 'bad', nodesOf(e.node, e.by));
        break;
      }
      case 'declared-alive': push(e.t, `${e.node} heard again by ${e.by} → alive`, 'good', nodesOf(e.node, e.by)); break;
      case 'drift': push(e.t, `drift on ${e.node}: ${e.service} ${e.action === 'stop' ? 'stopped' : 'started'} by hand`, 'warn', nodesOf(e.node)); break;
      case 'relocation-refused':
        push(e.t, `cannot relocate ${e.service} from ${e.node} yet: ${e.reason} (${e.by} retries)`, 'warn', nodesOf(e.node, e.by));
        out[out.length - 1]!.foldKey = `refused ${e.service} ${e.node} ${e.by} ${e.reason}`;
        break;
      case 'relocated': {
        // Gather relocations from the same node by the same controller within a second.
        const group: Relocated[] = [e];
        while (i + 1 < events.length) {
          const n = events[i + 1]!;
          if (n.type === 'relocated' && n.from === e.from && n.by === e.by && n.t - e.t <= 1000) { group.push(n); i++; continue; }
          if (n.type === 'replica-started' || n.type === 'replica-stopped') { i++; continue; }
          break;
        }
        const det = e.decision?.detection;
        const since = det ? ` ${durationText(e.t - (det.atMs - det.afterMs))} after the failure` : '';
        const targets = [...new Set(group.map((g) => g.to))];
        const head = group.length === 1
          ? `${e.service} relocated ${e.from} → ${e.to}`
          : `${group.length} replicas relocated from ${e.from} → ${targets.join(', ')}`;
        const scores = scoreText(e.decision);
        const what = group.length > 1 ? ` (${group.map((g) => `${g.service} → ${g.to}`).join('; ')})` : '';
        push(e.t, `${head} by ${e.by}${since}${scores ? ` (${scores})` : ''}${what}`, 'good', nodesOf(e.from, ...targets));
        break;
      }
      default: break; // replica-started / replica-stopped and message-level events are not told
    }
  }
  return out;
}
