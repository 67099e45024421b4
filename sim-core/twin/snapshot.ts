/**
 * A compact snapshot of the twin for a UI thread: typed arrays only, cheap to transfer
 * (postMessage with transfer lists) and to write into instanced meshes.
 */
import type { TwinState } from './state.ts';

/** Node, link and app state at one instant. Arrays are fresh copies the caller may transfer. */
export interface TwinSnapshot {
  timeMs: number;
  /** Per node: 1 up, 0 down. */
  nodeUp: Uint8Array;
  /** Per node: jobs waiting or in service. */
  nodeQueue: Int32Array;
  /** Per node: busy cores / cores, 0..1. */
  nodeBusy: Float32Array;
  /** Per node: position in km. */
  nodeX: Float32Array;
  nodeY: Float32Array;
  /** Per node: store-and-forward bytes held. */
  nodeBufferBytes: Float64Array;
  /** Per link: 1 up, 0 down. */
  linkUp: Uint8Array;
  /** Per link: endpoints (node indices), for links re-pointed by handover. */
  linkA: Int32Array;
  linkB: Int32Array;
  /** Per link: bytes carried so far. */
  linkBytes: Float64Array;
  /** Per app: delivered, dropped, lost so far. */
  appDelivered: Float64Array;
  appDropped: Float64Array;
  appLost: Float64Array;
  inFlight: number;
}

/** Takes a snapshot of the twin. */
export function takeSnapshot(s: TwinState): TwinSnapshot {
  const nNodes = s.model.nodes.length;
  const nLinks = s.fabric.topology.linkCount;
  const snap: TwinSnapshot = {
    timeMs: s.kernel.nowMs,
    nodeUp: new Uint8Array(nNodes),
    nodeQueue: new Int32Array(nNodes),
    nodeBusy: new Float32Array(nNodes),
    nodeX: Float32Array.from(s.fabric.posX),
    nodeY: Float32Array.from(s.fabric.posY),
    nodeBufferBytes: Float64Array.from(s.buffers.usedBytes),
    linkUp: new Uint8Array(nLinks),
    linkA: new Int32Array(nLinks),
    linkB: new Int32Array(nLinks),
    linkBytes: s.fabric.linkBytes.slice(0, nLinks),
    appDelivered: Float64Array.from(s.metrics.latency, (l) => l.count),
    appDropped: Float64Array.from(s.metrics.appDropped),
    appLost: Float64Array.from(s.metrics.appLost),
    inFlight: s.messages.table.live,
  };
  for (let n = 0; n < nNodes; n++) {
    const p = s.messages.processors[n]!;
    snap.nodeUp[n] = s.fabric.topology.isNodeUp(n) ? 1 : 0;
    snap.nodeQueue[n] = p.waiting + p.busy;
    snap.nodeBusy[n] = Math.min(1, p.busy / p.cores);
  }
  for (let l = 0; l < nLinks; l++) {
    snap.linkUp[l] = s.fabric.topology.isLinkUp(l) ? 1 : 0;
    snap.linkA[l] = s.fabric.topology.linkA(l);
    snap.linkB[l] = s.fabric.topology.linkB(l);
  }
  return snap;
}
