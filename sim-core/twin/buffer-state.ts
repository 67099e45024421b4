/**
 * Store-and-forward buffers: messages a node keeps while it has no route onward (a record of
 * TwinState, state.ts). Owner, the only writer: store-forward.ts (build.ts creates it).
 */

/** Bytes used and queued messages per node, and the nodes with something queued. */
export interface BufferState {
  /** Bytes used per node. */
  usedBytes: Float64Array;
  /** Queued message slots per node, oldest first. */
  queues: number[][];
  /** Nodes whose buffer is non-empty, retried when the topology changes. */
  buffering: Set<number>;
}
