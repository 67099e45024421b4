/**
 * Quiet context lines: in the tier layout an outline per tier layer (the "shelves" the tiers
 * stand on), in the geo layout a ground grid. One LineSegments, rebuilt only with the layout.
 */
import { BufferAttribute, BufferGeometry, LineBasicMaterial, LineSegments } from 'three';
import { T_CLOUD, type Hierarchy } from './hierarchy.ts';
import type { Layout } from './layout.ts';

/** Box of all node positions: [minX, minY, minZ], [maxX, maxY, maxZ]. */
export function layoutBounds(pos: Float32Array): { min: [number, number, number]; max: [number, number, number] } {
  const min: [number, number, number] = [Infinity, Infinity, Infinity], max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < pos.length; i += 3) {
    for (let k = 0; k < 3; k++) { const v = pos[i + k]!; if (v < min[k]!) min[k] = v; if (v > max[k]!) max[k] = v; }
  }
  if (!(min[0] <= max[0])) return { min: [-1, 0, -1], max: [1, 1, 1] };
  return { min, max };
}

/** Line vertices (xyz per vertex, pairs) of the backdrop for a layout. */
export function backdropLines(L: Layout, h: Hierarchy, pos: Float32Array): Float32Array {
  const { min, max } = layoutBounds(pos);
  const pad = Math.max(1.5 * L.glyphScale, (max[0] - min[0]) * 0.02);
  const x0 = min[0] - pad, x1 = max[0] + pad, z0 = min[2] - pad, z1 = max[2] + pad;
  const out: number[] = [];
  if (L.kind === 'tiers') {
    const present = new Set<number>();
    for (let i = 0; i < h.nodeCount; i++) present.add(h.tier[i]!);
    for (const t of [...present].sort()) {
      const y = L.tierY[t]! - 0.02;
      // Upper tiers hold few nodes: their shelf is narrower so it does not read as a wall.
      const shrink = t >= T_CLOUD - 1 ? 0.5 : 1;
      const cx = (x0 + x1) / 2, hx = ((x1 - x0) / 2) * (t >= T_CLOUD - 1 ? 0.6 : 1), cz = (z0 + z1) / 2, hz = ((z1 - z0) / 2) * shrink;
      const a = [cx - hx, cz - hz], b = [cx + hx, cz - hz], c = [cx + hx, cz + hz], d = [cx - hx, cz + hz];
      for (const [p, q] of [[a, b], [b, c], [c, d], [d, a]] as const) out.push(p[0]!, y, p[1]!, q[0]!, y, q[1]!);
    }
  } else {
    const span = Math.max(x1 - x0, z1 - z0);
    const step = Math.pow(10, Math.floor(Math.log10(span / 8)));
    const sx = Math.floor(x0 / step) * step, sz = Math.floor(z0 / step) * step;
    for (let x = sx; x <= x1 + 1e-9; x += step) out.push(x, 0, sz, x, 0, z1);
    for (let z = sz; z <= z1 + 1e-9; z += step) out.push(sx, 0, z, x1, 0, z);
  }
  return Float32Array.from(out);
}

/** The backdrop object. */
export function createBackdrop(L: Layout, h: Hierarchy, pos: Float32Array, color: string): LineSegments {
  const g = new BufferGeometry();
  g.setAttribute('position', new BufferAttribute(backdropLines(L, h, pos), 3));
  const line = new LineSegments(g, new LineBasicMaterial({ color, transparent: true, opacity: 0.9 }));
  line.name = 'backdrop';
  line.renderOrder = -1;
  return line;
}
