/**
 * Links as two LineSegments: every segment in one (vertex colours: idle → bright with
 * utilisation, amber when degraded), cut segments dashed and red in a second one (their slot
 * in the first collapses to a point, so slots never shift), and a third for the hovered or
 * selected link. Writes compare with the buffers and upload only the changed span.
 */
import {
  BufferAttribute, BufferGeometry, Color, DynamicDrawUsage, Group, LineBasicMaterial, LineDashedMaterial, LineSegments,
} from 'three';
import { LINK_DEGRADED, LINK_DOWN } from '../../sim-core/twin/frame.ts';
import type { SegmentStats, Segments } from './segments.ts';
import type { SceneColors } from './theme.ts';

const f = Math.fround;

function lineGeometry(capacity: number, withColor: boolean, withDistance: boolean): BufferGeometry {
  const g = new BufferGeometry();
  g.setAttribute('position', new BufferAttribute(new Float32Array(Math.max(1, capacity) * 6), 3).setUsage(DynamicDrawUsage));
  if (withColor) g.setAttribute('color', new BufferAttribute(new Float32Array(Math.max(1, capacity) * 6), 3).setUsage(DynamicDrawUsage));
  if (withDistance) g.setAttribute('lineDistance', new BufferAttribute(new Float32Array(Math.max(1, capacity) * 2), 1).setUsage(DynamicDrawUsage));
  g.setDrawRange(0, 0);
  return g;
}

/** The link lines. */
export class LinkLayer {
  readonly group = new Group();
  private lines: LineSegments;
  private dashed: LineSegments;
  readonly highlight: LineSegments;
  private readonly mat = new LineBasicMaterial({ vertexColors: true, transparent: true, opacity: 0.9 });
  readonly dashMat = new LineDashedMaterial({ color: 0xff0000, dashSize: 0.3, gapSize: 0.2 });
  private readonly hiMat = new LineBasicMaterial({ color: 0xffffff, depthTest: false, transparent: true });
  private readonly idle = new Color();
  private readonly busy = new Color();
  private readonly degraded = new Color();
  private capacity = 0;

  constructor(capacity: number) {
    this.group.name = 'links';
    this.lines = new LineSegments(lineGeometry(0, true, false), this.mat);
    this.dashed = new LineSegments(lineGeometry(0, false, true), this.dashMat);
    this.highlight = new LineSegments(lineGeometry(2, false, false), this.hiMat);
    this.highlight.renderOrder = 10;
    for (const l of [this.lines, this.dashed, this.highlight]) { l.frustumCulled = false; this.group.add(l); }
    this.ensure(capacity);
  }

  /** Makes room for `count` segments. */
  ensure(count: number): void {
    if (count <= this.capacity) return;
    this.capacity = Math.max(count, this.capacity * 2, 16);
    this.lines.geometry.dispose();
    this.dashed.geometry.dispose();
    this.lines.geometry = lineGeometry(this.capacity, true, false);
    this.dashed.geometry = lineGeometry(this.capacity, false, true);
  }

  /** Applies a theme. */
  setColors(c: SceneColors): void {
    this.idle.set(c.linkIdle); this.busy.set(c.linkBusy); this.degraded.set(c.linkDegraded);
    this.dashMat.color.set(c.linkDown);
    this.hiMat.color.set(c.selection);
  }

