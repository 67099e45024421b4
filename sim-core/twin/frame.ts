/**
 * A frame: what a UI draws of the twin at one instant, as typed-array views over ONE
 * ArrayBuffer, so a frame crosses threads as a single transferable and the writer fills a
 * caller-owned buffer with no allocation (FrameWriter in frame-writer.ts). The layout is fixed by
 * the fabric's size (nodes, links, apps), which never changes during a run.
 */
import type { DropReason, LossReason } from './lifecycle-counts.ts';

/** Node states in `nodeState`. */
export const NODE_UP = 0;
/** Up, but a controller declared it failed (a false suspicion, e.g. behind a partition). */
export const NODE_SUSPECT = 1;
export const NODE_DOWN = 2;

/** Bits of `nodeFlags`. */
export const FLAG_DECLARED = 1;
/** Running on local autonomy (cut off from its controller). */
export const FLAG_AUTONOMOUS = 2;
/** Holding messages in its store-and-forward buffer. */
export const FLAG_BUFFERING = 4;
/** A controller (master, regional orchestrator or voting member) runs here. */
export const FLAG_CONTROLLER = 8;

/** Link states in `linkState`. */
export const LINK_UP = 0;
export const LINK_DEGRADED = 1;
export const LINK_DOWN = 2;

/** Every drop reason, in the order of `dropsByReason`. */
export const DROP_REASONS: readonly DropReason[] = ['queue-full', 'buffer-full', 'no-route', 'no-replica', 'policy-denied', 'storage-full', 'load-shed', 'buffer-evicted'];
/** Every loss reason, in the order of `lossesByReason`. */
export const LOSS_REASONS: readonly LossReason[] = ['link-loss', 'link-down', 'node-crash', 'power-loss'];

/** Slots of `header`. */
export const H_TIME_MS = 0, H_EVENTS = 1, H_IN_FLIGHT = 2, H_DELIVERED = 3, H_DROPPED = 4, H_LOST = 5, H_WAN_BYTES = 6,
  H_ENERGY_WH = 7, H_COST_USD = 8, H_PLACEMENT_VERSION = 9, H_NODES_DOWN = 10, H_LINKS_DOWN = 11, H_FILTERED = 12,
  H_EXPIRED = 13, H_CREATED = 14, H_DECISIONS = 15, H_WINDOW_MS = 16;
const HEADER_SLOTS = 20;

/** Sizes that fix a frame's layout. */
export interface FrameLayout { nodes: number; links: number; apps: number }

/** One frame. Every array is a view into `buffer`. */
export interface TwinFrame {
  readonly layout: FrameLayout;
  readonly buffer: ArrayBuffer;
  /** H_* slots: time, counts so far, energy, cost, placement version, window length. */
  header: Float64Array;
  /** Per node: NODE_UP / NODE_SUSPECT / NODE_DOWN. */
  nodeState: Uint8Array;
  /** Per node: FLAG_* bits. */
  nodeFlags: Uint8Array;
  /** Per node: busy core fraction since the previous frame (0..1). */
  nodeCpu: Float32Array;
  /** Per node: memory requested by its replicas / memory (may exceed 1 when over-committed by hand). */
  nodeMemory: Float32Array;
  /** Per node: storage used / capacity (0..1). */
  nodeStorage: Float32Array;
  /** Per node: jobs waiting or in service. */
  nodeQueue: Int32Array;
  /** Per node: store-and-forward bytes held. */
  nodeBufferBytes: Float32Array;
  /** Per node: running replicas (any service). */
  nodeReplicas: Uint16Array;
  /** Per node: position in km (mobility moves nodes). */
  nodeX: Float32Array;
  nodeY: Float32Array;
  /** Per link: LINK_UP / LINK_DEGRADED / LINK_DOWN. */
  linkState: Uint8Array;
  /** Per link: endpoints (node indices; handover re-points radio links). */
  linkA: Int32Array;
  linkB: Int32Array;
  /** Per link: sum of current max-min flow rates, both directions, bits/s. */
  linkRateBps: Float32Array;
  /** Per link: the busier direction's current rate as a fraction of its capacity, smoothed over frames (0..1). */
  linkUtilization: Float32Array;
  /** Per link: concurrent transfers. */
  linkFlows: Uint16Array;
  /** Per link: bytes carried so far. */
  linkBytes: Float64Array;
  /** Per app, over the rolling window: latency percentiles (ms; NaN when nothing completed). */
  appP50: Float32Array;
  appP95: Float32Array;
  appP99: Float32Array;
  /** Per app, over the window: the SLO's own percentile (ms), fraction above the SLO latency, completions per second. */
  appSloObserved: Float32Array;
  appViolationRate: Float32Array;
  appThroughputPerS: Float32Array;
  /** Per app, so far: delivered, dropped, lost. */
  appDelivered: Float64Array;
  appDropped: Float64Array;
  appLost: Float64Array;
  /** So far, by DROP_REASONS / LOSS_REASONS. */
  dropsByReason: Float64Array;
  lossesByReason: Float64Array;
}

