/**
 * The wall-clock pacing driver of a Session (the one place, besides the pool, where wall time is
 * read): every tick it moves simulated time toward `anchorSim + (now - anchorWall) × speed`,
 * working at most `budgetMs` of wall time per tick so the worker stays responsive, then yields;
 * it pushes a frame at most every `frameEveryMs`. When the machine cannot keep up it re-anchors
 * (the effective speed drops, reported in the status) instead of piling up lag. 'max' runs as
 * fast as it goes. The decisions are pure functions below (targetTime, nextSlice), tested alone.
 */
import type { Session } from './session.ts';
import type { FrameMessage, Speed } from './session-types.ts';

/** Clock and timer the pacer uses (performance.now and setTimeout in a worker; fakes in tests). */
export interface PacerHost {
  nowMs(): number;
  setTimer(fn: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

/** Pacer tuning. */
export interface PacerOptions {
  /** Wall ms of simulation work per tick. Default 12. */
  budgetMs?: number;
  /** Wall ms between frame pushes. Default 33 (30 per second). */
  frameEveryMs?: number;
}

/** Simulated time a paced run should have reached at wall time `wallMs`. */
export function targetTime(anchorSimMs: number, anchorWallMs: number, wallMs: number, speed: Speed, endMs: number): number {
  if (speed === 'max') return endMs;
  return Math.min(endMs, anchorSimMs + Math.max(0, wallMs - anchorWallMs) * speed);
}

/**
 * Length of the next slice of simulated time: aims at `sliceWallMs` of work given the measured
 * simulated ms per wall ms, within [1, 60 000] ms.
 */
export function nextSlice(simMsPerWallMs: number, sliceWallMs: number): number {
  const est = Number.isFinite(simMsPerWallMs) && simMsPerWallMs > 0 ? simMsPerWallMs * sliceWallMs : 10;
  return Math.min(60_000, Math.max(1, est));
}

/** The valid speeds: 1 … 1000 × real time, or 'max'. */
export function checkSpeed(speed: unknown): Speed {
  if (speed === 'max') return 'max';
  if (typeof speed === 'number' && Number.isFinite(speed) && speed >= 1 && speed <= 1000) return speed;
  throw new Error(`speed must be a number from 1 to 1000 or 'max', got ${JSON.stringify(speed)}`);
}

/** Paces one session and pushes frame messages to `push`. */
export class Pacer {
  private timer: unknown = null;
  private anchorSim = 0;
  private anchorWall = 0;
  private lastPush = -Infinity;
  private rate = NaN; // simulated ms per wall ms, measured
  private readonly budgetMs: number;
  private readonly frameEveryMs: number;
  private windowStartWall = 0;
  private windowStartSim = 0;

  constructor(private readonly session: Session, private readonly host: PacerHost, private readonly push: (m: FrameMessage) => void, opts: PacerOptions = {}) {
    this.budgetMs = opts.budgetMs ?? 12;
    this.frameEveryMs = opts.frameEveryMs ?? 33;
  }

  /** Starts (or re-speeds) playing. */
  play(speed: Speed): void {
    this.session.speed = checkSpeed(speed);
    this.session.playing = true;
    this.reanchor();
    this.schedule(0);
  }

  /** Stops playing and pushes the state as it is. */
  pause(): void {
    this.session.playing = false;
    this.cancel();
    this.pushNow();
  }

  /** Changes the speed without changing play/pause. */
  setSpeed(speed: Speed): void {
    this.session.speed = checkSpeed(speed);
    this.reanchor();
  }

  /** After the session moved by other means (step, seek, inject): re-anchor and push. */
  moved(): void {
    this.reanchor();
    this.pushNow();
  }

  /** Pushes a message now (frame if a buffer is free). */
  pushNow(): void {
    this.lastPush = this.host.nowMs();
    this.push(this.session.takeMessage());
  }

  /** Stops the timer (the session stays as it is). */
  dispose(): void { this.cancel(); }

  private reanchor(): void {
    this.anchorSim = this.session.nowMs;
    this.anchorWall = this.host.nowMs();
    this.windowStartWall = this.anchorWall;
    this.windowStartSim = this.anchorSim;
  }

  private schedule(delayMs: number): void {
    this.cancel();
    this.timer = this.host.setTimer(() => { this.timer = null; this.tick(); }, delayMs);
  }

  private cancel(): void {
    if (this.timer !== null) { this.host.clearTimer(this.timer); this.timer = null; }
  }

  private tick(): void {
    const s = this.session;
    if (!s.playing) return;
    const start = this.host.nowMs();
    const target = targetTime(this.anchorSim, this.anchorWall, start, s.speed, s.endMs);
    while (s.nowMs < target) {
      const elapsed = this.host.nowMs() - start;
      if (elapsed >= this.budgetMs) break;
      const t0 = this.host.nowMs(), sim0 = s.nowMs;
      s.advanceTo(Math.min(target, sim0 + nextSlice(this.rate, Math.min(4, this.budgetMs - elapsed))));
      const wall = this.host.nowMs() - t0;
      if (wall > 0) this.rate = (s.nowMs - sim0) / wall;
    }
    const now = this.host.nowMs();
    if (s.speed !== 'max' && s.nowMs < target - Math.max(1, (s.speed as number) * this.frameEveryMs * 4)) {
      // Fell behind by more than a few frames: keep going from here rather than racing to catch up.
      this.anchorSim = s.nowMs;
      this.anchorWall = now;
    }
    if (now - this.windowStartWall >= 1000) {
      s.effectiveSpeed = (s.nowMs - this.windowStartSim) / (now - this.windowStartWall);
      this.windowStartWall = now;
      this.windowStartSim = s.nowMs;
    }
    const done = s.nowMs >= s.endMs;
    if (done) s.playing = false;
    if (done || now - this.lastPush >= this.frameEveryMs) this.pushNow();
    if (!done) this.schedule(s.speed === 'max' ? 0 : Math.max(0, Math.min(this.frameEveryMs / 2, 8)));
  }
}
