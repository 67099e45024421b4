/**
 * Node glyphs: one instanced mesh per tier, one for aggregates (sensor groups, sites, zones),
 * and one per marker (down X, suspect ring, controller crown, autonomy, buffering), plus the
 * selection and hover rings. Each pass writes every shown item by mutation through
 * InstanceWriter, which uploads only what changed. Colour is the metric through the ramp; a
 * down item is flattened, greyed and crossed, so failure reads by shape and colour.
 */
import { Color, DoubleSide, FrontSide, Group, Mesh, MeshBasicMaterial, type BufferGeometry } from 'three';
import { NODE_DOWN, FLAG_AUTONOMOUS, FLAG_BUFFERING, FLAG_CONTROLLER } from '../../sim-core/twin/frame.ts';
import { ITEM_NODE, type Display, type ItemStats } from './display.ts';
import { aggregateGeometry, crossGeometry, crownGeometry, discGeometry, ringGeometry, tetraGeometry, tierGeometries } from './geometries.ts';
import { itemAspect } from './glyph-size.ts';
import { InstancedLayer } from './instanced-layer.ts';
import type { SceneColors } from './theme.ts';

/** Glyph index of aggregates (after the five tiers). */
const AGG = 5;
const FLATTEN = 0.3;

/** What a pass draws. */
export interface NodePass {
  display: Display;
  /** Per item: tier code for node items (ignored for aggregates). */
  itemTier: Uint8Array;
  /** Per item: centre x, y, z. */
  itemPos: Float32Array;
  /** Per item: world diameter (after the pixel floor). */
  itemDiameter: Float32Array;
  /** Per item: marker size unit (the layout's glyph scale × the item's pixel-floor factor), so markers read the same on every tier. */
  markerUnit: Float32Array;
  stats: ItemStats;
  /** Linear RGB ramp table (256 entries). */
  ramp: Float32Array;
}

/** The node glyph meshes. */
export class NodeLayer {
  readonly group = new Group();
  private readonly glyphs: InstancedLayer[] = [];
  private readonly marks: InstancedLayer[] = [];
  private readonly geometries: BufferGeometry[] = [];
  private readonly lit: MeshBasicMaterial;
  private readonly markMats: MeshBasicMaterial[];
  private readonly downColor = new Color();
  readonly selection: Mesh;
  readonly hover: Mesh;
  private slot = new Int32Array(0);
  private glyphOf = new Uint8Array(0);
  private readonly counts = new Int32Array(6);

  constructor(tierCapacity: ArrayLike<number>, aggregateCapacity: number) {
    this.group.name = 'nodes';
    // Unlit with baked shading (geometries.ts): instance colour × vertex shade.
    this.lit = new MeshBasicMaterial({ color: 0xffffff, vertexColors: true });
    const tiers = tierGeometries();
    tiers.forEach((g, t) => this.glyphs.push(new InstancedLayer(this.group, g, this.lit, Math.min(tierCapacity[t]!, 2048), true, `tier-${t}`)));
    const agg = aggregateGeometry();
    this.glyphs.push(new InstancedLayer(this.group, agg, this.lit, Math.min(aggregateCapacity, 1024), true, 'aggregates'));
    this.markMats = [0, 1, 2, 3, 4].map((k) => new MeshBasicMaterial({ color: 0xffffff, side: k === 2 ? DoubleSide : FrontSide }));
    const markGeoms = [crossGeometry(), ringGeometry(), crownGeometry(), tetraGeometry(), discGeometry()];
    markGeoms.forEach((g, k) => this.marks.push(new InstancedLayer(this.group, g, this.markMats[k]!, 64, false, `mark-${k}`)));
    this.geometries.push(...tiers, agg, ...markGeoms);
    const ring = ringGeometry(0.045);
    this.geometries.push(ring);
    this.selection = new Mesh(ring, new MeshBasicMaterial({ color: 0xffffff, depthTest: false, transparent: true }));
    this.selection.renderOrder = 10;
    this.hover = new Mesh(ring, new MeshBasicMaterial({ color: 0xffffff, depthTest: false, transparent: true, opacity: 0.85 }));
    this.hover.renderOrder = 9;
    this.selection.visible = this.hover.visible = false;
    this.group.add(this.selection, this.hover);
  }

  /** Applies a theme's colours to markers, rings and down glyphs. */
  setColors(c: SceneColors): void {
    [c.downMark, c.suspect, c.controller, c.autonomous, c.buffering].forEach((hex, k) => this.markMats[k]!.color.set(hex));
    (this.selection.material as MeshBasicMaterial).color.set(c.selection);
    (this.hover.material as MeshBasicMaterial).color.set(c.hover);
    this.downColor.set(c.nodeDown);
  }

  /** Assigns each item of a new display to a glyph mesh and slot. */
  assign(d: Display, itemTier: Uint8Array): void {
    this.slot = new Int32Array(d.count);
    this.glyphOf = new Uint8Array(d.count);
    this.counts.fill(0);
    for (let it = 0; it < d.count; it++) {
      const g = d.kind[it] === ITEM_NODE ? itemTier[it]! : AGG;
      this.glyphOf[it] = g;
      this.slot[it] = this.counts[g]!++;
    }
    this.glyphs.forEach((l, g) => l.ensure(this.counts[g]!));
  }

