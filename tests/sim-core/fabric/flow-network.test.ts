import { describe, expect, it } from 'vitest';
import { FlowNetwork } from '../../../sim-core/fabric/flow-network.ts';

const MBPS = 1e6;
// 8 Mbps carries exactly 1,000 bytes per ms: bytes = bps × ms / 8000.
const B1000_PER_MS = 8 * MBPS;

describe('FlowNetwork: max-min rates on hand-computed cases', () => {
  it('3 flows on one 30 Mbps bottleneck get 10 Mbps each', () => {
    const net = new FlowNetwork([30 * MBPS], 1);
    const ids = [0, 1, 2].map((t) => net.start([0], 1e6, 0, t));
    // 30 / 3 = 10
    for (const id of ids) expect(net.rateBps(id)).toBe(10 * MBPS);
  });

  it('classic two-link case: link1 10, link2 20; f1 on 1, f2 on 1+2, f3 on 2 → 5, 5, 15', () => {
    const net = new FlowNetwork([10 * MBPS, 20 * MBPS], 2);
    const f1 = net.start([0], 1e9, 0, 1);
    const f2 = net.start([0, 1], 1e9, 0, 2);
    const f3 = net.start([1], 1e9, 0, 3);
    // Shares: link1 10/2 = 5, link2 20/2 = 10 → link1 saturates first: f1 = f2 = 5.
    // link2 left: 20 - 5 = 15 for f3 alone.
    expect(net.rateBps(f1)).toBe(5 * MBPS);
    expect(net.rateBps(f2)).toBe(5 * MBPS);
    expect(net.rateBps(f3)).toBe(15 * MBPS);
  });

  it('three resources, three rounds of filling', () => {
    // r0 = 12, r1 = 6, r2 = 20 Mbps.  f1{r0} f2{r0,r1} f3{r1} f4{r1,r2} f5{r2} f6{r0,r2}
    // round 1 shares: r0 12/3 = 4, r1 6/3 = 2, r2 20/3 = 6.67 → r1: f2 = f3 = f4 = 2
    // round 2: r0 (12-2)/2 = 5 (f1, f6), r2 (20-2)/2 = 9 (f5, f6) → r0: f1 = f6 = 5
    // round 3: r2 (18-5)/1 = 13 → f5 = 13.   Check: r2 = 2 + 13 + 5 = 20, r0 = 5 + 2 + 5 = 12.
    const net = new FlowNetwork([12 * MBPS, 6 * MBPS, 20 * MBPS], 3);
    const paths = [[0], [0, 1], [1], [1, 2], [2], [0, 2]];
    const ids = paths.map((p, i) => net.start(p, 1e9, 0, i));
    expect(ids.map((id) => net.rateBps(id) / MBPS)).toEqual([5, 2, 2, 2, 13, 5]);
  });

  it('flows on disjoint components do not affect each other', () => {
    const net = new FlowNetwork([10 * MBPS, 10 * MBPS], 2);
    const a = net.start([0], 1e9, 0, 1);
    net.start([1], 1e9, 0, 2);
    net.start([1], 1e9, 0, 3);
    expect(net.rateBps(a)).toBe(10 * MBPS);
  });
});

