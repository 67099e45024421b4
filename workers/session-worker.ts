/**
 * The session worker (a module Web Worker, one per tab): a Session, its Pacer on the worker's wall
 * clock, and the API the web app calls through comlink. Frames go to the app through the callback
 * it passes to connect(), with the frame's buffer transferred; the app gives buffers back with
 * releaseFrame() (double buffering).
 */
import { expose, transfer } from 'comlink';
import { parseScenario } from '../sim-core/scenario/parse.ts';
import { InputError, type InputIssue } from '../sim-core/text/input-error.ts';
import type { RunReport } from '../sim-core/twin/report.ts';
import { Pacer } from './pacer.ts';
import { Session } from './session.ts';
import type { FrameMessage, Injection, LoadRequest, LoadResult, NodeDetails, SessionChange, SessionStatus, Speed } from './session-types.ts';

/** What the app calls in the session worker. */
export interface SessionApi {
  /** Registers the frame callback (a comlink proxy). */
  connect(onMessage: (m: FrameMessage) => void): void;
  /** Loads a scenario (pausing first); on bad input the current scene stays. */
  load(req: LoadRequest): LoadResult;
  /** Parses text without loading it: the problems, located (for the editor). */
  validate(text: string, file: string): InputIssue[];
  play(speed: Speed): void;
  pause(): void;
  setSpeed(speed: Speed): void;
  /** Advances by `ms` of simulated time (paused). */
  step(ms: number): void;
  /** Moves to `timeMs` (re-simulating from the start when it is earlier). */
  seek(timeMs: number): void;
  inject(change: SessionChange): { ok: true; injection: Injection } | { ok: false; message: string };
  removeInjection(id: number): boolean;
  releaseFrame(buffer: ArrayBuffer): void;
  nodeDetails(id: string): NodeDetails | null;
  report(): RunReport;
  status(): SessionStatus;
}

/** Builds the API over a session and a pacer (also used in-thread by tests). */
export function createSessionApi(session = new Session()): SessionApi {
  let sink: ((m: FrameMessage) => void) | null = null;
  const pacer = new Pacer(session, {
    nowMs: () => performance.now(),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  }, (m) => {
    if (!sink) { if (m.buffer) session.releaseFrame(m.buffer); return; }
    sink(m.buffer ? transfer(m, [m.buffer]) : m);
  });
  const needsLoad = () => { if (!session.status().loaded) throw new Error('load a scenario first'); };
  return {
    connect(onMessage) { sink = onMessage; },
    load(req) {
      const wasPlaying = session.playing;
      const r = session.load(req);
      if (r.ok) pacer.moved();
      else if (wasPlaying) session.playing = true;
      return r;
    },
    validate(text, file) {
      try { parseScenario(text, file); return []; } catch (err) {
        if (err instanceof InputError) return err.issues;
        return [{ file, line: 0, col: 0, path: '', message: err instanceof Error ? err.message : String(err) }];
      }
    },
    play(speed) { needsLoad(); pacer.play(speed); },
    pause() { needsLoad(); pacer.pause(); },
    setSpeed(speed) { pacer.setSpeed(speed); },
    step(ms) {
      needsLoad();
      if (!(ms > 0) || !Number.isFinite(ms)) throw new Error(`step must be a positive number of ms, got ${ms}`);
      pacer.pause();
      session.advanceTo(session.nowMs + ms);
      pacer.moved();
    },
    seek(timeMs) {
      needsLoad();
      if (!Number.isFinite(timeMs)) throw new Error(`seek needs a finite time in ms, got ${timeMs}`);
      session.seeking = true;
      try { session.seek(timeMs); } finally { session.seeking = false; }
      pacer.moved();
    },
    inject(change) {
      needsLoad();
      const r = session.inject(change);
      pacer.moved();
      return r;
    },
    removeInjection(id) { needsLoad(); const ok = session.removeInjection(id); pacer.moved(); return ok; },
    releaseFrame(buffer) { session.releaseFrame(buffer); },
    nodeDetails(id) { needsLoad(); return session.nodeDetails(id); },
    report() { needsLoad(); return session.simulation.report(); },
    status() { return session.status(); },
  };
}

// In a worker (not when a test imports this module): expose the API on the worker's scope.
declare const WorkerGlobalScope: unknown;
if (typeof WorkerGlobalScope !== 'undefined' && typeof self !== 'undefined') expose(createSessionApi());
