/**
 * A few HTML labels pinned to world points (tier names, region names, the selected node's id)
 * in an absolutely positioned layer over the canvas. Positions are projected per rendered frame;
 * the DOM is written only when a label moves by half a pixel or more. Labels behind the camera
 * or off screen are hidden.
 */
import { type Camera, Vector3 } from 'three';

/** One label. */
export interface LabelSpec { text: string; kind: 'tier' | 'region' | 'selection'; x: number; y: number; z: number }

interface Live { el: HTMLDivElement; spec: LabelSpec; px: number; py: number; shown: boolean }

const STYLE: Record<LabelSpec['kind'], string> = {
  tier: 'font: 600 11px/1.2 system-ui, sans-serif; letter-spacing: 0.06em; text-transform: uppercase; transform-origin: right center;',
  region: 'font: 600 12px/1.2 system-ui, sans-serif;',
  selection: 'font: 600 12px/1.2 system-ui, sans-serif; padding: 1px 5px; border-radius: 3px;',
};

/** The label layer. */
export class LabelOverlay {
  private live: Live[] = [];
  private readonly v = new Vector3();
  private color = '#888';
  private chip = '';

  constructor(private readonly container: HTMLElement) {}

  /** Replaces the labels of one kind. */
  set(kind: LabelSpec['kind'], specs: LabelSpec[]): void {
    for (const l of this.live) if (l.spec.kind === kind) l.el.remove();
    this.live = this.live.filter((l) => l.spec.kind !== kind);
    for (const spec of specs) {
      const el = document.createElement('div');
      el.textContent = spec.text;
      el.style.cssText = `position:absolute;left:0;top:0;white-space:nowrap;pointer-events:none;will-change:transform;${STYLE[kind]}`;
      this.paint(el, kind);
      el.style.display = 'none';
      this.container.appendChild(el);
      this.live.push({ el, spec, px: NaN, py: NaN, shown: false });
    }
  }

  /** Sets the theme colours (text, and the selection chip's background). */
  setColors(text: string, chip: string): void {
    this.color = text; this.chip = chip;
    for (const l of this.live) this.paint(l.el, l.spec.kind);
  }

  private paint(el: HTMLDivElement, kind: LabelSpec['kind']): void {
    el.style.color = this.color;
    if (kind === 'selection') { el.style.background = this.chip; }
  }

  /** Moves labels for the camera and a width×height px viewport. */
  update(camera: Camera, width: number, height: number): void {
    let lastTierY = Infinity;
    for (const l of this.live) {
      this.v.set(l.spec.x, l.spec.y, l.spec.z).project(camera);
      const px = (this.v.x * 0.5 + 0.5) * width, py = (0.5 - this.v.y * 0.5) * height;
      let visible = this.v.z < 1 && this.v.z > -1 && Math.abs(this.v.x) <= 1.05 && Math.abs(this.v.y) <= 1.05;
      // Tier names, bottom up: one that would overlap the previous shown one stays hidden.
      // Tier names belong at the left end of the layers; zoomed in, that end drifts into the view and they go.
      if (visible && l.spec.kind === 'tier') {
        if (Math.abs(py - lastTierY) < 14 || px > width * 0.3 || px < 80) visible = false;
        else lastTierY = py;
      }
      if (visible !== l.shown) { l.el.style.display = visible ? 'block' : 'none'; l.shown = visible; }
      if (!visible) continue;
      if (Math.abs(px - l.px) < 0.5 && Math.abs(py - l.py) < 0.5) continue;
      l.px = px; l.py = py;
      const shift = l.spec.kind === 'tier' ? 'translate(-100%, -50%)' : l.spec.kind === 'selection' ? 'translate(-50%, -130%)' : 'translate(-50%, 0)';
      l.el.style.transform = `translate(${px.toFixed(1)}px, ${py.toFixed(1)}px) ${shift}`;
    }
  }

  /** Removes every label. */
  dispose(): void {
    for (const l of this.live) l.el.remove();
    this.live = [];
  }
}
