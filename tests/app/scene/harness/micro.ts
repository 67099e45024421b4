/** Micro benchmark: N instances of one geometry, to see what SwiftShader pays per instance and per vertex. */
import * as THREE from 'three';
import { mergeVertices } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
const q = new URLSearchParams(location.search);
const n = Number(q.get('n') ?? 10000);
const geo = q.get('g') ?? 'box';
const mat = q.get('m') ?? 'lambert';
const size = Number(q.get('s') ?? 0.3);
const G: Record<string, () => THREE.BufferGeometry> = {
  box: () => new THREE.BoxGeometry(1, 1, 1),
  ico0: () => new THREE.IcosahedronGeometry(0.5, 0),
  ico1: () => new THREE.IcosahedronGeometry(0.5, 1),
  ico0i: () => mergeVertices(new THREE.IcosahedronGeometry(0.5, 0)),
  octa: () => new THREE.OctahedronGeometry(0.5),
  tetra: () => new THREE.TetrahedronGeometry(0.5),
  hex: () => new THREE.CylinderGeometry(0.5, 0.5, 1, 6, 1),
  tri: () => { const g = new THREE.BufferGeometry(); g.setAttribute('position', new THREE.BufferAttribute(new Float32Array([0, 0.5, 0, -0.5, -0.5, 0, 0.5, -0.5, 0]), 3)); g.computeVertexNormals(); return g; },
};
const renderer = new THREE.WebGLRenderer({ antialias: false });
renderer.setSize(innerWidth, innerHeight);
document.body.appendChild(renderer.domElement);
renderer.domElement.setAttribute('role', 'img');
const scene = new THREE.Scene();
scene.background = new THREE.Color(0x0e1116);
scene.add(new THREE.HemisphereLight(0xffffff, 0x888888, 2), new THREE.DirectionalLight(0xffffff, 1));
const camera = new THREE.PerspectiveCamera(40, innerWidth / innerHeight, 0.1, 1000);
camera.position.set(0, 60, 90); camera.lookAt(0, 0, 0);
const material = mat === 'basic' ? new THREE.MeshBasicMaterial() : mat === 'lambert' ? new THREE.MeshLambertMaterial() : new THREE.MeshStandardMaterial();
const mesh = new THREE.InstancedMesh(G[geo]!(), material, n);
const side = Math.ceil(Math.sqrt(n));
const m = new THREE.Matrix4();
for (let i = 0; i < n; i++) { m.makeScale(size, size, size); m.setPosition((i % side - side / 2) * 100 / side, 0, (Math.floor(i / side) - side / 2) * 60 / side); mesh.setMatrixAt(i, m); mesh.setColorAt(i, new THREE.Color().setHSL(i / n, 0.6, 0.5)); }
mesh.frustumCulled = false;
if (q.get('merged') === '1') {
  const base = G[geo]!().toNonIndexed();
  const pos = base.getAttribute('position').array as Float32Array, nor = base.getAttribute('normal').array as Float32Array;
  const P = new Float32Array(pos.length * n), N = new Float32Array(nor.length * n), C = new Float32Array(pos.length * n);
  for (let i = 0; i < n; i++) {
    const x = (i % side - side / 2) * 100 / side, z = (Math.floor(i / side) - side / 2) * 60 / side;
    for (let k = 0; k < pos.length; k += 3) { P[i * pos.length + k] = pos[k]! * size + x; P[i * pos.length + k + 1] = pos[k + 1]! * size; P[i * pos.length + k + 2] = pos[k + 2]! * size + z; C[i * pos.length + k] = 0.5; C[i * pos.length + k + 1] = (i / n); C[i * pos.length + k + 2] = 0.3; }
    N.set(nor, i * nor.length);
  }
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(P, 3)); g.setAttribute('normal', new THREE.BufferAttribute(N, 3)); g.setAttribute('color', new THREE.BufferAttribute(C, 3));
  (material as THREE.MeshLambertMaterial).vertexColors = true;
  scene.add(new THREE.Mesh(g, material));
} else if (q.get('hide') !== '1') scene.add(mesh);
let t = 0;
function loop() { t++; camera.position.x = Math.sin(t / 100) * 5; camera.lookAt(0, 0, 0); renderer.render(scene, camera); requestAnimationFrame(loop); }
loop();
(globalThis as Record<string, unknown>).harness = { pushFrame() {}, setupMs: 0 };
