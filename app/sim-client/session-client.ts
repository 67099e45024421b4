/**
 * The app's side of the session worker: starts it, forwards user actions (through comlink), and
 * turns its pushes into state — frames into the frame holder (never React state), everything else
 * into the store at most every STORE_FLUSH_MS, relocations into scene signals.
 */
import { proxy, transfer, wrap, type Remote } from 'comlink';
import type { InputIssue } from '../../sim-core/text/input-error.ts';
import type { FrameMessage, SessionChange, Speed } from '../../workers/session-types.ts';
import type { SessionApi } from '../../workers/session-worker.ts';
import { appStore, frames, setFrameRelease } from '../app-context.ts';
import { attachSession, refreshNodeDetails, toast, type SessionPort } from '../store/actions.ts';
import { MAX_LOG, type LogEntry } from '../store/store.ts';
import { appendFolded, eventEntries } from './event-text.ts';
import { emitSceneSignal } from './scene-signals.ts';
import { BUNDLED_FILES } from './shipped.ts';

/** How often pushes reach the store while playing (the scene, clock and playhead read every frame; panels need less). */
export const STORE_FLUSH_MS = 500;
/** Decisions kept in the store (the worker keeps all of them). */
const MAX_DECISIONS = 20_000;

/** The running client. */
export class SessionClient implements SessionPort {
  private readonly api: Remote<SessionApi>;
  private pending: FrameMessage[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private nextLogId = 1;

  constructor(worker: Worker) {
    this.api = wrap<SessionApi>(worker);
    worker.addEventListener('error', (e) => toast(`the simulation worker failed: ${e.message || 'see the console'}`, 'error'));
    setFrameRelease((b) => { void this.api.releaseFrame(transfer(b, [b])); });
    void this.api.connect(proxy((m: FrameMessage) => this.receive(m)));
    attachSession(this);
  }

  /** Loads scenario text; on problems keeps the scene, puts the issues in the store and returns false. */
  async loadText(text: string, file: string, name: string, opts: { seed?: number; timeMs?: number; speed?: Speed; select?: string; keepPlaying?: boolean } = {}): Promise<boolean> {
    const wasPlaying = appStore.getState().status.playing;
    const r = await this.api.load({ text, file, files: BUNDLED_FILES, ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
    if (!r.ok) {
      appStore.setState({ issues: r.issues });
      toast(`${file} has ${r.issues.length} problem${r.issues.length === 1 ? '' : 's'}; the current scenario stays loaded. First: ${r.issues[0]?.message ?? r.message}`, 'error');
      return false;
    }
    this.pending = [];
    frames.reset(r.layout);
    const d = r.description;
    appStore.setState({
      scenarioName: name, scenarioFile: file, scenarioText: text, description: d, layout: r.layout, issues: [],
      placement: d.services.map((s) => s.replicas), events: [], eventsOmitted: 0, decisions: [], chart: [], injections: [],
      selection: null, nodeDetails: null, planDiff: null,
    });
    if (opts.select !== undefined) {
      const i = d.nodes.findIndex((n) => n.id === opts.select);
      if (i >= 0) appStore.setState({ selection: { kind: 'node', index: i }, flyTo: { index: i, seq: (appStore.getState().flyTo?.seq ?? 0) + 1 } });
      else toast(`no node '${opts.select}' in ${d.name}; nothing selected`, 'error');
    }
    if (opts.speed !== undefined) await this.setSpeed(opts.speed);
    if (opts.timeMs !== undefined && opts.timeMs > 0) await this.seek(Math.min(opts.timeMs, r.endMs));
    if (opts.keepPlaying && wasPlaying) await this.play(appStore.getState().status.speed);
    void refreshNodeDetails();
    return true;
  }

  /** Parses text in the worker (the same parser), without loading it. */
  validate(text: string, file: string): Promise<InputIssue[]> { return this.api.validate(text, file); }

  async play(speed: Speed): Promise<void> { await this.api.play(speed); }
  async pause(): Promise<void> { await this.api.pause(); }
  async setSpeed(speed: Speed): Promise<void> {
    appStore.setState((s) => ({ status: { ...s.status, speed } }));
    await this.api.setSpeed(speed);
  }
  async step(ms: number): Promise<void> { await this.api.step(ms); }
  async seek(timeMs: number): Promise<void> {
    appStore.setState((s) => ({ status: { ...s.status, seeking: true } }));
    try { await this.api.seek(timeMs); } finally { appStore.setState((s) => ({ status: { ...s.status, seeking: false } })); }
  }
  async inject(change: SessionChange) { return this.api.inject(change); }
  async removeInjection(id: number): Promise<boolean> { return this.api.removeInjection(id); }
  async nodeDetails(id: string) { return this.api.nodeDetails(id); }
  async report() { return this.api.report(); }

  private receive(m: FrameMessage): void {
    if (m.buffer) frames.accept(m.buffer, performance.now());
    const d = appStore.getState().description;
    if (d && !m.reset) {
      for (const e of m.events) {
        if (e.type !== 'relocated') continue;
        const from = d.nodes.findIndex((n) => n.id === e.from), to = d.nodes.findIndex((n) => n.id === e.to);
        if (from >= 0 && to >= 0) emitSceneSignal({ kind: 'relocated', service: e.service, from, to });
      }
    }
    // The payload without the buffer (it now belongs to the frame holder).
    this.pending.push({ ...m, buffer: null });
    if (m.reset || !m.status.playing) this.flush();
    else if (this.flushTimer === null) this.flushTimer = setTimeout(() => this.flush(), STORE_FLUSH_MS);
  }

  private flush(): void {
    if (this.flushTimer !== null) { clearTimeout(this.flushTimer); this.flushTimer = null; }
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const d = appStore.getState().description;
    if (!d) return;
    const s = appStore.getState();
    let events: LogEntry[] = s.events, decisions = s.decisions, chart = s.chart, omitted = s.eventsOmitted;
    let placement = s.placement;
    let placementChanged = false;
    for (const m of batch) {
      if (m.reset) { events = []; decisions = []; chart = []; omitted = 0; }
      const entries = eventEntries(m.events, d, this.nextLogId);
      this.nextLogId += entries.length + 1;
      if (entries.length > 0) events = appendFolded(events, entries);
      if (m.decisions.length > 0) decisions = [...decisions, ...m.decisions];
      if (m.chart.length > 0) chart = [...chart, ...m.chart];
      omitted += m.eventsOmitted;
      if (m.placement) { placement = m.placement; placementChanged = true; }
    }
    if (events.length > MAX_LOG) events = events.slice(events.length - MAX_LOG);
    if (decisions.length > MAX_DECISIONS) decisions = decisions.slice(decisions.length - MAX_DECISIONS);
    const last = batch[batch.length - 1]!;
    appStore.setState({ events, decisions, chart, eventsOmitted: omitted, placement, status: last.status, injections: last.injections });
    if (placementChanged) void refreshNodeDetails();
  }
}

/** Starts the session worker and its client. */
export function startSession(): SessionClient {
  const worker = new Worker(new URL('../../workers/session-worker.ts', import.meta.url), { type: 'module', name: 'edgetwin-session' });
  return new SessionClient(worker);
}

let instance: SessionClient | null = null;
/** The app's client, started on first use. */
export function sessionClient(): SessionClient {
  if (!instance) instance = startSession();
  return instance;
}