  /** Writes every segment from item positions; returns whether anything will upload. */
  write(segs: Segments, st: SegmentStats, itemPos: Float32Array): boolean {
    this.ensure(segs.count);
    const pAttr = this.lines.geometry.getAttribute('position') as BufferAttribute;
    const cAttr = this.lines.geometry.getAttribute('color') as BufferAttribute;
    const P = pAttr.array as Float32Array, C = cAttr.array as Float32Array;
    let minP = Infinity, maxP = -1, minC = Infinity, maxC = -1, down = 0;
    const { idle, busy, degraded } = this;
    for (let k = 0; k < segs.count; k++) {
      const a = st.ea[k]!, b = st.eb[k]!, o = k * 6;
      const cut = st.state[k] === LINK_DOWN;
      if (cut) down++;
      const bi = cut ? a : b;
      const ax = f(itemPos[a * 3]!), ay = f(itemPos[a * 3 + 1]!), az = f(itemPos[a * 3 + 2]!);
      const bx = f(itemPos[bi * 3]!), by = f(itemPos[bi * 3 + 1]!), bz = f(itemPos[bi * 3 + 2]!);
      if (P[o] !== ax || P[o + 1] !== ay || P[o + 2] !== az || P[o + 3] !== bx || P[o + 4] !== by || P[o + 5] !== bz) {
        P[o] = ax; P[o + 1] = ay; P[o + 2] = az; P[o + 3] = bx; P[o + 4] = by; P[o + 5] = bz;
        if (k < minP) minP = k;
        if (k > maxP) maxP = k;
      }
      let r: number, g: number, bl: number;
      if (st.state[k] === LINK_DEGRADED) { r = degraded.r; g = degraded.g; bl = degraded.b; }
      else {
        const t = Math.sqrt(Math.min(1, Math.max(0, st.util[k]!)));
        r = idle.r + (busy.r - idle.r) * t; g = idle.g + (busy.g - idle.g) * t; bl = idle.b + (busy.b - idle.b) * t;
      }
      const fr = f(r), fg = f(g), fb = f(bl);
      if (C[o] !== fr || C[o + 1] !== fg || C[o + 2] !== fb || C[o + 3] !== fr) {
        C[o] = C[o + 3] = fr; C[o + 1] = C[o + 4] = fg; C[o + 2] = C[o + 5] = fb;
        if (k < minC) minC = k;
        if (k > maxC) maxC = k;
      }
    }
    const geo = this.lines.geometry;
    const changedCount = geo.drawRange.count !== segs.count * 2;
    geo.setDrawRange(0, segs.count * 2);
    if (maxP >= 0) { pAttr.addUpdateRange(minP * 6, (maxP - minP + 1) * 6); pAttr.needsUpdate = true; }
    if (maxC >= 0) { cAttr.addUpdateRange(minC * 6, (maxC - minC + 1) * 6); cAttr.needsUpdate = true; }
    const dashChanged = this.writeDashed(segs, st, itemPos, down);
    return changedCount || maxP >= 0 || maxC >= 0 || dashChanged;
  }

  private writeDashed(segs: Segments, st: SegmentStats, itemPos: Float32Array, down: number): boolean {
    const geo = this.dashed.geometry;
    const pAttr = geo.getAttribute('position') as BufferAttribute, dAttr = geo.getAttribute('lineDistance') as BufferAttribute;
    const P = pAttr.array as Float32Array, D = dAttr.array as Float32Array;
    let j = 0, changed = geo.drawRange.count !== down * 2;
    for (let k = 0; k < segs.count && j < down; k++) {
      if (st.state[k] !== LINK_DOWN) continue;
      const a = st.ea[k]!, b = st.eb[k]!, o = j * 6;
      for (let c = 0; c < 3; c++) {
        const va = f(itemPos[a * 3 + c]!), vb = f(itemPos[b * 3 + c]!);
        if (P[o + c] !== va || P[o + 3 + c] !== vb) changed = true;
        P[o + c] = va; P[o + 3 + c] = vb;
      }
      D[j * 2] = 0;
      D[j * 2 + 1] = Math.hypot(itemPos[a * 3]! - itemPos[b * 3]!, itemPos[a * 3 + 1]! - itemPos[b * 3 + 1]!, itemPos[a * 3 + 2]! - itemPos[b * 3 + 2]!);
      j++;
    }
    geo.setDrawRange(0, down * 2);
    if (changed && down > 0) {
      pAttr.addUpdateRange(0, down * 6); pAttr.needsUpdate = true;
      dAttr.addUpdateRange(0, down * 2); dAttr.needsUpdate = true;
    }
    return changed;
  }

  /** Shows a highlighted segment between two points (null hides it); returns whether it changed. */
  setHighlight(a: ArrayLike<number> | null, ao = 0, b: ArrayLike<number> | null = null, bo = 0): boolean {
    const geo = this.highlight.geometry;
    const attr = geo.getAttribute('position') as BufferAttribute;
    const P = attr.array as Float32Array;
    if (!a || !b) {
      if (geo.drawRange.count === 0) return false;
      geo.setDrawRange(0, 0);
      return true;
    }
    let changed = geo.drawRange.count !== 2;
    for (let c = 0; c < 3; c++) {
      const va = f(a[ao + c]!), vb = f(b[bo + c]!);
      if (P[c] !== va || P[3 + c] !== vb) changed = true;
      P[c] = va; P[3 + c] = vb;
    }
    geo.setDrawRange(0, 2);
    if (changed) attr.needsUpdate = true;
    return changed;
  }

  /** Frees buffers and materials. */
  dispose(): void {
    for (const l of [this.lines, this.dashed, this.highlight]) l.geometry.dispose();
    this.mat.dispose(); this.dashMat.dispose(); this.hiMat.dispose();
  }
}
