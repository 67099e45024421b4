/**
 * The scene of one fabric in one layout, outside React: it owns the meshes and, on each
 * `update` (called from useFrame), rechooses the level of detail when the camera moved (at
 * most every LOD_INTERVAL_MS, and once more when it stops), aggregates the latest frame into
 * the shown items, and writes only what changed. `pick` finds what is under the pointer among
 * the shown items. Nothing here allocates per frame except when the level of detail changes.
 */
import { Group, type LineBasicMaterial, type LineSegments, Matrix4, type PerspectiveCamera } from 'three';
import type { FabricDescription } from '../../sim-core/twin/describe.ts';
import { LINK_DOWN, type TwinFrame } from '../../sim-core/twin/frame.ts';
import type { AppState } from '../store/store.ts';
import { createBackdrop, layoutBounds } from './backdrop.ts';
import { aggregateStats, buildDisplay, createItemStats, ITEM_NODE, itemPositions, type Display, type ItemStats } from './display.ts';
import { flooredDiameter, itemAspect, itemDiameter, itemMinPx, TIER_ASPECT, TIER_DIAMETER } from './glyph-size.ts';
import { buildHierarchy, type Hierarchy } from './hierarchy.ts';
import { computeLayout, placeMobile, type Layout, type LayoutKind } from './layout.ts';
import { LinkLayer } from './link-layer.ts';
import { chooseLevels, collapsedLevels, DEFAULT_ITEM_BUDGET, measureGroups, sameLevels, type GroupShapes, type Levels } from './lod.ts';
import { metricArray } from './metrics.ts';
import { NodeLayer, type NodePass } from './node-layer.ts';
import { createProjected, pickPoint, pickSegment, projectPoints } from './picking.ts';
import { PlanLayer, pairMoves } from './plan-layer.ts';
import { linearRampTable } from './ramps.ts';
import { ReplicaLayer, type ReplicaPass } from './replica-layer.ts';
import { buildSegments, createSegmentStats, segmentStats, type SegmentStats, type Segments } from './segments.ts';
import { RAMP_RANGE, THEMES } from './theme.ts';

/** Least wall time between two level-of-detail choices while the camera moves. */
export const LOD_INTERVAL_MS = 150;

/** What the pointer is over. */
export type Hit = { kind: 'item'; item: number } | { kind: 'segment'; segment: number };

/** One update's inputs. */
export interface UpdateInput {
  frame: TwinFrame | null;
  frameVersion: number;
  state: AppState;
  camera: PerspectiveCamera;
  heightPx: number;
  nowMs: number;
  hover: Hit | null;
}

/** The fabric's meshes and the state behind them. */
export class FabricScene {
  readonly root = new Group();
  readonly h: Hierarchy;
  readonly layout: Layout;
  readonly shapes: GroupShapes;
  readonly nodePos: Float32Array;
  readonly serviceApp: Int32Array;
  display!: Display;
  /** Bumped whenever the shown items change (item indices from before are stale). */
  displayVersion = 0;
  segs!: Segments;
  stats!: ItemStats;
  segStats!: SegmentStats;
  itemPos: Float32Array = new Float32Array(0);
  itemDiam: Float32Array = new Float32Array(0);
  itemHeight: Float32Array = new Float32Array(0);
  private itemMarker: Float32Array = new Float32Array(0);
  private itemTier = new Uint8Array(0);
  private levels: Levels;
  private readonly nodes: NodeLayer;
  private readonly links: LinkLayer;
  private readonly replicas = new ReplicaLayer();
  private readonly plan = new PlanLayer();
  private readonly backdrop: LineSegments;
  private readonly hasMobile: boolean;
  private readonly centre: [number, number, number];
  private readonly linkA: Int32Array;
  private readonly linkB: Int32Array;
  private readonly viewProj = new Matrix4();
  private readonly camSnap = new Float64Array(18);
  private readonly projected;
  private ramp: Float32Array = new Float32Array(0);
  // Pass objects reused every frame (no allocation per frame).
  private readonly nodePass = {} as NodePass;
  private readonly replicaPass = {} as ReplicaPass;
  private seen = { frame: -1, metric: '', palette: '', theme: '', placement: null as unknown, plan: null as unknown, lodMs: -Infinity, lodPending: true, dirtyItems: true, selection: null as AppState['selection'] };

