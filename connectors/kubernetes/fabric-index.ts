/**
 * The informers' incremental view of the fabric: each node and pod is converted once, when it
 * changes (to-fabric.ts), and pods are indexed by node, so one event costs the pods of one node,
 * not the whole cluster. `fabric()` assembles the full KubeFabric from the converted parts on
 * demand (cached until the next change) and equals `kubeFabric(nodes, pods)` over the same
 * objects: the tests check the incremental state against that rebuild. Pure (no I/O, no clock).
 */
import type { FleetNode } from '../live/fleet-node.ts';
import { fleetNodeOf, nodeToTwin, placementsOf, podToPlacement, type Converted, type KubeFabric, type KubeTwinNode, type Malformed, type PodPlacement } from './to-fabric.ts';

type Entry<T> = { name: string; c: Converted<T>; seenMs: number | null };

const nameOf = (raw: unknown): string => {
  const n = (raw as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  return typeof n === 'string' ? n : '(unnamed)';
};

/** Converted nodes and pods, with pods indexed by node. */
export class FabricIndex {
  private readonly nodes = new Map<string, Entry<KubeTwinNode>>();
  private readonly pods = new Map<string, Entry<PodPlacement>>();
  private readonly podsByNode = new Map<string, Set<string>>();
  private cache: KubeFabric | null = null;

  /**
   * Records an add, update or delete of the object stored under `key`, seen at `atMs` (a node's
   * lastSeenMs when it reports no heartbeat time); returns the node ids whose fleet record may have
   * changed (a pod moving between nodes affects both) and the object's problems.
   */
  apply(resource: 'nodes' | 'pods', type: 'add' | 'update' | 'delete', key: string, object: unknown, atMs: number | null): { affected: string[]; problems: string[] } {
    this.cache = null;
    if (resource === 'nodes') {
      const before = this.nodes.get(key);
      if (type === 'delete') { this.nodes.delete(key); return { affected: [before?.c.value?.id ?? nameOf(object)], problems: [] }; }
      const c = nodeToTwin(object);
      this.nodes.set(key, { name: nameOf(object), c, seenMs: atMs });
      const ids = new Set([before?.c.value?.id, c.value?.id].filter((x): x is string => !!x));
      return { affected: [...ids], problems: c.problems };
    }
    const before = this.pods.get(key);
    const oldNode = before?.c.value?.node ?? null;
    if (oldNode) this.podsByNode.get(oldNode)?.delete(key);
    if (type === 'delete') { this.pods.delete(key); return { affected: oldNode ? [oldNode] : [], problems: [] }; }
    const c = podToPlacement(object);
    this.pods.set(key, { name: nameOf(object), c, seenMs: atMs });
    const newNode = c.value?.node ?? null;
    if (newNode) {
      let set = this.podsByNode.get(newNode);
      if (!set) this.podsByNode.set(newNode, set = new Set());
      set.add(key);
    }
    return { affected: [...new Set([oldNode, newNode].filter((x): x is string => !!x))], problems: c.problems };
  }

  /** The fleet record of node `id` (undefined when no such node); costs the pods on that node. */
  fleetNode(id: string): FleetNode | undefined {
    // Node objects are keyed "/name" (cluster-scoped), so the id is the key.
    const e = this.nodes.get(`/${id}`);
    if (!e?.c.value) return undefined;
    return fleetNodeOf(e.c.value, this.podsOn(id), e.seenMs);
  }

  private podsOn(node: string): PodPlacement[] {
    return [...(this.podsByNode.get(node) ?? [])].flatMap((k) => (this.pods.get(k)?.c.value ? [this.pods.get(k)!.c.value!] : []));
  }

  /** The whole fabric (cached until the next change). */
  fabric(): KubeFabric {
    if (this.cache) return this.cache;
    const malformed: Malformed[] = [];
    const twinNodes: KubeTwinNode[] = [];
    const seen = new Map<string, number | null>();
    for (const e of this.nodes.values()) {
      if (e.c.problems.length) malformed.push({ kind: 'Node', name: e.name, refused: !e.c.value, problems: e.c.problems });
      if (e.c.value) { twinNodes.push(e.c.value); seen.set(e.c.value.id, e.seenMs); }
    }
    const pods: PodPlacement[] = [];
    for (const e of this.pods.values()) {
      if (e.c.problems.length) malformed.push({ kind: 'Pod', name: e.name, refused: !e.c.value, problems: e.c.problems });
      if (e.c.value) pods.push(e.c.value);
    }
    twinNodes.sort((a, b) => a.id.localeCompare(b.id));
    malformed.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'Node' ? -1 : 1));
    this.cache = { twinNodes, fleet: twinNodes.map((n) => fleetNodeOf(n, this.podsOn(n.id), seen.get(n.id) ?? null)), placements: placementsOf(pods), pods, malformed };
    return this.cache;
  }
}
