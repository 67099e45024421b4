/**
 * A plan's placement diff drawn as arrows: for each service, each node that gains a replica
 * (`to`) gets an arc from the nearest node that loses one (`from`), each `from` used once
 * while any is unused (pairMoves). Arcs are one LineSegments, heads one instanced cone mesh.
 */
import {
  BufferAttribute, BufferGeometry, Group, InstancedMesh, LineBasicMaterial, LineSegments, Matrix4, MeshBasicMaterial, Quaternion, Vector3,
} from 'three';
import { arcPoint } from './camera-math.ts';
import { arrowHeadGeometry } from './geometries.ts';

const ARC_STEPS = 20;
/** Most arrows drawn. */
export const MAX_ARROWS = 512;

/** Pairs gaining nodes with losing ones: each `to` takes the nearest unused `from` (then the nearest of all); none when `from` is empty. */
export function pairMoves(from: readonly number[], to: readonly number[], distance: (a: number, b: number) => number): [number, number][] {
  const out: [number, number][] = [];
  if (from.length === 0) return out;
  const used = new Array<boolean>(from.length).fill(false);
  let unused = from.length;
  for (const t of to) {
    let best = -1, bestD = Infinity;
    for (let k = 0; k < from.length; k++) {
      if (unused > 0 && used[k]) continue;
      const d = distance(from[k]!, t);
      if (d < bestD) { best = k; bestD = d; }
    }
    if (best < 0) continue;
    if (!used[best]) { used[best] = true; unused--; }
    out.push([from[best]!, t]);
  }
  return out;
}

/** The arrows. */
export class PlanLayer {
  readonly group = new Group();
  private readonly lines: LineSegments;
  private readonly heads: InstancedMesh;
  private readonly lineMat = new LineBasicMaterial({ color: 0xff00ff, depthTest: false, transparent: true });
  private readonly headMat = new MeshBasicMaterial({ color: 0xff00ff, depthTest: false, transparent: true });
  private readonly m = new Matrix4();
  private readonly q = new Quaternion();
  private readonly up = new Vector3(0, 1, 0);
  private readonly dir = new Vector3();
  private readonly p = new Vector3();
  private readonly s = new Vector3();
  private readonly pt = new Float32Array(6);

  constructor() {
    this.group.name = 'plan';
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(new Float32Array(MAX_ARROWS * ARC_STEPS * 6), 3));
    g.setDrawRange(0, 0);
    this.lines = new LineSegments(g, this.lineMat);
    this.heads = new InstancedMesh(arrowHeadGeometry(), this.headMat, MAX_ARROWS);
    this.heads.count = 0;
    for (const o of [this.lines, this.heads]) { o.frustumCulled = false; o.renderOrder = 8; this.group.add(o); }
  }

  /** Sets the arrow colour. */
  setColor(hex: string): void { this.lineMat.color.set(hex); this.headMat.color.set(hex); }

  /** Draws arrows between item positions (pairs of items; lift and head size in world units). */
  write(pairs: readonly [number, number][], itemPos: Float32Array, headSize: number): void {
    const P = (this.lines.geometry.getAttribute('position') as BufferAttribute).array as Float32Array;
    const n = Math.min(pairs.length, MAX_ARROWS);
    let v = 0;
    const pt = this.pt;
    for (let k = 0; k < n; k++) {
      const [a, b] = pairs[k]!;
      const dist = Math.hypot(itemPos[b * 3]! - itemPos[a * 3]!, itemPos[b * 3 + 2]! - itemPos[a * 3 + 2]!);
      const lift = dist * 0.3 + headSize * 2;
      arcPoint(itemPos, a * 3, itemPos, b * 3, 0, lift, pt, 0);
      for (let i = 1; i <= ARC_STEPS; i++) {
        // Stop short of the target so the head's tip lands on it.
        const t = (i / ARC_STEPS) * (1 - Math.min(0.3, (headSize * 0.7) / Math.max(dist, 1e-6)));
        arcPoint(itemPos, a * 3, itemPos, b * 3, t, lift, pt, 3);
        P.set(pt.subarray(0, 6), v * 3);
        v += 2;
        pt[0] = pt[3]!; pt[1] = pt[4]!; pt[2] = pt[5]!;
      }
      // Head: at the arc's end, pointing along its last step.
      const o = (v - 2) * 3;
      this.dir.set(P[o + 3]! - P[o]!, P[o + 4]! - P[o + 1]!, P[o + 5]! - P[o + 2]!).normalize();
      this.q.setFromUnitVectors(this.up, this.dir);
      this.p.set(P[o + 3]!, P[o + 4]!, P[o + 5]!);
      this.s.set(headSize, headSize, headSize);
      this.heads.setMatrixAt(k, this.m.compose(this.p, this.q, this.s));
    }
    this.lines.geometry.setDrawRange(0, v);
    (this.lines.geometry.getAttribute('position') as BufferAttribute).needsUpdate = true;
    this.heads.count = n;
    this.heads.instanceMatrix.needsUpdate = true;
    this.group.visible = n > 0;
  }

  /** Frees buffers. */
  dispose(): void {
    this.lines.geometry.dispose(); this.heads.geometry.dispose(); this.heads.dispose();
    this.lineMat.dispose(); this.headMat.dispose();
  }
}