  constructor(readonly description: FabricDescription, kind: LayoutKind, private readonly itemBudget = DEFAULT_ITEM_BUDGET) {
    const d = description;
    this.h = buildHierarchy(d);
    this.layout = computeLayout(kind, d, this.h);
    this.nodePos = this.layout.position.slice();
    this.shapes = measureGroups(this.h, this.layout);
    this.hasMobile = this.h.mobile.includes(1);
    const b = layoutBounds(this.nodePos);
    this.centre = [(b.min[0] + b.max[0]) / 2, (b.min[1] + b.max[1]) / 2, (b.min[2] + b.max[2]) / 2];
    this.linkA = Int32Array.from(d.links, (l) => l.a);
    this.linkB = Int32Array.from(d.links, (l) => l.b);
    this.serviceApp = Int32Array.from(d.services, (s) => Math.max(0, d.apps.findIndex((a) => a.id === s.app)));
    this.replicaPass.serviceApp = this.serviceApp;
    const tierCount = [0, 0, 0, 0, 0];
    for (let i = 0; i < this.h.nodeCount; i++) tierCount[this.h.tier[i]!]!++;
    this.nodes = new NodeLayer(tierCount, this.h.groupCount + this.h.siteCount + this.h.zoneCount);
    this.links = new LinkLayer(Math.min(d.links.length, 4096));
    this.backdrop = createBackdrop(this.layout, this.h, this.nodePos, THEMES.dark.grid);
    this.root.add(this.backdrop, this.links.group, this.nodes.group, this.replicas.group, this.plan.group);
    this.projected = createProjected(1024);
    this.levels = collapsedLevels(this.h);
    this.rebuild(this.levels);
  }

  /** Bounds of the laid-out fabric with room for its glyphs and a replica stack on top (for fit all). */
  bounds(): { min: [number, number, number]; max: [number, number, number] } {
    const b = layoutBounds(this.nodePos), gs = this.layout.glyphScale;
    let half = 0, up = 0;
    for (let t = 0; t < 5; t++) {
      half = Math.max(half, (TIER_DIAMETER[t]! * gs) / 2);
      up = Math.max(up, this.layout.tierY[t]! >= b.max[1] - 1e-6 ? (TIER_DIAMETER[t]! * TIER_ASPECT[t]! * gs) / 2 : 0);
    }
    return { min: [b.min[0] - half, b.min[1] - half, b.min[2] - half], max: [b.max[0] + half, b.max[1] + up + gs, b.max[2] + half] };
  }

  /** Starts a relocation animation. */
  relocated(serviceKey: string, from: number, to: number, nowMs: number): void {
    let s = this.description.services.findIndex((x) => x.key === serviceKey);
    if (s < 0) s = this.description.services.findIndex((x) => x.id === serviceKey);
    if (s >= 0 && from >= 0 && to >= 0 && from < this.h.nodeCount && to < this.h.nodeCount) this.replicas.fly(s, from, to, nowMs);
  }

  private rebuild(levels: Levels): void {
    this.levels = levels;
    const d = buildDisplay(this.h, levels);
    this.display = d;
    this.displayVersion++;
    this.segs = buildSegments(this.linkA, this.linkB, this.h.linkIsRadio, d);
    this.stats = createItemStats(d.count);
    this.segStats = createSegmentStats(this.segs.count);
    this.itemPos = new Float32Array(d.count * 3);
    this.itemDiam = new Float32Array(d.count);
    this.itemHeight = new Float32Array(d.count);
    this.itemMarker = new Float32Array(d.count);
    this.itemTier = new Uint8Array(d.count);
    for (let it = 0; it < d.count; it++) if (d.kind[it] === ITEM_NODE) this.itemTier[it] = this.h.tier[d.ref[it]!]!;
    if (this.projected.x.length < d.count) Object.assign(this.projected, createProjected(d.count * 2));
    this.nodes.assign(d, this.itemTier);
    this.seen.dirtyItems = true;
  }

  private cameraMoved(cam: PerspectiveCamera): boolean {
    const e = cam.matrixWorld.elements, s = this.camSnap;
    let moved = false;
    for (let k = 0; k < 16; k++) if (s[k] !== e[k]) { moved = true; s[k] = e[k]!; }
    if (s[16] !== cam.aspect || s[17] !== cam.fov) { moved = true; s[16] = cam.aspect; s[17] = cam.fov; }
    return moved;
  }

  private focalPx(cam: PerspectiveCamera, heightPx: number): number {
    return heightPx / (2 * Math.tan((cam.fov * Math.PI) / 360));
  }

