/**
 * The scene's meshes in Node (three.js needs no WebGL to build and fill buffers): instance
 * writes upload only what changed (an unchanged frame queues no update range; one node's new CPU
 * queues one instance's colour); metro at 25 s draws station-04-edge down (flattened, with an X);
 * every shown item has exactly one instance; the selected node gets the ring; picking at a node's
 * projected position finds it; a relocation flies for about a second; a plan diff draws arrows.
 */
import { InstancedMesh, BoxGeometry, MeshBasicMaterial, PerspectiveCamera, type Mesh, type Object3D } from 'three';
import { describe, expect, it } from 'vitest';
import { NODE_DOWN } from '../../../sim-core/twin/frame.ts';
import { initialState, type AppState } from '../../../app/store/store.ts';
import { fitBox, viewDirection } from '../../../app/scene/camera-math.ts';
import { FabricScene, type UpdateInput } from '../../../app/scene/fabric-scene.ts';
import { InstanceWriter } from '../../../app/scene/instance-writer.ts';
import { simulation } from './fixtures.ts';

describe('InstanceWriter', () => {
  it('queues only the changed span; an unchanged pass queues nothing', () => {
    const mesh = new InstancedMesh(new BoxGeometry(), new MeshBasicMaterial(), 10);
    const w = new InstanceWriter(mesh, true);
    for (let i = 0; i < 5; i++) { w.transform(i, i + 1, 0, 0, 1, 1, 1); w.color(i, 0.5, 0.5, 0.5); }
    expect(w.commit(5)).toBe(true);
    expect(mesh.count).toBe(5);
    expect(mesh.instanceMatrix.updateRanges).toEqual([{ start: 0, count: 80 }]);
    expect(mesh.instanceColor!.updateRanges).toEqual([{ start: 0, count: 15 }]);
    mesh.instanceMatrix.clearUpdateRanges(); mesh.instanceColor!.clearUpdateRanges();
    const version = mesh.instanceMatrix.version;
    for (let i = 0; i < 5; i++) { w.transform(i, i + 1, 0, 0, 1, 1, 1); w.color(i, 0.5, 0.5, 0.5); }
    expect(w.commit(5)).toBe(false);
    expect(mesh.instanceMatrix.version).toBe(version);
    expect(mesh.instanceMatrix.updateRanges).toEqual([]);
    w.transform(3, 4, 1, 0, 1, 1, 1);
    w.commit(5);
    expect(mesh.instanceMatrix.updateRanges).toEqual([{ start: 48, count: 16 }]);
    expect(mesh.instanceColor!.updateRanges).toEqual([]);
    expect(w.commit(0)).toBe(true);
    expect(mesh.visible).toBe(false);
  });
});

