/**
 * How a push reaches a node: a transport delivers one signed desired state and resolves once the
 * delivery is durable on the way to the node (MQTT: the broker's PUBACK for a retained QoS 1
 * message; Kubernetes: the server-side apply answered). Delivering the same (node, version) twice
 * is harmless: agents ignore versions at or below the one they run. The push runner serialises
 * deliveries per node, so a transport sees one node's versions in increasing order.
 */
import type { SignedDesiredState } from '../signing/desired-state.ts';

/** Transports a push can go through (`--via`). */
export type TransportName = 'mqtt' | 'kubernetes';
export const TRANSPORT_NAMES: readonly TransportName[] = ['mqtt', 'kubernetes'];

/** A way to deliver desired states to nodes. */
export interface PushTransport {
  /** Resolves when `signed` is durably handed over for `node`; rejects with a reason the runner retries after. */
  deliver(node: string, signed: SignedDesiredState): Promise<void>;
  /**
   * Optional: whether exactly this state is already durably delivered (MQTT: the broker holds it
   * retained). Asked only when a restarted gateway resumes a delivery, so it is not sent twice.
   */
  alreadyDelivered?(node: string, signed: SignedDesiredState): Promise<boolean>;
  /** Releases connections; pending deliveries may reject. */
  close(): Promise<void>;
}

/** One delivery seen by a memory transport. */
export interface MemoryDelivery { node: string; version: number; signed: SignedDesiredState }

/** An in-process transport (tests and the twin): records deliveries; `failNext(node, n)` makes the next n deliveries to node reject. */
export interface MemoryTransport extends PushTransport {
  deliveries: MemoryDelivery[];
  failNext(node: string, times: number): void;
  /** Stops failing deliveries to node. */
  heal(node: string): void;
  /** Called after each recorded delivery (tests answer as an agent would). */
  onDeliver: ((d: MemoryDelivery) => void) | null;
}

/** A memory transport. */
export function memoryTransport(): MemoryTransport {
  const failures = new Map<string, number>();
  const t: MemoryTransport = {
    deliveries: [],
    onDeliver: null,
    failNext(node, times) { failures.set(node, (failures.get(node) ?? 0) + times); },
    heal(node) { failures.delete(node); },
    async deliver(node, signed) {
      const f = failures.get(node) ?? 0;
      if (f > 0) { failures.set(node, f - 1); throw new Error(`memory transport: delivery to ${node} failed (as asked)`); }
      const d = { node, version: signed.payload.version, signed };
      t.deliveries.push(d);
      t.onDeliver?.(d);
    },
    async close() { /* nothing held */ },
  };
  return t;
}
