/**
 * The data messages of a running twin: the message table and its conservation counters, the
 * sources that emit them, their samplers, and the per-node processors that serve them (a record
 * of TwinState, state.ts).
 *
 * Owners, the only writers: build.ts creates it; lifecycle.ts (emission, arrival, service, the
 * processor-sharing timers) and terminal.ts (delivery, drop, loss) move messages through it;
 * store-forward.ts, storage-stage.ts and fabric-changes.ts (a node that goes down flushes its
 * processor) count what they end. Everything else reads.
 */
import type { Rng } from '../des/rng.ts';
import type { ArrivalProcess } from '../workload/arrivals.ts';
import type { ServiceTimeDraw } from '../workload/service-time.ts';
import type { LifecycleCounts } from './lifecycle-counts.ts';
import type { MessageTable } from './message-table.ts';
import type { Processor } from './processor.ts';

/** A sensor (or any node) emitting one stream. */
export interface SourceTable {
  node: Int32Array;
  stream: Int32Array;
  arrival: ArrivalProcess[];
}

/** Messages, their sources and samplers, and the processors that serve them. */
export interface MessageState {
  /** Every message in flight, by slot. */
  table: MessageTable;
  /** How many messages reached each lifecycle stage (the conservation books). */
  counts: LifecycleCounts;
  sources: SourceTable;
  /** Queue priority code per stream: 0 high, 1 normal, 2 low. */
  streamPriority: Uint8Array;
  /** Per service: its service-time sampler. */
  serviceDraw: ServiceTimeDraw[];
  /** Per stream: sampler for message size and value. */
  sizeDraw: ((r: Rng) => number)[];
  valueDraw: ((r: Rng) => number)[];
  /** Per node: the queue and servers its messages wait in. */
  processors: Processor[];
  /** Per node PS timer event id (-1 when none). */
  psTimer: Float64Array;
}
