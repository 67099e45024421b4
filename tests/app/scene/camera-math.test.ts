/**
 * Camera math: fitBox puts every corner of the box inside the view with the padding, and at least
 * one corner on the padded edge (so it is as close as it can be); flyPose keeps the viewing
 * direction; arcs start and end at their ends and peak above the middle.
 */
import { PerspectiveCamera, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { arcPoint, easeInOut, fitBox, flyPose, viewDirection } from '../../../app/scene/camera-math.ts';

describe('fitBox', () => {
  for (const [min, max, aspect] of [[[-100, 0, -10], [100, 40, 10], 16 / 9], [[-1, 0, -1], [1, 1, 1], 0.5], [[0, 0, 0], [10, 50, 3], 1]] as const) {
    it(`box ${JSON.stringify(min)}..${JSON.stringify(max)} at aspect ${aspect.toFixed(2)}`, () => {
      const pose = fitBox(min, max, 40, aspect, viewDirection(0.35, 0.55), 1.1);
      const cam = new PerspectiveCamera(40, aspect, 0.01, 1e6);
      cam.position.set(...pose.position);
      cam.lookAt(...pose.target);
      cam.updateMatrixWorld();
      let edge = 0;
      for (let k = 0; k < 8; k++) {
        const v = new Vector3(k & 1 ? max[0] : min[0], k & 2 ? max[1] : min[1], k & 4 ? max[2] : min[2]).project(cam);
        expect(Math.abs(v.x)).toBeLessThanOrEqual(1 / 1.1 + 1e-6);
        expect(Math.abs(v.y)).toBeLessThanOrEqual(1 / 1.1 + 1e-6);
        edge = Math.max(edge, Math.abs(v.x), Math.abs(v.y));
      }
      expect(edge).toBeCloseTo(1 / 1.1, 4);
    });
  }
});

describe('fly and arcs', () => {
  it('flyPose keeps the direction from target to camera and sets the distance', () => {
    const pose = flyPose([0, 10, 10], [0, 0, 0], [5, 0, 5], 3);
    expect(pose.target).toEqual([5, 0, 5]);
    const d = pose.position.map((v, k) => v - pose.target[k]!);
    expect(Math.hypot(...d)).toBeCloseTo(3, 9);
    expect(d[1]! / d[2]!).toBeCloseTo(1, 9);
  });

  it('arcPoint: ends at the ends, lifted by lift/2 in the middle; easing is 0, 0.5, 1', () => {
    const a = [0, 0, 0], b = [10, 2, 0], out = [0, 0, 0];
    arcPoint(a, 0, b, 0, 0, 4, out); expect(out).toEqual([0, 0, 0]);
    arcPoint(a, 0, b, 0, 1, 4, out); expect(out).toEqual([10, 2, 0]);
    arcPoint(a, 0, b, 0, 0.5, 4, out); expect(out[0]).toBeCloseTo(5); expect(out[1]).toBeCloseTo(1 + 2);
    expect([easeInOut(0), easeInOut(0.5), easeInOut(1), easeInOut(2)]).toEqual([0, 0.5, 1, 1]);
  });
});
