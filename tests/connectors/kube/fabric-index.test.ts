/**
 * The informers' incremental fabric index, checked against a rebuild from scratch (kubeFabric over
 * the same objects) after random sequences of node and pod adds, updates and deletes, malformed
 * objects and pods moving between nodes included (fast-check; the seed is printed on failure).
 * The objects have the shapes the Kubernetes API STAND-IN serves (no API server installs here).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FabricIndex } from '../../../connectors/kubernetes/fabric-index.ts';
import { kubeFabric } from '../../../connectors/kubernetes/to-fabric.ts';
import { nodeObject, podObject } from '../support/kube-stand-in.ts';

console.log('[fabric-index.test.ts] NOTE: node and pod objects shaped as the Kubernetes API STAND-IN serves them (no API server installs on this machine).');

const NODES = ['n1', 'n2', 'n3'];
const op = fc.oneof(
  fc.record({ r: fc.constant('nodes' as const), name: fc.constantFrom(...NODES), del: fc.boolean(), ready: fc.constantFrom('True', 'False', 'Unknown'), cpu: fc.constantFrom('2', '500m', 'bad') }),
  fc.record({ r: fc.constant('pods' as const), name: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5'), del: fc.boolean(), node: fc.constantFrom(undefined, ...NODES, 'gone'), app: fc.constantFrom('a', 'b'), phase: fc.constantFrom('Running', 'Succeeded', 'Pending'), bad: fc.boolean() }),
);

describe('FabricIndex (incremental) equals kubeFabric (rebuild)', () => {
  it('after random changes', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      const idx = new FabricIndex();
      const nodes = new Map<string, unknown>(), pods = new Map<string, unknown>();
      for (const o of ops) {
        const key = o.r === 'nodes' ? `/${o.name}` : `shop/${o.name}`;
        const store = o.r === 'nodes' ? nodes : pods;
        if (o.del) {
          if (!store.has(key)) continue;
          const obj = store.get(key);
          store.delete(key);
          idx.apply(o.r, 'delete', key, obj, 7);
          continue;
        }
        const obj = o.r === 'nodes'
          ? nodeObject({ name: o.name, ready: o.ready as 'True', cpu: o.cpu })
          : { ...podObject({ name: o.name, namespace: 'shop', labels: { app: o.app }, ...(o.node ? { nodeName: o.node } : {}), phase: o.phase }), ...(o.bad ? { metadata: { name: o.name, namespace: 'shop', labels: { app: o.app, n: 5 } } } : {}) };
        const type = store.has(key) ? 'update' : 'add';
        store.set(key, obj);
        idx.apply(o.r, type, key, obj, 7);
      }
      const rebuilt = kubeFabric([...nodes.values()], [...pods.values()], 7);
      const got = idx.fabric();
      expect(got.placements).toEqual(rebuilt.placements);
      expect(got.fleet).toEqual(rebuilt.fleet);
      expect(got.twinNodes).toEqual(rebuilt.twinNodes);
      expect(got.malformed).toEqual(rebuilt.malformed);
      for (const n of rebuilt.fleet) expect(idx.fleetNode(n.id)).toEqual(n);
    }), { numRuns: 300 });
  });

  it('a pod moving between nodes affects both', () => {
    const idx = new FabricIndex();
    idx.apply('pods', 'add', 'shop/p', podObject({ name: 'p', namespace: 'shop', labels: { app: 'a' }, nodeName: 'n1' }), 0);
    expect(idx.apply('pods', 'update', 'shop/p', podObject({ name: 'p', namespace: 'shop', labels: { app: 'a' }, nodeName: 'n2' }), 0).affected.sort()).toEqual(['n1', 'n2']);
  });
});
