/**
 * The shapes the scene draws, each about one unit across (instances scale them): the shape
 * tells the tier (sensor sphere, gateway octahedron, edge cube, regional tall box, cloud
 * icosahedron; aggregates are hexagonal prisms) and the markers tell state and flags (down: an
 * X of crossed bars; suspect: a ring; controller: a crown; autonomous: a small tetrahedron;
 * buffering: a small flat disc). Low polygon counts on purpose: the software renderer pays
 * per vertex.
 */
import {
  BoxGeometry, BufferAttribute, type BufferGeometry, ConeGeometry, CylinderGeometry, IcosahedronGeometry, OctahedronGeometry, TetrahedronGeometry, TorusGeometry,
} from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';

/** Direction of the baked light (normalised in bakeShading). */
const LIGHT = [0.35, 1, 0.55];

/**
 * Bakes a fixed light into a `color` attribute (shade = 0.62 + 0.38 · max(0, n · light), from
 * the vertex normals), so glyphs can use an unlit material: one multiply per pixel instead of a
 * lighting model, which a software renderer pays for every covered pixel. Returns the geometry.
 */
export function bakeShading(g: BufferGeometry): BufferGeometry {
  const nrm = g.getAttribute('normal');
  const l = Math.hypot(LIGHT[0]!, LIGHT[1]!, LIGHT[2]!);
  const out = new Float32Array(nrm.count * 3);
  for (let i = 0; i < nrm.count; i++) {
    const d = (nrm.getX(i) * LIGHT[0]! + nrm.getY(i) * LIGHT[1]! + nrm.getZ(i) * LIGHT[2]!) / l;
    const shade = 0.62 + 0.38 * Math.max(0, d);
    out[i * 3] = out[i * 3 + 1] = out[i * 3 + 2] = shade;
  }
  g.setAttribute('color', new BufferAttribute(out, 3));
  return g;
}

/** Geometry per tier (T_* order); unit height (regional and cloud aspect comes from the instance scale). */
export function tierGeometries(): BufferGeometry[] {
  return [
    new IcosahedronGeometry(0.5, 1),
    new OctahedronGeometry(0.5, 0),
    new BoxGeometry(1, 1, 1),
    new BoxGeometry(1, 1, 1),
    new IcosahedronGeometry(0.5, 0),
  ].map(bakeShading);
}

/** Hexagonal prism for aggregates (sensor groups, sites, zones). */
export function aggregateGeometry(): BufferGeometry {
  return bakeShading(new CylinderGeometry(0.5, 0.5, 1, 6, 1));
}

/** An X of two crossed bars, doubled at right angles so it reads from the front and the side. */
export function crossGeometry(): BufferGeometry {
  const bars: BufferGeometry[] = [];
  for (const yaw of [0, Math.PI / 2]) {
    for (const roll of [Math.PI / 4, -Math.PI / 4]) {
      const b = new BoxGeometry(1.25, 0.16, 0.16);
      b.rotateZ(roll);
      b.rotateY(yaw);
      bars.push(b);
    }
  }
  const g = mergeGeometries(bars);
  for (const b of bars) b.dispose();
  return g;
}

/** A flat ring around a node (lies in the x–z plane). */
export function ringGeometry(tube = 0.06): BufferGeometry {
  const g = new TorusGeometry(0.5, tube, 6, 28);
  g.rotateX(Math.PI / 2);
  return g;
}

/** A crown: a band with five points. */
export function crownGeometry(): BufferGeometry {
  const parts: BufferGeometry[] = [new CylinderGeometry(0.5, 0.5, 0.3, 12, 1, true)];
  for (let k = 0; k < 6; k++) {
    const c = new ConeGeometry(0.09, 0.45, 4);
    const a = (k / 6) * Math.PI * 2;
    c.translate(Math.cos(a) * 0.5, 0.37, Math.sin(a) * 0.5);
    parts.push(c);
  }
  const g = mergeGeometries(parts);
  for (const p of parts) p.dispose();
  return g;
}

/** Autonomy marker. */
export function tetraGeometry(): BufferGeometry {
  return new TetrahedronGeometry(0.5, 0);
}

/** Buffering marker: a flat disc (a stack of stored messages). */
export function discGeometry(): BufferGeometry {
  return new CylinderGeometry(0.5, 0.5, 0.35, 10, 1);
}

/** Replica glyph. */
export function cubeGeometry(): BufferGeometry {
  return bakeShading(new BoxGeometry(1, 1, 1));
}

/** Arrow head (points along +y). */
export function arrowHeadGeometry(): BufferGeometry {
  return new ConeGeometry(0.5, 1.4, 8);
}
