/** Double buffering on the app side: a new frame returns the previous buffer; a frame of another fabric goes straight back. */
import { describe, expect, it } from 'vitest';
import { FrameHolder } from '../../../app/sim-client/frame-holder.ts';
import { frameByteLength } from '../../../sim-core/twin/frame.ts';

describe('frame holder', () => {
  it('keeps the newest frame and releases the one before', () => {
    const released: ArrayBuffer[] = [];
    const h = new FrameHolder((b) => released.push(b));
    const layout = { nodes: 3, links: 2, apps: 1 };
    h.reset(layout);
    const a = new ArrayBuffer(frameByteLength(layout)), b = new ArrayBuffer(frameByteLength(layout));
    const v0 = h.version;
    h.accept(a, 10);
    expect(h.frame!.buffer).toBe(a);
    expect(h.version).toBe(v0 + 1);
    expect(released).toEqual([]);
    h.accept(b, 20);
    expect(h.frame!.buffer).toBe(b);
    expect(released).toEqual([a]);
    const stale = new ArrayBuffer(8);
    h.accept(stale, 30);
    expect(h.frame!.buffer).toBe(b);
    expect(released).toEqual([a, stale]);
    h.reset(null);
    expect(h.frame).toBeNull();
    const late = new ArrayBuffer(frameByteLength(layout));
    h.accept(late, 40);
    expect(released.at(-1)).toBe(late);
  });
});