  /** Brings the meshes up to date; returns true while it needs further frames (animation, a pending level-of-detail pass). */
  update(inp: UpdateInput): boolean {
    const { camera: cam, state, frame, nowMs } = inp;
    const seen = this.seen;
    const moved = this.cameraMoved(cam);
    if (moved || state.selection !== seen.selection) { seen.lodPending = true; seen.selection = state.selection; }
    const focal = this.focalPx(cam, inp.heightPx);
    if (seen.lodPending && nowMs - seen.lodMs >= LOD_INTERVAL_MS) {
      seen.lodMs = nowMs; seen.lodPending = false;
      cam.updateMatrixWorld();
      this.viewProj.multiplyMatrices(cam.projectionMatrix, cam.matrixWorldInverse);
      const e = cam.matrixWorld.elements;
      const next = chooseLevels(this.h, this.shapes, { eye: [e[12]!, e[13]!, e[14]!], viewProj: this.viewProj.elements, focalPx: focal }, this.levels, this.itemBudget, state.selection?.kind === 'node' ? state.selection.index : -1);
      if (!sameLevels(next, this.levels)) this.rebuild(next);
    }
    const themeName = state.theme, colors = THEMES[themeName];
    const themeChanged = seen.theme !== themeName;
    if (themeChanged) {
      seen.theme = themeName;
      this.nodes.setColors(colors); this.links.setColors(colors); this.plan.setColor(colors.plan);
      (this.backdrop.material as LineBasicMaterial).color.set(colors.grid);
    }
    const paletteChanged = seen.palette !== state.palette || themeChanged;
    if (paletteChanged) { seen.palette = state.palette; this.ramp = linearRampTable(state.palette, 256, ...RAMP_RANGE[themeName]); }
    const items = seen.dirtyItems;
    const fresh = seen.frame !== inp.frameVersion;
    const metricChanged = seen.metric !== state.colorBy;
    let posChanged = items;
    if (fresh) {
      seen.frame = inp.frameVersion;
      if (this.hasMobile && placeMobile(this.description, this.h, this.layout, frame, this.nodePos) > 0) posChanged = true;
    }
    if (fresh || items || metricChanged) {
      seen.metric = state.colorBy;
      aggregateStats(this.display, frame, frame ? metricArray(frame, state.colorBy) : null, state.colorBy, this.stats);
      segmentStats(this.segs, this.display, frame, this.segStats);
    }
    const d = this.display;
    if (posChanged) itemPositions(d, this.nodePos, this.shapes, this.itemPos);
    const sizeChanged = moved || items || posChanged;
    if (sizeChanged) {
      const e = cam.matrixWorld.elements, gs = this.layout.glyphScale;
      for (let it = 0; it < d.count; it++) {
        const k = d.kind[it]!, t = this.itemTier[it]!, n = d.size[it]!;
        const dist = Math.hypot(this.itemPos[it * 3]! - e[12]!, this.itemPos[it * 3 + 1]! - e[13]!, this.itemPos[it * 3 + 2]! - e[14]!);
        const base = itemDiameter(k, t, n) * gs;
        const dm = flooredDiameter(base, itemMinPx(k, t, n), dist, focal);
        this.itemDiam[it] = dm;
        this.itemMarker[it] = (gs * dm) / base;
        this.itemHeight[it] = dm * itemAspect(k, t);
      }
      // Dashes about 6 px long wherever the camera is.
      const c = this.centre, dist = Math.max(1e-3, Math.hypot(e[12]! - c[0], e[13]! - c[1], e[14]! - c[2]));
      this.links.dashMat.dashSize = (6 * dist) / focal; this.links.dashMat.gapSize = (4 * dist) / focal;
    }
    const nodesDirty = fresh || items || metricChanged || posChanged || sizeChanged || themeChanged || paletteChanged;
    if (nodesDirty) {
      const np = this.nodePass;
      np.display = d; np.itemTier = this.itemTier; np.itemPos = this.itemPos; np.itemDiameter = this.itemDiam; np.markerUnit = this.itemMarker; np.stats = this.stats; np.ramp = this.ramp;
      this.nodes.write(np);
    }
    if (fresh || items || posChanged) this.links.write(this.segs, this.segStats, this.itemPos);
    const placementChanged = seen.placement !== state.placement;
    if (placementChanged || sizeChanged || this.replicas.animating) {
      seen.placement = state.placement;
      const rp = this.replicaPass;
      rp.placement = state.placement; rp.nodeToItem = d.nodeToItem; rp.itemPos = this.itemPos; rp.itemDiameter = this.itemDiam;
      rp.itemHeight = this.itemHeight; rp.itemCount = d.count; rp.nowMs = nowMs;
      this.replicas.write(rp);
    }
    if (seen.plan !== state.planDiff || sizeChanged) {
      seen.plan = state.planDiff;
      this.writePlan(state.planDiff);
    }
    this.writeHighlights(state.selection, inp.hover);
    seen.dirtyItems = false;
    return this.replicas.animating || seen.lodPending;
  }

