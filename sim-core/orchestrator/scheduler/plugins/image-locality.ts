/**
 * ImageLocality (kube imagelocality/image_locality.go): favours nodes that already hold the
 * pod's container images, each image's size scaled by the fraction of nodes that have it (so a
 * ubiquitous image does not pull every pod to one node), clamped to 23 MiB .. 1000 MiB × containers.
 */
import type { CycleState, ScorePlugin, NodeDependence, EquivalenceAware } from '../types.ts';
import { MAX_NODE_SCORE, STATIC_ONLY } from '../types.ts';
import type { ClusterState } from '../state.ts';
import type { FusedScorer } from '../score-math.ts';

/** Plugin name. */
export const NAME = 'ImageLocality';
const MB = 1024 * 1024;
/** Below this summed size a node scores 0. */
export const MIN_THRESHOLD_BYTES = 23 * MB;
/** Per-container cap of the summed size. */
export const MAX_CONTAINER_THRESHOLD_BYTES = 1000 * MB;

/** Adds ":latest" to an image name without a tag (kube normalizedImageName). */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

/** calculatePriority: the summed scaled size mapped onto 0..100 with integer division. */
export function imageLocalityScore(sumScoresBytes: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD_BYTES * numContainers;
  const s = Math.min(Math.max(sumScoresBytes, MIN_THRESHOLD_BYTES), maxThreshold);
  return Math.trunc((MAX_NODE_SCORE * (s - MIN_THRESHOLD_BYTES)) / (maxThreshold - MIN_THRESHOLD_BYTES));
}

interface ImageIndex { version: number; live: number; byName: Map<string, { nodes: number[]; sizes: number[] }> }

function buildIndex(st: ClusterState): ImageIndex {
  const byName = new Map<string, { nodes: number[]; sizes: number[] }>();
  let live = 0;
  for (let n = 0; n < st.nodeCount; n++) {
    if (st.live[n] === 0) continue;
    live++;
    for (const img of st.nodes[n]!.images ?? []) {
      for (const raw of img.names) {
        const name = normalizedImageName(raw);
        let e = byName.get(name);
        if (!e) byName.set(name, (e = { nodes: [], sizes: [] }));
        if (e.nodes[e.nodes.length - 1] === n) continue; // two names of one image on one node
        e.nodes.push(n);
        e.sizes.push(img.sizeBytes);
      }
    }
  }
  return { version: st.nodesVersion, live, byName };
}

/** Builds the plugin (no args). */
export function newImageLocality() {
  let index: ImageIndex | undefined;
  let indexOf: ClusterState | undefined;
  let sums = new Float64Array(0);
  const touched: number[] = [];
  /** Fills sums[node] with the pod's scaled image sizes (touched lists the nodes); returns the container count. */
  const sumImageScores = (cycle: CycleState): number => {
    const st = cycle.state;
    if (!index || indexOf !== st || index.version !== st.nodesVersion) { index = buildIndex(st); indexOf = st; }
    if (sums.length < st.nodeCount) sums = new Float64Array(st.nodeCount);
    const pod = cycle.pod.pod;
    const init = pod.initContainers ?? [];
    for (let c = 0; c < init.length + pod.containers.length; c++) {
      const image = (c < init.length ? init[c]! : pod.containers[c - init.length]!).image;
      if (!image) continue;
      const e = index.byName.get(normalizedImageName(image));
      if (!e) continue;
      const spread = e.nodes.length / index.live;
      for (let j = 0; j < e.nodes.length; j++) {
        const n = e.nodes[j]!;
        if (sums[n] === 0) touched.push(n);
        sums[n] += Math.trunc(e.sizes[j]! * spread);
      }
    }
    return init.length + pod.containers.length;
  };
  const clearSums = (): void => {
    for (const n of touched) sums[n] = 0;
    touched.length = 0;
  };
  return {
    name: NAME,
    /** Reads only the node's static attributes and its pods. */
    nodeDependence: (): NodeDependence => STATIC_ONLY,
    score(cycle: CycleState, nodes: Int32Array, count: number, out: Float64Array): void {
      const containers = sumImageScores(cycle);
      for (let i = 0; i < count; i++) out[i] = imageLocalityScore(sums[nodes[i]!]!, containers);
      clearSums();
    },
    addWeightedScores(cycle: CycleState, nodes: Int32Array, count: number, weight: number, totals: Float64Array): void {
      const containers = sumImageScores(cycle);
      // No node holds any of the images: every node scores the same (0), which changes no pick.
      if (touched.length === 0) return;
      for (let i = 0; i < count; i++) totals[i] += weight * imageLocalityScore(sums[nodes[i]!]!, containers);
      clearSums();
    },
  } satisfies ScorePlugin & FusedScorer & EquivalenceAware;
}
