/**
 * Point labels that do not collide: each label tries eight spots around its mark (right first,
 * then left, above, below, the diagonals) and takes the first that overlaps no placed label, no
 * other mark and stays in the plot; when none is free, the spot with the least overlap. Marks at
 * the same spot share one label ("edge-ward, latency-aware"). Deterministic and pure.
 */

/** An axis-aligned box. */
export interface Box { x: number; y: number; w: number; h: number }

/** A mark to label: its centre, radius and text. */
export interface LabelRequest { cx: number; cy: number; r: number; text: string }

/** Where a label goes: its text baseline point and anchor. */
export interface PlacedLabel { x: number; y: number; anchor: 'start' | 'middle' | 'end'; box: Box }

/** Approximate width of `text` at the 11 px label font (no DOM to measure with). */
export function textWidth(text: string, charPx = 6.3): number {
  return text.length * charPx;
}

/** Area of the intersection of two boxes. */
export function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

const LINE = 12;
const ASCENT = 9;

function candidates(m: LabelRequest, tw: number): PlacedLabel[] {
  const d = m.r * 0.72;
  const at = (x: number, y: number, anchor: PlacedLabel['anchor']): PlacedLabel => {
    const left = anchor === 'start' ? x : anchor === 'end' ? x - tw : x - tw / 2;
    return { x, y, anchor, box: { x: left, y: y - ASCENT, w: tw, h: LINE } };
  };
  return [
    at(m.cx + m.r + 4, m.cy + 4, 'start'),
    at(m.cx - m.r - 4, m.cy + 4, 'end'),
    at(m.cx, m.cy - m.r - 5, 'middle'),
    at(m.cx, m.cy + m.r + ASCENT + 4, 'middle'),
    at(m.cx + d + 3, m.cy - d - 3, 'start'),
    at(m.cx + d + 3, m.cy + d + ASCENT + 2, 'start'),
    at(m.cx - d - 3, m.cy - d - 3, 'end'),
    at(m.cx - d - 3, m.cy + d + ASCENT + 2, 'end'),
  ];
}

/** Places one label per request inside [0, w] × [0, h], in request order, avoiding `obstacles` (lines drawn in the plot) too. */
export function placeLabels(marks: readonly LabelRequest[], area: { w: number; h: number }, obstacles: readonly Box[] = []): PlacedLabel[] {
  const placed: Box[] = [];
  const markBoxes = marks.map((m) => ({ x: m.cx - m.r, y: m.cy - m.r, w: 2 * m.r, h: 2 * m.r }));
  return marks.map((m, i) => {
    const tw = textWidth(m.text);
    let best: PlacedLabel | null = null;
    let bestCost = Infinity;
    for (const c of candidates(m, tw)) {
      let cost = 0;
      for (const p of placed) cost += overlapArea(c.box, p) * 4;
      markBoxes.forEach((b, j) => { if (j !== i) cost += overlapArea(c.box, b); });
      for (const b of obstacles) cost += overlapArea(c.box, b) * 2;
      const outside = tw * LINE - overlapArea(c.box, { x: 0, y: 0, w: area.w, h: area.h });
      cost += outside * 8;
      if (cost < bestCost - 1e-9) { best = c; bestCost = cost; }
      if (cost === 0) break;
    }
    placed.push(best!.box);
    return best!;
  });
}

/** Groups points closer than `px` (in drawing units) so they share one label; returns index groups in first-seen order. */
export function groupCoincident(points: readonly { x: number; y: number }[], px = 2): number[][] {
  const groups: number[][] = [];
  points.forEach((p, i) => {
    const g = groups.find((grp) => { const q = points[grp[0]!]!; return Math.abs(q.x - p.x) < px && Math.abs(q.y - p.y) < px; });
    if (g) g.push(i); else groups.push([i]);
  });
  return groups;
}