describe('FabricScene on metro-operations', () => {
  const sim = simulation('metro-operations');
  const d = sim.describe();
  const frame = sim.createFrame();
  sim.advanceTo(25_000);
  sim.snapshotInto(frame);
  const scene = new FabricScene(d, 'tiers', 4000);
  const camera = new PerspectiveCamera(40, 1280 / 720, 0.1, 10_000);
  const { min, max } = scene.bounds();
  const pose = fitBox(min, max, 40, 1280 / 720, viewDirection(0.35, 0.55));
  camera.position.set(...pose.position);
  camera.lookAt(...pose.target);
  camera.updateMatrixWorld();
  const state: AppState = { ...initialState(), description: d, placement: d.services.map((s) => s.replicas) };
  let now = 0, version = 1;
  const input = (over: Partial<UpdateInput> = {}): UpdateInput => ({ frame, frameVersion: version, state, camera, heightPx: 720, nowMs: now, hover: null, ...over });
  const meshes = () => {
    const out: Record<string, InstancedMesh> = {};
    scene.root.traverse((o: Object3D) => { if ((o as InstancedMesh).isInstancedMesh) out[o.name] = o as InstancedMesh; });
    return out;
  };
  const clearRanges = () => {
    for (const m of Object.values(meshes())) { m.instanceMatrix.clearUpdateRanges(); m.instanceColor?.clearUpdateRanges(); }
  };
  scene.update(input());
  now += 200;
  scene.update(input()); // the level-of-detail pass runs at most every 150 ms

  it('the fitted view shows every node one by one; each item has one instance', () => {
    expect(scene.display.count).toBe(172);
    const m = meshes();
    const drawn = [0, 1, 2, 3, 4].reduce((a, t) => a + (m[`tier-${t}`]?.count ?? 0), 0) + (m.aggregates?.visible ? m.aggregates.count : 0);
    expect(drawn).toBe(scene.display.count);
    expect(m['tier-0']!.count).toBe(144);
  });

  it('station-04-edge is down: flattened, grey and crossed', () => {
    const i = d.nodes.findIndex((x) => x.id === 'station-04-edge');
    expect(frame.nodeState[i]).toBe(NODE_DOWN);
    const it = scene.display.nodeToItem[i]!;
    expect(scene.stats.state[it]).toBe(NODE_DOWN);
    const m = meshes();
    expect(m['mark-0']!.count).toBe(1);
    // The X sits on the node.
    const e = m['mark-0']!.instanceMatrix.array;
    expect([e[12], e[13], e[14]]).toEqual(Array.from(scene.itemPos.subarray(it * 3, it * 3 + 3)));
  });

  it('an unchanged frame uploads nothing; one changed CPU uploads one colour', () => {
    clearRanges();
    now += 16;
    scene.update(input());
    for (const m of Object.values(meshes())) {
      expect(m.instanceMatrix.updateRanges, m.name).toEqual([]);
      expect(m.instanceColor?.updateRanges ?? [], m.name).toEqual([]);
    }
    const gw = d.nodes.findIndex((x) => x.id === 'station-02-gw');
    frame.nodeCpu[gw] = 0.97;
    version++;
    now += 16;
    scene.update(input());
    const tier1 = meshes()['tier-1']!;
    expect(tier1.instanceColor!.updateRanges.length).toBe(1);
    expect(tier1.instanceColor!.updateRanges[0]!.count).toBe(3);
    expect(tier1.instanceMatrix.updateRanges).toEqual([]);
  });

  it('the selected node has the ring; picking at its projected position finds it', () => {
    const i = d.nodes.findIndex((x) => x.id === 'dc-centre');
    now += 16;
    scene.update(input({ state: { ...state, selection: { kind: 'node', index: i } } }));
    const ring = scene.root.getObjectByName('nodes')!.children.find((c) => c.visible && (c as Mesh).isMesh && !(c as InstancedMesh).isInstancedMesh && c.renderOrder === 10)!;
    const it = scene.display.nodeToItem[i]!;
    expect(ring.position.toArray()).toEqual(Array.from(scene.itemPos.subarray(it * 3, it * 3 + 3)));
    const v = ring.position.clone().project(camera);
    const hit = scene.pick(camera, (v.x * 0.5 + 0.5) * 1280, (0.5 - v.y * 0.5) * 720, 1280, 720);
    expect(hit).toEqual({ kind: 'item', item: it });
  });

  it('a relocation flies for about a second; a plan diff draws one arrow per move', () => {
    const from = d.nodes.findIndex((x) => x.id === 'station-04-edge'), to = d.nodes.findIndex((x) => x.id === 'station-07-edge');
    scene.relocated(d.services[1]!.key, from, to, now);
    now += 500;
    expect(scene.update(input())).toBe(true);
    expect(meshes().flights!.count).toBe(1);
    now += 600;
    scene.update(input());
    expect(meshes().flights!.visible).toBe(false);
    now += 16;
    scene.update(input({ state: { ...state, planDiff: [{ service: d.services[1]!.key, from: [from], to: [to] }] } }));
    const plan = scene.root.getObjectByName('plan')!;
    expect(plan.visible).toBe(true);
    expect((plan.children[1] as InstancedMesh).count).toBe(1);
  });
});