  /** Writes every shown item; returns whether anything will upload. */
  write(p: NodePass): boolean {
    const { display: d, itemPos: pos, itemDiameter: diam, stats, ramp } = p;
    let changed = false;
    let nDown = 0, nSuspect = 0, nCrown = 0, nAuto = 0, nBuf = 0;
    for (let it = 0; it < d.count; it++) {
      if (stats.down[it]) nDown++;
      if (stats.suspect[it]) nSuspect++;
      const fl = stats.flags[it]!;
      if (fl & FLAG_CONTROLLER) nCrown++;
      if (fl & FLAG_AUTONOMOUS) nAuto++;
      if (fl & FLAG_BUFFERING) nBuf++;
    }
    const [mDown, mRing, mCrown, mAuto, mBuf] = this.marks as [InstancedLayer, InstancedLayer, InstancedLayer, InstancedLayer, InstancedLayer];
    mDown.ensure(nDown); mRing.ensure(nSuspect); mCrown.ensure(nCrown); mAuto.ensure(nAuto); mBuf.ensure(nBuf);
    nDown = nSuspect = nCrown = nAuto = nBuf = 0;
    const dc = this.downColor;
    for (let it = 0; it < d.count; it++) {
      const w = this.glyphs[this.glyphOf[it]!]!.writer, s = this.slot[it]!;
      const x = pos[it * 3]!, y = pos[it * 3 + 1]!, z = pos[it * 3 + 2]!, dm = diam[it]!;
      const down = stats.state[it] === NODE_DOWN;
      const h = dm * itemAspect(d.kind[it]!, p.itemTier[it]!) * (down ? FLATTEN : 1);
      w.transform(s, x, y, z, dm, h, dm);
      if (down) w.color(s, dc.r, dc.g, dc.b);
      else {
        const k = Math.round(stats.metric[it]! * 255) * 3;
        w.color(s, ramp[k]!, ramp[k + 1]!, ramp[k + 2]!);
      }
      const top = y + h / 2, mu = p.markerUnit[it]!;
      if (stats.down[it]) {
        if (down) mDown.writer.transform(nDown++, x, y, z, dm * 1.15, dm * 1.15, dm * 1.15);
        else { const s = Math.min(0.4 * mu, dm); mDown.writer.transform(nDown++, x, top + s * 0.7, z, s, s, s); }
      }
      if (stats.suspect[it]) mRing.writer.transform(nSuspect++, x, y, z, dm * 1.8, dm * 1.8, dm * 1.8);
      const fl = stats.flags[it]!;
      // The crown rings the top of the glyph, so replica cubes stacked on top stay clear of it.
      if (fl & FLAG_CONTROLLER) { const s = Math.min(0.45 * mu, 0.8 * dm), w = Math.min(dm * 1.45, 0.95 * mu); mCrown.writer.transform(nCrown++, x, top - s * 0.1, z, w, s, w); }
      if (fl & FLAG_AUTONOMOUS) { const s = Math.min(0.24 * mu, 0.9 * dm); mAuto.writer.transform(nAuto++, x + dm * 0.5 + s * 0.4, top + s * 0.4, z, s, s, s); }
      if (fl & FLAG_BUFFERING) { const s = Math.min(0.28 * mu, 0.9 * dm); mBuf.writer.transform(nBuf++, x - dm * 0.5 - s * 0.4, top + s * 0.25, z, s, s, s); }
    }
    this.glyphs.forEach((l, g) => { changed = l.writer.commit(this.counts[g]!) || changed; });
    changed = mDown.writer.commit(nDown) || changed;
    changed = mRing.writer.commit(nSuspect) || changed;
    changed = mCrown.writer.commit(nCrown) || changed;
    changed = mAuto.writer.commit(nAuto) || changed;
    changed = mBuf.writer.commit(nBuf) || changed;
    return changed;
  }

  /** Places a highlight ring around an item (null hides it); returns whether it changed. */
  ring(which: 'selection' | 'hover', x: number, y: number, z: number, diameter: number, visible: boolean): boolean {
    const m = which === 'selection' ? this.selection : this.hover;
    const s = diameter * (which === 'selection' ? 1.7 : 1.5);
    if (m.visible === visible && (!visible || (m.position.x === x && m.position.y === y && m.position.z === z && m.scale.x === s))) return false;
    m.visible = visible;
    if (visible) { m.position.set(x, y, z); m.scale.set(s, s, s); }
    return true;
  }

  /** Frees buffers, geometries and materials. */
  dispose(): void {
    for (const l of [...this.glyphs, ...this.marks]) l.dispose();
    for (const g of this.geometries) g.dispose();
    this.lit.dispose();
    for (const m of this.markMats) m.dispose();
    (this.selection.material as MeshBasicMaterial).dispose();
    (this.hover.material as MeshBasicMaterial).dispose();
  }
}
