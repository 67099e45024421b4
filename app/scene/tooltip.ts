/**
 * The hover tooltip: what a hit is in words (via describe-item.ts) and writing it into the
 * overlay element next to the pointer, kept inside the canvas. Plain DOM writes (textContent),
 * no React render per pointer move.
 */
import type { TwinFrame } from '../../sim-core/twin/frame.ts';
import type { AppState } from '../store/store.ts';
import { aggregateTip, nodeTip, segmentTip, type Tip } from './describe-item.ts';
import { ITEM_NODE } from './display.ts';
import type { FabricScene, Hit } from './fabric-scene.ts';
import { METRIC_INFO } from './metrics.ts';
import type { SceneColors } from './theme.ts';

/** The tooltip for a hit. */
export function hitTip(scene: FabricScene, hit: Hit, frame: TwinFrame | null, state: AppState): Tip | null {
  const d = scene.description;
  if (hit.kind === 'segment') return hit.segment < scene.segs.count ? segmentTip(d, frame, scene.segs, scene.segStats, hit.segment) : null;
  const disp = scene.display;
  if (hit.item >= disp.count) return null;
  if (disp.kind[hit.item] === ITEM_NODE) {
    const node = disp.ref[hit.item]!;
    const services: string[] = [];
    state.placement.forEach((reps, s) => { for (const r of reps) if (r === node) services.push(d.services[s]?.key ?? `#${s}`); });
    return nodeTip(d, frame, node, services);
  }
  return aggregateTip(d, scene.h, disp, scene.stats, hit.item, METRIC_INFO[state.colorBy].label);
}

/** Shows `tip` at (x, y) px in the element (hides it for null), flipping to stay inside width × height. */
export function renderTip(el: HTMLDivElement | null, tip: Tip | null, x: number, y: number, c: SceneColors, width: number, height: number): void {
  if (!el) return;
  if (!tip) { if (!el.hidden) el.hidden = true; return; }
  const text = [tip.title, ...tip.lines].join('\n');
  if (el.dataset.text !== text) {
    el.dataset.text = text;
    el.replaceChildren();
    const title = document.createElement('strong');
    title.textContent = tip.title;
    el.appendChild(title);
    for (const line of tip.lines) {
      const div = document.createElement('div');
      div.textContent = line;
      el.appendChild(div);
    }
  }
  el.style.background = c.panel; el.style.color = c.panelText; el.style.borderColor = c.panelBorder;
  el.hidden = false;
  placeTip(el, x, y, width, height);
}

/** Moves a shown tooltip next to (x, y), flipped to the other side of the pointer near the right or bottom edge. */
export function placeTip(el: HTMLDivElement | null, x: number, y: number, width: number, height: number): void {
  if (!el || el.hidden) return;
  const w = el.offsetWidth, h = el.offsetHeight;
  const left = x + 14 + w > width ? Math.max(0, x - 14 - w) : x + 14;
  const top = y + 14 + h > height ? Math.max(0, y - 14 - h) : y + 14;
  el.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
}