describe('FlowNetwork: completion times over time', () => {
  it('a flow joining mid-transfer and leaving', () => {
    const net = new FlowNetwork([B1000_PER_MS], 1);
    // A: 3000 bytes alone at 1000 B/ms → due at 3 ms.
    const a = net.start([0], 3000, 0, 100);
    expect(net.nextCompletionMs()).toBe(3);
    // At 1 ms A has 2000 left; B joins with 1000 bytes; each gets 500 B/ms.
    // B due at 1 + 1000/500 = 3 ms; A would be due at 1 + 2000/500 = 5 ms.
    const b = net.start([0], 1000, 1, 200);
    expect(net.rateBps(a)).toBe(4 * MBPS);
    expect(net.remainingBytes(a, 1)).toBe(2000);
    expect(net.nextCompletionMs()).toBe(3);
    expect(net.takeCompleted(2.5)).toEqual([]);
    expect(net.takeCompleted(3)).toEqual([200]);
    expect(() => net.rateBps(b)).toThrow(/unknown flowId/);
    // At 3 ms A has 2000 - 2 × 500 = 1000 left, alone again at 1000 B/ms → due at 4 ms.
    expect(net.remainingBytes(a, 3)).toBe(1000);
    expect(net.rateBps(a)).toBe(8 * MBPS);
    expect(net.nextCompletionMs()).toBe(4);
    expect(net.takeCompleted(4)).toEqual([100]);
    expect(net.activeCount).toBe(0);
    expect(net.nextCompletionMs()).toBe(Infinity);
  });

  it('abort returns the unsent bytes and re-shares', () => {
    const net = new FlowNetwork([B1000_PER_MS], 1);
    const a = net.start([0], 4000, 0, 1);
    const b = net.start([0], 4000, 0, 2);
    // 500 B/ms each; at 2 ms each has 4000 - 1000 = 3000 left.
    expect(net.abort(b, 2)).toBe(3000);
    // A alone: 3000 at 1000 B/ms → due at 5 ms.
    expect(net.nextCompletionMs()).toBe(5);
    expect(net.activeCount).toBe(1);
    expect(net.takeCompleted(5)).toEqual([1]);
    expect(() => net.abort(a, 6)).toThrow(/unknown flowId/);
  });

  it('capacity change mid-flow', () => {
    const net = new FlowNetwork([B1000_PER_MS], 1);
    net.start([0], 3000, 0, 7);
    // At 1 ms: 2000 left; capacity doubles to 2000 B/ms → due at 1 + 1 = 2 ms.
    net.setCapacity(0, 16 * MBPS, 1);
    expect(net.nextCompletionMs()).toBe(2);
    // At 1.5 ms: 1000 left; capacity drops to 500 B/ms → due at 1.5 + 2 = 3.5 ms.
    net.setCapacity(0, 4 * MBPS, 1.5);
    expect(net.nextCompletionMs()).toBe(3.5);
    expect(net.takeCompleted(3.5)).toEqual([7]);
  });

  it('capacity 0 stalls flows until restored', () => {
    const net = new FlowNetwork([B1000_PER_MS, B1000_PER_MS], 2);
    const a = net.start([0, 1], 3000, 0, 1);
    const c = net.start([1], 3000, 0, 2);
    // Both on r1 at 500 B/ms. At 2 ms each has 2000 left; r0 is cut: A stalls, C gets all of r1.
    net.setCapacity(0, 0, 2);
    expect(net.rateBps(a)).toBe(0);
    expect(net.rateBps(c)).toBe(8 * MBPS);
    expect(net.nextCompletionMs()).toBe(4); // C: 2 + 2000/1000
    expect(net.takeCompleted(4)).toEqual([2]);
    expect(net.nextCompletionMs()).toBe(Infinity);
    expect(net.remainingBytes(a, 10)).toBe(2000);
    // Restored at 10 ms: 2000 at 1000 B/ms → due at 12 ms.
    net.setCapacity(0, B1000_PER_MS, 10);
    expect(net.nextCompletionMs()).toBe(12);
    expect(net.takeCompleted(12)).toEqual([1]);
  });

  it('flows with no resources or 0 bytes complete at start time, in flowId order', () => {
    const net = new FlowNetwork([B1000_PER_MS], 1);
    const x = net.start([], 5000, 3, 11);
    net.start([0], 0, 3, 12);
    expect(net.rateBps(x)).toBe(Infinity);
    expect(net.remainingBytes(x, 3)).toBe(0);
    expect(net.nextCompletionMs()).toBe(3);
    expect(net.takeCompleted(3)).toEqual([11, 12]);
  });

  it('simultaneous completions come out by completion time, then flowId', () => {
    const net = new FlowNetwork([B1000_PER_MS, B1000_PER_MS], 2);
    net.start([1], 1000, 0, 30); // due 1 ms
    net.start([0], 500, 0, 20);  // due 0.5 ms
    net.start([0], 0.0, 0, 10);  // due 0 ms (zero bytes)
    net.start([1], 0, 0, 40);    // due 0 ms, later flowId
    expect(net.takeCompleted(2)).toEqual([10, 40, 20, 30]);
  });

  it('a completion re-shares rates so later flows finish earlier', () => {
    const net = new FlowNetwork([B1000_PER_MS], 1);
    // Three flows of 1000, 2000, 3000 bytes share 1000 B/ms (333.3 each).
    // f1 done at 3 ms (1000/333.3); others have 1000 and 2000 left, then 500 B/ms each:
    // f2 done at 3 + 2 = 5 ms; f3 has 1000 left, alone: done at 6 ms.
    net.start([0], 1000, 0, 1); net.start([0], 2000, 0, 2); net.start([0], 3000, 0, 3);
    const seen: [number, number[]][] = [];
    for (let t = net.nextCompletionMs(); t < Infinity; t = net.nextCompletionMs()) seen.push([t, net.takeCompleted(t)]);
    expect(seen.map(([t]) => t)).toEqual([expect.closeTo(3, 9), expect.closeTo(5, 9), expect.closeTo(6, 9)]);
    expect(seen.map(([, tags]) => tags)).toEqual([[1], [2], [3]]);
  });

  it('grows resources with ensureResources, using the capacity callback', () => {
    const net = new FlowNetwork((r) => (r + 1) * MBPS, 1);
    expect(() => net.start([3], 10, 0, 1)).toThrow(/resource 3 out of range/);
    net.ensureResources(4);
    expect(net.capacityBps(3)).toBe(4 * MBPS);
    const f = net.start([3], 10, 0, 1);
    expect(net.rateBps(f)).toBe(4 * MBPS);
  });

  it('keeps working when the internal marker counter wraps (Uint32 marks)', () => {
    const net = new FlowNetwork([30 * MBPS], 1);
    const a = net.start([0], 1e9, 0, 1);
    (net as unknown as { epoch: number }).epoch = 0xffffffff - 1;
    const b = net.start([0], 1e9, 0, 2);
    const c = net.start([0], 1e9, 0, 3);
    for (const id of [a, b, c]) expect(net.rateBps(id)).toBe(10 * MBPS);
    net.abort(c, 1);
    expect(net.rateBps(a)).toBe(15 * MBPS);
  });

  it('throws on programmer mistakes with the offending value', () => {
    const net = new FlowNetwork([MBPS], 1);
    expect(() => net.start([0, 0], 10, 0, 1)).toThrow(/resource 0 listed twice/);
    expect(() => net.start([0], -1, 0, 1)).toThrow(/-1/);
    net.start([0], 10, 5, 1);
    expect(() => net.start([0], 10, 4, 1)).toThrow(/nowMs 4 is before 5/);
    expect(() => net.setCapacity(0, Infinity, 6)).toThrow(/Infinity/);
    expect(() => new FlowNetwork([NaN], 1)).toThrow(/NaN/);
  });
});
