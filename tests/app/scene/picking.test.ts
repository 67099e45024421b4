/**
 * Screen-space picking: points project like three's Vector3.project; the pointer picks the
 * glyph it is over (nearest relative to its radius, the nearer to the camera on ties), nothing
 * when off every glyph; segments are picked within a few px of the line.
 */
import { Matrix4, PerspectiveCamera, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { createProjected, distanceToSegment, pickPoint, pickSegment, projectPoints } from '../../../app/scene/picking.ts';

const cam = new PerspectiveCamera(45, 800 / 600, 0.1, 1000);
cam.position.set(0, 0, 10);
cam.lookAt(0, 0, 0);
cam.updateMatrixWorld();
const vp = new Matrix4().multiplyMatrices(cam.projectionMatrix, cam.matrixWorldInverse).elements;
const focal = 600 / (2 * Math.tan((45 * Math.PI) / 360));

describe('picking', () => {
  const pts = Float32Array.from([0, 0, 0, 1, 0, 0, 0, 0, 5, 0, 0, 20]);
  const p = createProjected(4);
  projectPoints(vp, pts, 4, 800, 600, p);

  it('projects like Vector3.project (y down in px); behind the camera has w <= 0', () => {
    const v = new Vector3(1, 0, 0).project(cam);
    expect(p.x[1]).toBeCloseTo((v.x * 0.5 + 0.5) * 800, 3);
    expect(p.y[1]).toBeCloseTo((0.5 - v.y * 0.5) * 600, 3);
    expect(p.x[0]).toBeCloseTo(400, 3);
    expect(p.w[3]).toBeLessThanOrEqual(0);
  });

  it('picks the glyph under the pointer; the nearer one where two overlap; nothing elsewhere', () => {
    const radius = [0.2, 0.2, 0.2, 0.2];
    expect(pickPoint(p, radius, focal, p.x[1]!, p.y[1]!)).toBe(1);
    // Points 0 and 2 project to the same pixel; 2 is nearer the camera.
    expect(pickPoint(p, radius, focal, 400, 300)).toBe(2);
    expect(pickPoint(p, radius, focal, 50, 50)).toBe(-1);
  });

  it('segments: the nearest within the slack', () => {
    expect(distanceToSegment(5, 5, 0, 0, 10, 0)).toBe(5);
    expect(distanceToSegment(-3, 4, 0, 0, 10, 0)).toBe(5);
    const q = createProjected(3);
    q.x.set([0, 100, 100]); q.y.set([0, 0, 100]); q.w.set([1, 1, 1]); q.count = 3;
    expect(pickSegment(q, [0, 1], [1, 2], 2, 50, 3)).toBe(0);
    expect(pickSegment(q, [0, 1], [1, 2], 2, 98, 50)).toBe(1);
    expect(pickSegment(q, [0, 1], [1, 2], 2, 50, 50)).toBe(-1);
  });
});