  private writePlan(diff: AppState['planDiff']): void {
    const d = this.display, pairs: [number, number][] = [];
    const dist = (a: number, b: number) => Math.hypot(this.nodePos[a * 3]! - this.nodePos[b * 3]!, this.nodePos[a * 3 + 2]! - this.nodePos[b * 3 + 2]!);
    let head = 0;
    for (const s of diff ?? []) {
      for (const [a, b] of pairMoves(s.from, s.to, dist)) {
        const ia = d.nodeToItem[a], ib = d.nodeToItem[b];
        if (ia === undefined || ib === undefined || ia === ib) continue;
        pairs.push([ia, ib]);
        head = Math.max(head, this.itemDiam[ib]! * 0.45);
      }
    }
    this.plan.write(pairs, this.itemPos, head || this.layout.glyphScale * 0.3);
  }

  private writeHighlights(sel: AppState['selection'], hover: Hit | null): void {
    const d = this.display;
    this.ringAt('selection', sel?.kind === 'node' && sel.index < this.h.nodeCount ? d.nodeToItem[sel.index]! : -1);
    this.ringAt('hover', hover?.kind === 'item' ? hover.item : -1);
    const seg = hover?.kind === 'segment' ? hover.segment : sel?.kind === 'link' && sel.index < this.segs.linkToSegment.length ? this.segs.linkToSegment[sel.index]! : -1;
    if (seg >= 0 && seg < this.segs.count) this.links.setHighlight(this.itemPos, this.segStats.ea[seg]! * 3, this.itemPos, this.segStats.eb[seg]! * 3);
    else this.links.setHighlight(null);
  }

  private ringAt(which: 'selection' | 'hover', it: number): void {
    if (it < 0 || it >= this.display.count) { this.nodes.ring(which, 0, 0, 0, 0, false); return; }
    this.nodes.ring(which, this.itemPos[it * 3]!, this.itemPos[it * 3 + 1]!, this.itemPos[it * 3 + 2]!, Math.max(this.itemDiam[it]!, this.itemHeight[it]!), true);
  }

  /** What is under (px, py) in a width×height canvas, or null. */
  pick(cam: PerspectiveCamera, px: number, py: number, widthPx: number, heightPx: number): Hit | null {
    const d = this.display;
    cam.updateMatrixWorld();
    this.viewProj.multiplyMatrices(cam.projectionMatrix, cam.matrixWorldInverse);
    projectPoints(this.viewProj.elements, this.itemPos, d.count, widthPx, heightPx, this.projected);
    const it = pickPoint(this.projected, this.itemHalfSize(), this.focalPx(cam, heightPx), px, py);
    if (it >= 0) return { kind: 'item', item: it };
    const seg = pickSegment(this.projected, this.segStats.ea, this.segStats.eb, this.segs.count, px, py);
    return seg >= 0 ? { kind: 'segment', segment: seg } : null;
  }

  private half = new Float32Array(0);
  private itemHalfSize(): Float32Array {
    if (this.half.length < this.display.count) this.half = new Float32Array(this.display.count * 2);
    for (let it = 0; it < this.display.count; it++) this.half[it] = Math.max(this.itemDiam[it]!, this.itemHeight[it]!) / 2;
    return this.half;
  }

  /** The link a segment hit stands for: its first cut link, else its busiest, else its first. */
  segmentLink(seg: number, frame: TwinFrame | null): number {
    const s = this.segs;
    let best = s.members[s.start[seg]!]!, util = -1;
    if (!frame) return best;
    for (let m = s.start[seg]!; m < s.start[seg + 1]!; m++) {
      const l = s.members[m]!;
      if (frame.linkState[l] === LINK_DOWN) return l;
      if (frame.linkUtilization[l]! > util) { util = frame.linkUtilization[l]!; best = l; }
    }
    return best;
  }

  /** Frees every GPU resource. */
  dispose(): void {
    this.nodes.dispose(); this.links.dispose(); this.replicas.dispose(); this.plan.dispose();
    this.backdrop.geometry.dispose(); (this.backdrop.material as LineBasicMaterial).dispose();
  }
}
