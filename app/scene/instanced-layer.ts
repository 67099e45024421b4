/**
 * One instanced mesh that grows when more instances are needed (a new mesh with twice the
 * room replaces it in its parent; geometry and material are kept). Frustum culling is off:
 * instances move every frame and an instanced mesh's bounding sphere would go stale.
 */
import { type BufferGeometry, InstancedMesh, type Material, type Object3D } from 'three';
import { InstanceWriter } from './instance-writer.ts';

/** A growable instanced mesh with its change-tracking writer. */
export class InstancedLayer {
  mesh: InstancedMesh;
  writer: InstanceWriter;

  constructor(private readonly parent: Object3D, readonly geometry: BufferGeometry, readonly material: Material, capacity: number, private readonly withColor: boolean, readonly name: string) {
    this.mesh = this.create(Math.max(1, capacity));
    this.writer = new InstanceWriter(this.mesh, withColor);
    parent.add(this.mesh);
  }

  private create(capacity: number): InstancedMesh {
    const m = new InstancedMesh(this.geometry, this.material, capacity);
    m.frustumCulled = false;
    m.name = this.name;
    return m;
  }

  /** Makes room for `count` instances (contents are rewritten by the caller's next pass). */
  ensure(count: number): void {
    if (count <= this.writer.capacity) return;
    const old = this.mesh;
    this.mesh = this.create(Math.max(count, this.writer.capacity * 2));
    this.mesh.renderOrder = old.renderOrder;
    this.writer = new InstanceWriter(this.mesh, this.withColor);
    this.parent.remove(old);
    old.dispose();
    this.parent.add(this.mesh);
  }

  /** Frees the mesh's buffers (geometry and material belong to the caller). */
  dispose(): void {
    this.parent.remove(this.mesh);
    this.mesh.dispose();
  }
}
