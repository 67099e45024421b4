/**
 * Replicas as small cubes stacked on their hosts (one instanced mesh, coloured by app; up to
 * four per column, columns around the top), and relocations as a cube flying on an arc from
 * the old host to the new one over FLIGHT_MS of wall time. While a flight is in the air, one
 * cube of that service on the new host is held back so it lands rather than appears.
 */
import { Color, Group, MeshBasicMaterial, type BufferGeometry } from 'three';
import { arcPoint, easeInOut } from './camera-math.ts';
import { cubeGeometry } from './geometries.ts';
import { InstancedLayer } from './instanced-layer.ts';
import { APP_COLORS } from './theme.ts';

/** How long a relocation flies, ms. */
export const FLIGHT_MS = 1000;
/** Most cubes drawn on one item. */
export const MAX_STACK = 24;
const PER_COLUMN = 4;

/** A replica in the air. */
interface Flight { service: number; from: number; to: number; startMs: number }

/** What a pass reads. */
export interface ReplicaPass {
  /** Replica node indices per service. */
  placement: readonly (readonly number[])[];
  /** Per service: app index. */
  serviceApp: Int32Array;
  nodeToItem: Int32Array;
  itemPos: Float32Array;
  itemDiameter: Float32Array;
  /** Per item: height of its glyph (so cubes sit on top). */
  itemHeight: Float32Array;
  itemCount: number;
  nowMs: number;
}

/** Top-of-host position of the k-th cube (cube size c) into out[o..]. */
export function stackOffset(k: number, c: number, out: Float32Array | number[], o = 0): void {
  const col = Math.floor(k / PER_COLUMN), row = k % PER_COLUMN;
  const a = ((col - 1) / 5) * Math.PI * 2;
  const r = col === 0 ? 0 : c * 1.35;
  out[o] = r * Math.cos(a);
  out[o + 1] = c * (0.65 + row * 1.15);
  out[o + 2] = r * Math.sin(a);
}

/** The replica cubes and flights. */
export class ReplicaLayer {
  readonly group = new Group();
  private readonly geometry: BufferGeometry = cubeGeometry();
  private readonly material = new MeshBasicMaterial({ color: 0xffffff, vertexColors: true });
  private readonly cubes: InstancedLayer;
  private readonly flying: InstancedLayer;
  private readonly flights: Flight[] = [];
  private readonly appLinear: Float32Array;
  private stackCount = new Int32Array(0);
  private readonly tmp = new Float32Array(6);
  private readonly at = new Float32Array(3);

  constructor() {
    this.group.name = 'replicas';
    this.cubes = new InstancedLayer(this.group, this.geometry, this.material, 256, true, 'replicas');
    this.flying = new InstancedLayer(this.group, this.geometry, this.material, 16, true, 'flights');
    const c = new Color();
    this.appLinear = new Float32Array(APP_COLORS.length * 3);
    APP_COLORS.forEach((hex, i) => { c.set(hex); this.appLinear[i * 3] = c.r; this.appLinear[i * 3 + 1] = c.g; this.appLinear[i * 3 + 2] = c.b; });
  }

  /** Starts a relocation flight (service index, node indices). */
  fly(service: number, from: number, to: number, nowMs: number): void {
    if (this.flights.length >= 64) this.flights.shift();
    this.flights.push({ service, from, to, startMs: nowMs });
  }

  /** True while a flight is in the air (the scene keeps rendering). */
  get animating(): boolean { return this.flights.length > 0; }

  /** Writes cubes and flights; returns whether anything will upload. */
  write(p: ReplicaPass): boolean {
    while (this.flights.length && p.nowMs - this.flights[0]!.startMs >= FLIGHT_MS) this.flights.shift();
    if (this.stackCount.length < p.itemCount) this.stackCount = new Int32Array(p.itemCount);
    const stack = this.stackCount;
    stack.fill(0, 0, p.itemCount);
    let total = 0;
    for (const reps of p.placement) total += reps.length;
    this.cubes.ensure(total);
    const w = this.cubes.writer, t = this.tmp;
    let n = 0;
    for (let s = 0; s < p.placement.length; s++) {
      const reps = p.placement[s]!;
      const ci = (p.serviceApp[s]! % APP_COLORS.length) * 3;
      let held = 0;
      for (const f of this.flights) if (f.service === s) held++;
      for (const node of reps) {
        const it = p.nodeToItem[node];
        if (it === undefined || it < 0) continue;
        if (held > 0 && this.flights.some((f) => f.service === s && f.to === node)) { held--; continue; }
        const k = stack[it]!++;
        if (k >= MAX_STACK) continue;
        const c = cubeSize(p.itemDiameter[it]!);
        stackOffset(k, c, t);
        w.transform(n, p.itemPos[it * 3]! + t[0]!, p.itemPos[it * 3 + 1]! + p.itemHeight[it]! / 2 + t[1]!, p.itemPos[it * 3 + 2]! + t[2]!, c, c, c);
        w.color(n, this.appLinear[ci]!, this.appLinear[ci + 1]!, this.appLinear[ci + 2]!);
        n++;
      }
    }
    let changed = w.commit(n);
    this.flying.ensure(this.flights.length);
    const fw = this.flying.writer;
    this.flights.forEach((f, i) => {
      const a = p.nodeToItem[f.from]!, b = p.nodeToItem[f.to]!;
      const c = cubeSize(p.itemDiameter[b]!);
      t[0] = p.itemPos[a * 3]!; t[1] = p.itemPos[a * 3 + 1]! + p.itemHeight[a]! / 2 + c; t[2] = p.itemPos[a * 3 + 2]!;
      t[3] = p.itemPos[b * 3]!; t[4] = p.itemPos[b * 3 + 1]! + p.itemHeight[b]! / 2 + c; t[5] = p.itemPos[b * 3 + 2]!;
      const dist = Math.hypot(t[3]! - t[0]!, t[4]! - t[1]!, t[5]! - t[2]!);
      const pos = this.at;
      arcPoint(t, 0, t, 3, easeInOut((p.nowMs - f.startMs) / FLIGHT_MS), dist * 0.35 + c * 2, pos);
      const ci = (p.serviceApp[f.service]! % APP_COLORS.length) * 3;
      fw.transform(i, pos[0]!, pos[1]!, pos[2]!, c * 1.3, c * 1.3, c * 1.3);
      fw.color(i, this.appLinear[ci]!, this.appLinear[ci + 1]!, this.appLinear[ci + 2]!);
    });
    changed = fw.commit(this.flights.length) || changed;
    return changed;
  }

  /** Frees buffers. */
  dispose(): void {
    this.cubes.dispose(); this.flying.dispose();
    this.geometry.dispose(); this.material.dispose();
  }
}

/** Cube edge for a host glyph of diameter d. */
function cubeSize(d: number): number {
  return Math.min(d * 0.3, 0.22 + d * 0.08);
}