interface Field { name: keyof TwinFrame; ctor: Float64ArrayConstructor | Float32ArrayConstructor | Int32ArrayConstructor | Uint16ArrayConstructor | Uint8ArrayConstructor; length: (l: FrameLayout) => number }

// Widest element first, so every view starts on an aligned offset.
const FIELDS: Field[] = [
  { name: 'header', ctor: Float64Array, length: () => HEADER_SLOTS },
  { name: 'linkBytes', ctor: Float64Array, length: (l) => l.links },
  { name: 'appDelivered', ctor: Float64Array, length: (l) => l.apps },
  { name: 'appDropped', ctor: Float64Array, length: (l) => l.apps },
  { name: 'appLost', ctor: Float64Array, length: (l) => l.apps },
  { name: 'dropsByReason', ctor: Float64Array, length: () => DROP_REASONS.length },
  { name: 'lossesByReason', ctor: Float64Array, length: () => LOSS_REASONS.length },
  { name: 'nodeCpu', ctor: Float32Array, length: (l) => l.nodes },
  { name: 'nodeMemory', ctor: Float32Array, length: (l) => l.nodes },
  { name: 'nodeStorage', ctor: Float32Array, length: (l) => l.nodes },
  { name: 'nodeQueue', ctor: Int32Array, length: (l) => l.nodes },
  { name: 'nodeBufferBytes', ctor: Float32Array, length: (l) => l.nodes },
  { name: 'nodeX', ctor: Float32Array, length: (l) => l.nodes },
  { name: 'nodeY', ctor: Float32Array, length: (l) => l.nodes },
  { name: 'linkA', ctor: Int32Array, length: (l) => l.links },
  { name: 'linkB', ctor: Int32Array, length: (l) => l.links },
  { name: 'linkRateBps', ctor: Float32Array, length: (l) => l.links },
  { name: 'linkUtilization', ctor: Float32Array, length: (l) => l.links },
  { name: 'appP50', ctor: Float32Array, length: (l) => l.apps },
  { name: 'appP95', ctor: Float32Array, length: (l) => l.apps },
  { name: 'appP99', ctor: Float32Array, length: (l) => l.apps },
  { name: 'appSloObserved', ctor: Float32Array, length: (l) => l.apps },
  { name: 'appViolationRate', ctor: Float32Array, length: (l) => l.apps },
  { name: 'appThroughputPerS', ctor: Float32Array, length: (l) => l.apps },
  { name: 'nodeReplicas', ctor: Uint16Array, length: (l) => l.nodes },
  { name: 'linkFlows', ctor: Uint16Array, length: (l) => l.links },
  { name: 'nodeState', ctor: Uint8Array, length: (l) => l.nodes },
  { name: 'nodeFlags', ctor: Uint8Array, length: (l) => l.nodes },
  { name: 'linkState', ctor: Uint8Array, length: (l) => l.links },
];

const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** Bytes of one frame's buffer for `layout`. */
export function frameByteLength(layout: FrameLayout): number {
  let bytes = 0;
  for (const f of FIELDS) bytes = align8(bytes + f.length(layout) * f.ctor.BYTES_PER_ELEMENT);
  return bytes;
}

/** A frame over `buffer` (a fresh one when omitted); throws when the buffer has the wrong size for the layout. */
export function createFrame(layout: FrameLayout, buffer?: ArrayBuffer): TwinFrame {
  for (const k of ['nodes', 'links', 'apps'] as const) {
    if (!Number.isInteger(layout[k]) || layout[k] < 0) throw new Error(`createFrame: layout.${k} must be an integer >= 0, got ${layout[k]}`);
  }
  const bytes = frameByteLength(layout);
  const buf = buffer ?? new ArrayBuffer(bytes);
  if (buf.byteLength !== bytes) throw new Error(`createFrame: buffer has ${buf.byteLength} bytes, layout ${JSON.stringify(layout)} needs ${bytes}`);
  const out: Record<string, unknown> = { layout: { ...layout }, buffer: buf };
  let offset = 0;
  for (const f of FIELDS) {
    const n = f.length(layout);
    out[f.name] = new f.ctor(buf, offset, n);
    offset = align8(offset + n * f.ctor.BYTES_PER_ELEMENT);
  }
  return out as unknown as TwinFrame;
}
