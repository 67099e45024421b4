/**
 * The r3f side of the scene (inside <Canvas>): builds a FabricScene for the loaded fabric and
 * layout, drives it from useFrame with the latest frame and store state (read with getState,
 * never through React state), renders on demand (new frame, store change, camera motion,
 * animation), flies the camera on flyTo / fitSeq, and handles hover, click and double click by
 * screen-space picking (no raycasting).
 */
import { CameraControls, type CameraControlsImpl } from '@react-three/drei';
import { useFrame, useThree } from '@react-three/fiber';
import { type RefObject, useEffect, useMemo, useRef } from 'react';
import { type Object3D, type PerspectiveCamera, Vector3 } from 'three';
import { appStore, frames } from '../app-context.ts';
import { onSceneSignal } from '../sim-client/scene-signals.ts';
import { flyToNode, select, selectLink, selectNode } from '../store/actions.ts';
import { useApp } from '../store/use-store.ts';
import { DEFAULT_AZIMUTH, DEFAULT_ELEVATION, fitBox, flyPose, GEO_ELEVATION, viewDirection } from './camera-math.ts';
import { sceneSummary } from './describe-item.ts';
import { ITEM_NODE } from './display.ts';
import { FabricScene, type Hit, type UpdateInput } from './fabric-scene.ts';
import { T_CLOUD, T_REGIONAL, TIERS } from './hierarchy.ts';
import { LabelOverlay, type LabelSpec } from './label-overlay.ts';
import type { AppState } from '../store/store.ts';
import { THEMES } from './theme.ts';
import { hitTip, placeTip, renderTip } from './tooltip.ts';

const CLICK_SLOP_PX = 5;
const TIER_TITLES = ['Sensors', 'Gateways', 'Edge', 'Regional', 'Cloud'];

/** DOM elements the view writes into (owned by Scene). */
export interface Overlays { tooltip: RefObject<HTMLDivElement | null>; labels: RefObject<HTMLDivElement | null> }

