/**
 * The latest frame from the session worker, outside React and outside the store: the scene reads
 * `holder.frame` inside useFrame (react-three-fiber's advice: mutate, don't setState per frame).
 * Double buffering: when a new frame arrives the previous one's buffer goes back to the worker.
 */
import { createFrame, type FrameLayout, type TwinFrame } from '../../sim-core/twin/frame.ts';

/** Holds the newest frame and a counter that bumps on every new one. */
export class FrameHolder {
  frame: TwinFrame | null = null;
  /** Bumped per frame received; readers compare it with the version they last drew. */
  version = 0;
  /** Wall time (performance.now) of the last frame. */
  receivedAtMs = 0;
  private layout: FrameLayout | null = null;
  private firstFrame = true;

  constructor(private readonly release: (buffer: ArrayBuffer) => void) {}

  /** Starts over for a new fabric (layout); the old frame's buffer is dropped, not returned. */
  reset(layout: FrameLayout | null): void {
    this.layout = layout;
    this.frame = null;
    this.version++;
  }

  /** Takes a new frame buffer; returns the previous buffer to the worker. */
  accept(buffer: ArrayBuffer, nowMs: number): void {
    if (!this.layout) { this.release(buffer); return; }
    let frame: TwinFrame;
    try {
      frame = createFrame(this.layout, buffer);
    } catch {
      // A frame of a previous fabric still in flight after a load: hand it back, draw nothing.
      this.release(buffer);
      return;
    }
    const previous = this.frame;
    // The time to first frame the app benchmark reads (performance.getEntriesByName).
    if (this.firstFrame && typeof performance !== 'undefined' && typeof performance.mark === 'function') { this.firstFrame = false; performance.mark('edgetwin:first-frame'); }
    this.frame = frame;
    this.version++;
    this.receivedAtMs = nowMs;
    if (previous) this.release(previous.buffer);
  }
}
