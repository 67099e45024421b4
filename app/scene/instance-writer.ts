/**
 * Writes instances of an InstancedMesh in place, touching only what changed: each write
 * compares the new translation, scale and colour with what the buffers already hold (as
 * float32), and the frame's changed span becomes one `addUpdateRange` per attribute, so an
 * unchanged frame uploads nothing. Matrices are translation × scale (no rotation): only their
 * diagonal and last column are ever written; the rest stays as the identity the mesh starts with.
 */
import { InstancedBufferAttribute, type InstancedMesh } from 'three';

const f = Math.fround;

/** Change tracking for one instanced mesh. */
export class InstanceWriter {
  private minM = Infinity;
  private maxM = -1;
  private minC = Infinity;
  private maxC = -1;
  private readonly m: Float32Array;
  private readonly c: Float32Array | null;

  constructor(readonly mesh: InstancedMesh, withColor: boolean) {
    this.m = mesh.instanceMatrix.array as Float32Array;
    if (withColor) {
      if (!mesh.instanceColor) {
        mesh.instanceColor = new InstancedBufferAttribute(new Float32Array(mesh.instanceMatrix.count * 3).fill(1), 3);
      }
      this.c = mesh.instanceColor.array as Float32Array;
    } else this.c = null;
    mesh.instanceMatrix.setUsage(35048); // DynamicDrawUsage
    mesh.count = 0;
  }

  /** How many instances the buffers hold. */
  get capacity(): number { return this.mesh.instanceMatrix.count; }

  /** Sets instance `i` to translate (x, y, z) and scale (sx, sy, sz); returns whether anything changed. */
  transform(i: number, x: number, y: number, z: number, sx: number, sy: number, sz: number): boolean {
    const m = this.m, o = i * 16;
    const fx = f(x), fy = f(y), fz = f(z), fsx = f(sx), fsy = f(sy), fsz = f(sz);
    if (m[o] === fsx && m[o + 5] === fsy && m[o + 10] === fsz && m[o + 12] === fx && m[o + 13] === fy && m[o + 14] === fz) return false;
    m[o] = fsx; m[o + 5] = fsy; m[o + 10] = fsz; m[o + 12] = fx; m[o + 13] = fy; m[o + 14] = fz;
    if (i < this.minM) this.minM = i;
    if (i > this.maxM) this.maxM = i;
    return true;
  }

  /** Sets instance `i`'s colour (linear RGB); returns whether it changed. */
  color(i: number, r: number, g: number, b: number): boolean {
    const c = this.c;
    if (!c) return false;
    const o = i * 3, fr = f(r), fg = f(g), fb = f(b);
    if (c[o] === fr && c[o + 1] === fg && c[o + 2] === fb) return false;
    c[o] = fr; c[o + 1] = fg; c[o + 2] = fb;
    if (i < this.minC) this.minC = i;
    if (i > this.maxC) this.maxC = i;
    return true;
  }

  /** Ends a pass: `count` instances are drawn; changed spans are queued for upload. Returns whether anything will upload. */
  commit(count: number): boolean {
    const mesh = this.mesh;
    const changed = this.maxM >= 0 || this.maxC >= 0 || mesh.count !== count;
    mesh.count = count;
    // An empty instanced draw still costs a draw call's setup on a software renderer.
    mesh.visible = count > 0;
    if (this.maxM >= 0) {
      mesh.instanceMatrix.addUpdateRange(this.minM * 16, (this.maxM - this.minM + 1) * 16);
      mesh.instanceMatrix.needsUpdate = true;
    }
    if (this.maxC >= 0 && mesh.instanceColor) {
      mesh.instanceColor.addUpdateRange(this.minC * 3, (this.maxC - this.minC + 1) * 3);
      mesh.instanceColor.needsUpdate = true;
    }
    this.minM = this.minC = Infinity;
    this.maxM = this.maxC = -1;
    return changed;
  }
}