/** The fabric, its camera controls and its pointer handling. */
export function FabricView({ overlays, itemBudget, dataRenderIntervalMs = 0 }: { overlays: Overlays; itemBudget: number; dataRenderIntervalMs?: number }) {
  const description = useApp((s) => s.description);
  const viewLayout = useApp((s) => s.viewLayout);
  const camera = useThree((s) => s.camera) as PerspectiveCamera;
  const gl = useThree((s) => s.gl);
  const invalidate = useThree((s) => s.invalidate);
  const controls = useRef<CameraControlsImpl | null>(null);
  const hover = useRef<{ hit: Hit | null; x: number; y: number; tipAt: number; display: number }>({ hit: null, x: 0, y: 0, tipAt: 0, display: -1 });
  const aria = useRef({ at: -Infinity, text: '', trailing: false });
  const input = useRef({} as UpdateInput);
  const sel = useRef({ index: -1, x: NaN, y: NaN, z: NaN });
  const scene = useMemo(() => (description ? new FabricScene(description, viewLayout, itemBudget) : null), [description, viewLayout, itemBudget]);
  const labelsRef = useRef<LabelOverlay | null>(null);
  const themeKey = useRef('');

  useEffect(() => {
    const el = overlays.labels.current;
    if (!el) return;
    const l = new LabelOverlay(el);
    labelsRef.current = l;
    return () => { l.dispose(); labelsRef.current = null; };
  }, [overlays.labels]);
  useEffect(() => () => scene?.dispose(), [scene]);
  // Compile every material at load: a material first drawn mid-run (cut links, markers, flights,
  // plan arrows) would compile its shader program inside a frame — a 100–200 ms long task on SwiftShader.
  useEffect(() => {
    if (!scene) return;
    const hidden: Object3D[] = [];
    scene.root.traverse((o) => { if (!o.visible) { hidden.push(o); o.visible = true; } });
    // compile() only starts the programs; drawing once makes the driver finish them now, at load.
    try { gl.compile(scene.root, camera); gl.render(scene.root, camera); } finally { for (const o of hidden) o.visible = false; }
    invalidate();
  }, [scene, gl, camera, invalidate]);

  // Render on demand: when a frame arrives (at most every dataRenderIntervalMs), the store changes, or a relocation starts.
  useEffect(() => {
    let version = frames.version, raf = 0, last = -Infinity;
    const tick = (now: number) => {
      if (frames.version !== version && now - last >= dataRenderIntervalMs) { version = frames.version; last = now; invalidate(); }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    const unsubscribe = appStore.subscribe(() => invalidate());
    return () => { cancelAnimationFrame(raf); unsubscribe(); };
  }, [invalidate, dataRenderIntervalMs]);
  useEffect(() => onSceneSignal((s) => {
    if (s.kind === 'relocated' && scene) { scene.relocated(s.service, s.from, s.to, performance.now()); invalidate(); }
  }), [scene, invalidate]);

  // Camera: fit a new fabric; fly on flyTo; fit on fitSeq.
  const fit = (animate: boolean) => {
    const c = controls.current;
    if (!scene || !c) return;
    const { min, max } = scene.bounds();
    const elevation = scene.layout.kind === 'geo' ? GEO_ELEVATION : DEFAULT_ELEVATION;
    const pose = fitBox(min, max, camera.fov, camera.aspect || 1, viewDirection(DEFAULT_AZIMUTH, elevation), 1.08);
    void c.setLookAt(...pose.position, ...pose.target, animate);
  };
  useEffect(() => {
    const c = controls.current;
    if (!scene || !c) return;
    const { min, max } = scene.bounds();
    const extent = Math.max(max[0] - min[0], max[1] - min[1], max[2] - min[2], 1);
    camera.near = Math.max(extent / 5000, scene.layout.glyphScale * 0.02);
    camera.far = extent * 30;
    camera.updateProjectionMatrix();
    c.minDistance = scene.layout.glyphScale * 1.2;
    c.maxDistance = extent * 6;
    c.dollyToCursor = true;
    c.smoothTime = 0.3;
    fit(false);
    const labels = labelsRef.current;
    sel.current.index = -1;
    labels?.set('tier', viewLayout === 'tiers' ? tierLabels(scene, min) : []);
    labels?.set('region', scene.h.regionNames.flatMap((name, r) => {
      const a = scene.layout.regionAnchor;
      return Number.isNaN(a[r * 3]!) ? [] : [{ text: name, kind: 'region' as const, x: a[r * 3]!, y: a[r * 3 + 1]!, z: a[r * 3 + 2]! }];
    }));
    invalidate();
  }, [scene]);
  useEffect(() => appStore.subscribe((s, prev) => {
    if (s.fitSeq !== prev.fitSeq) fit(true);
    if (s.flyTo && s.flyTo.seq !== prev.flyTo?.seq && scene && controls.current) flyTo(scene, controls.current, s.flyTo.index);
  }), [scene]);

  // Pointer: hover picks once per animation frame; a click without drag selects.
  useEffect(() => {
    const el = gl.domElement;
    let down: { x: number; y: number } | null = null, raf = 0;
    const local = (e: PointerEvent | MouseEvent) => { const r = el.getBoundingClientRect(); return { x: e.clientX - r.left, y: e.clientY - r.top, w: r.width, h: r.height }; };
    const pickAt = (e: PointerEvent | MouseEvent) => { const p = local(e); return scene ? scene.pick(camera, p.x, p.y, p.w, p.h) : null; };
    const setHover = (hit: Hit | null, x: number, y: number, w = 0, hgt = 0) => {
      const h = hover.current;
      const same = h.hit?.kind === hit?.kind && (h.hit as { item?: number; segment?: number } | null)?.item === (hit as { item?: number } | null)?.item
        && (h.hit as { segment?: number } | null)?.segment === (hit as { segment?: number } | null)?.segment;
      h.x = x; h.y = y;
      if (!same) { h.hit = hit; h.tipAt = 0; h.display = scene?.displayVersion ?? -1; invalidate(); }
      else placeTip(overlays.tooltip.current, x, y, w, hgt);
      el.style.cursor = hit ? 'pointer' : '';
    };
    const onMove = (e: PointerEvent) => {
      if (e.buttons) { setHover(null, 0, 0); return; }
      if (raf) return;
      raf = requestAnimationFrame(() => { raf = 0; const p = local(e); setHover(pickAt(e), p.x, p.y, p.w, p.h); });
    };
    const onDown = (e: PointerEvent) => { down = { x: e.clientX, y: e.clientY }; };
    const onUp = (e: PointerEvent) => {
      if (!down || e.button !== 0 || Math.hypot(e.clientX - down.x, e.clientY - down.y) > CLICK_SLOP_PX) { down = null; return; }
      down = null;
      const hit = pickAt(e);
      if (!scene || !hit) { select(null); return; }
      if (hit.kind === 'segment') { selectLink(scene.segmentLink(hit.segment, frameFor(scene))); return; }
      const d = scene.display;
      if (d.kind[hit.item] === ITEM_NODE) selectNode(d.ref[hit.item]!);
      else if (controls.current) flyToItem(scene, controls.current, hit.item);
    };
    const onDouble = (e: MouseEvent) => {
      const hit = pickAt(e);
      if (scene && hit?.kind === 'item' && scene.display.kind[hit.item] === ITEM_NODE) flyToNode(scene.display.ref[hit.item]!);
    };
    const onLeave = () => setHover(null, 0, 0);
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('pointerup', onUp);
    el.addEventListener('dblclick', onDouble);
    el.addEventListener('pointerleave', onLeave);
    return () => {
      cancelAnimationFrame(raf);
      el.removeEventListener('pointermove', onMove); el.removeEventListener('pointerdown', onDown); el.removeEventListener('pointerup', onUp);
      el.removeEventListener('dblclick', onDouble); el.removeEventListener('pointerleave', onLeave);
    };
  }, [gl, scene, camera, invalidate]);

  useFrame((st) => {
    const state = appStore.getState();
    const now = performance.now();
    if (now - aria.current.at >= 1000) {
      aria.current.at = now;
      const text = sceneSummary(state.description, scene ? frameFor(scene) : null);
      if (text !== aria.current.text) { aria.current.text = text; gl.domElement.setAttribute('aria-label', text); }
    } else if (!aria.current.trailing) {
      // Throttled: render once more when the second is up, so the label never stays stale while paused.
      aria.current.trailing = true;
      setTimeout(() => { aria.current.trailing = false; invalidate(); }, 1000 - (now - aria.current.at) + 5);
    }
    if (!scene) return;
    const frame = frameFor(scene);
    // Item indices change with the level of detail: a hover picked before is stale (the next pointer move picks again).
    if (hover.current.hit && hover.current.display !== scene.displayVersion) hover.current.hit = null;
    const inp = input.current;
    inp.frame = frame; inp.frameVersion = frames.version; inp.state = state; inp.camera = camera; inp.heightPx = st.size.height; inp.nowMs = now; inp.hover = hover.current.hit;
    const more = scene.update(inp);
    const labels = labelsRef.current;
    if (labels) {
      const c = THEMES[state.theme];
      if (state.theme !== themeKey.current) { themeKey.current = state.theme; labels.setColors(c.label, c.panel); }
      updateSelectionLabel(scene, state.selection, sel.current, labels);
      labels.update(camera, st.size.width, st.size.height);
    }
    const h = hover.current;
    if (now - h.tipAt >= 250) {
      h.tipAt = now;
      renderTip(overlays.tooltip.current, h.hit ? hitTip(scene, h.hit, frame, state) : null, h.x, h.y, THEMES[state.theme], st.size.width, st.size.height);
    }
    if (more) invalidate();
  });

  return (
    <>
      <CameraControls ref={controls} makeDefault />
      {scene && <primitive object={scene.root} />}
    </>
  );
}

/** The latest frame when it belongs to this fabric. */
function frameFor(scene: FabricScene) {
  const f = frames.frame;
  return f && f.layout.nodes === scene.h.nodeCount && f.layout.links === scene.description.links.length ? f : null;
}

function tierLabels(scene: FabricScene, min: readonly number[]) {
  const present = new Set<number>();
  for (let i = 0; i < scene.h.nodeCount; i++) present.add(scene.h.tier[i]!);
  const pad = 1.5 * scene.layout.glyphScale;
  return [...present].sort().map((t) => ({ text: TIER_TITLES[t] ?? TIERS[t]!, kind: 'tier' as const, x: min[0]! - pad, y: scene.layout.tierY[t]!, z: 0 }));
}

/** Keeps the selected node's name label on top of its glyph; rebuilds it only when the node or its position changes. */
function updateSelectionLabel(scene: FabricScene, selection: AppState['selection'], last: { index: number; x: number; y: number; z: number }, labels: LabelOverlay): void {
  const index = selection?.kind === 'node' && selection.index < scene.h.nodeCount ? selection.index : -1;
  let x = NaN, y = NaN, z = NaN;
  if (index >= 0) {
    const it = scene.display.nodeToItem[index]!;
    x = scene.itemPos[it * 3]!; y = scene.itemPos[it * 3 + 1]! + scene.itemHeight[it]! / 2; z = scene.itemPos[it * 3 + 2]!;
    if (index === last.index && x === last.x && y === last.y && z === last.z) return;
  } else if (last.index < 0) return;
  last.index = index; last.x = x; last.y = y; last.z = z;
  const specs: LabelSpec[] = index >= 0 ? [{ text: scene.description.nodes[index]!.id, kind: 'selection', x, y, z }] : [];
  labels.set('selection', specs);
}

function flyTo(scene: FabricScene, c: CameraControlsImpl, node: number): void {
  const p = scene.nodePos, gs = scene.layout.glyphScale;
  const t = scene.h.tier[node]!, site = scene.h.siteOf[node]!;
  // Close enough that the node's site opens, far enough to see the whole site.
  const distance = t >= T_REGIONAL ? (t === T_CLOUD ? 30 : 22) * gs : Math.max(11 * gs, (site >= 0 ? scene.shapes.siteRadius[site]! : 0) * 3.2);
  flyToPoint(c, [p[node * 3]!, p[node * 3 + 1]!, p[node * 3 + 2]!], distance);
}

function flyToItem(scene: FabricScene, c: CameraControlsImpl, it: number): void {
  const p = scene.itemPos;
  const r = Math.max(scene.itemDiam[it]! * 4, 10 * scene.layout.glyphScale);
  flyToPoint(c, [p[it * 3]!, p[it * 3 + 1]!, p[it * 3 + 2]!], r);
}

function flyToPoint(c: CameraControlsImpl, target: [number, number, number], distance: number): void {
  const cam = c.camera.position, tgt = c.getTarget(scratch);
  const pose = flyPose([cam.x, cam.y, cam.z], [tgt.x, tgt.y, tgt.z], target, distance);
  void c.setLookAt(...pose.position, ...pose.target, true);
}
const scratch = new Vector3();
