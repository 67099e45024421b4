/**
 * Links as drawn: one segment per pair of items that links join (80 sensor links into one
 * sensor-group glyph are one segment; links inside an item are not drawn). Radio links keep a
 * segment each because their ends move on handover (ends read from the frame). Per frame a
 * segment shows the worst state, the highest utilisation and the summed rate of its links.
 * Pure: typed arrays.
 */
import { LINK_DOWN, LINK_UP } from '../../sim-core/twin/frame.ts';
import type { Display } from './display.ts';

/** The drawn segments. */
export interface Segments {
  count: number;
  /** Per segment: end items (radio segments: the description's ends; use segmentEnds per frame). */
  a: Int32Array;
  b: Int32Array;
  /** members[start[s] .. start[s+1]) are the links segment s draws. */
  start: Int32Array;
  members: Int32Array;
  /** Per segment: 1 when it is a radio link (ends from the frame). */
  radio: Uint8Array;
  /** Per link: its segment, or -1 when it is not drawn (both ends in one item). */
  linkToSegment: Int32Array;
}

/** Groups links (ends `la`, `lb`, radio flags) into segments between the display's items. */
export function buildSegments(la: ArrayLike<number>, lb: ArrayLike<number>, isRadio: Uint8Array, d: Display): Segments {
  const L = la.length;
  const key = new Map<number, number>();
  const segA: number[] = [], segB: number[] = [], radio: number[] = [];
  const linkToSegment = new Int32Array(L).fill(-1);
  const counts: number[] = [];
  for (let l = 0; l < L; l++) {
    const ia = d.nodeToItem[la[l]!]!, ib = d.nodeToItem[lb[l]!]!;
    if (!isRadio[l] && ia === ib) continue;
    let s: number | undefined;
    if (!isRadio[l]) {
      const k = Math.min(ia, ib) * d.count + Math.max(ia, ib);
      s = key.get(k);
      if (s === undefined) { s = segA.length; key.set(k, s); segA.push(ia); segB.push(ib); radio.push(0); counts.push(0); }
    } else { s = segA.length; segA.push(ia); segB.push(ib); radio.push(1); counts.push(0); }
    linkToSegment[l] = s;
    counts[s]!++;
  }
  const start = new Int32Array(counts.length + 1);
  for (let s = 0; s < counts.length; s++) start[s + 1] = start[s]! + counts[s]!;
  const members = new Int32Array(start[counts.length]!);
  const at = start.slice(0, -1);
  for (let l = 0; l < L; l++) if (linkToSegment[l]! >= 0) members[at[linkToSegment[l]!]!++] = l;
  return { count: segA.length, a: Int32Array.from(segA), b: Int32Array.from(segB), start, members, radio: Uint8Array.from(radio), linkToSegment };
}

/** What segment stats read of a frame. */
export interface LinkFrame { linkState: Uint8Array; linkUtilization: Float32Array; linkRateBps: Float32Array; linkA: Int32Array; linkB: Int32Array }

/** Per-segment state for one frame. */
export interface SegmentStats { state: Uint8Array; util: Float32Array; rateBps: Float32Array; down: Int32Array; ea: Int32Array; eb: Int32Array }

/** Fresh stats arrays for `count` segments. */
export function createSegmentStats(count: number): SegmentStats {
  return { state: new Uint8Array(count), util: new Float32Array(count), rateBps: new Float32Array(count), down: new Int32Array(count), ea: new Int32Array(count), eb: new Int32Array(count) };
}

/** Worst state, max utilisation, summed rate, down count and current end items per segment (no frame: all up, idle, description ends). */
export function segmentStats(s: Segments, d: Display, frame: LinkFrame | null, out: SegmentStats): void {
  for (let k = 0; k < s.count; k++) {
    let state = LINK_UP, util = 0, rate = 0, down = 0;
    if (frame) {
      for (let m = s.start[k]!; m < s.start[k + 1]!; m++) {
        const l = s.members[m]!, st = frame.linkState[l]!;
        if (st > state) state = st;
        if (st === LINK_DOWN) down++;
        const u = frame.linkUtilization[l]!;
        if (u > util) util = u;
        rate += frame.linkRateBps[l]!;
      }
    }
    out.state[k] = state; out.util[k] = util; out.rateBps[k] = rate; out.down[k] = down;
    if (s.radio[k] && frame) {
      const l = s.members[s.start[k]!]!;
      out.ea[k] = d.nodeToItem[frame.linkA[l]!]!; out.eb[k] = d.nodeToItem[frame.linkB[l]!]!;
    } else { out.ea[k] = s.a[k]!; out.eb[k] = s.b[k]!; }
  }
}
