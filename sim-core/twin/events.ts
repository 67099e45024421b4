/**
 * Events a running twin reports to subscribers (the UI, the --trace writer, tests). Fabric and
 * fault events are always published; message-level events only when a subscriber asks for them,
 * because a large run moves millions of messages.
 */

import type { DecisionRecord, DetectionReason } from './decision-log.ts';

/** What happened, with virtual time in ms. Add kinds, never rename (the trace format is stable). */
export type TwinEvent =
  | { t: number; type: 'node-down' | 'node-up'; node: string }
  | { t: number; type: 'link-down' | 'link-up'; link: string }
  | { t: number; type: 'link-degraded' | 'link-restored'; link: string }
  | { t: number; type: 'handover'; node: string; from: string | null; to: string | null }
  | { t: number; type: 'fault-start' | 'fault-end'; fault: string; kind: string; target: string }
  | { t: number; type: 'placement'; service: string; nodes: string[]; decisions?: DecisionRecord[] }
  | { t: number; type: 'emit'; msg: number; stream: string; node: string }
  | { t: number; type: 'deliver'; msg: number; app: string; latencyMs: number }
  | { t: number; type: 'filter'; msg: number; node: string }
  | { t: number; type: 'drop'; msg: number; node: string; reason: string }
  | { t: number; type: 'lost'; msg: number; node: string; reason: string }
  | { t: number; type: 'expire'; msg: number; node: string }
  // Control plane (sim-core/twin/control): replicas, detection, relocation, drift, autonomy.
  | { t: number; type: 'replica-started' | 'replica-stopped'; node: string; service: string }
  | { t: number; type: 'autonomous'; node: string }
  | { t: number; type: 'declared-failed'; node: string; by: string; up: boolean; detection?: DetectionReason | null }
  | { t: number; type: 'declared-alive'; node: string; by: string }
  | { t: number; type: 'drift'; node: string; service: string; action: 'start' | 'stop' }
  | { t: number; type: 'relocated'; service: string; from: string; to: string; by: string; decisionMs?: number; decision?: DecisionRecord }
  /** A controller could not relocate a replica now (no-quorum, controller-unreachable, no-capacity); it retries. */
  | { t: number; type: 'relocation-refused'; service: string; node: string; by: string; reason: string };

/** Subscriber callback. */
export type TwinListener = (e: TwinEvent) => void;

/** A minimal synchronous event bus. */
export class TwinEventBus {
  private listeners: { fn: TwinListener; messages: boolean }[] = [];

  /** Whether any subscriber wants message-level events. */
  get wantsMessages(): boolean { return this.listeners.some((l) => l.messages); }

  /** Whether anyone listens at all (lets the twin skip building event objects). */
  get active(): boolean { return this.listeners.length > 0; }

  /** Subscribes; returns the unsubscribe function. */
  subscribe(fn: TwinListener, opts: { messages?: boolean } = {}): () => void {
    const entry = { fn, messages: opts.messages ?? false };
    this.listeners.push(entry);
    return () => { this.listeners = this.listeners.filter((l) => l !== entry); };
  }

  /** Publishes a fabric/fault event to every subscriber. */
  publish(e: TwinEvent): void {
    for (const l of this.listeners) l.fn(e);
  }

  /** Publishes a message-level event to subscribers that asked for them. */
  publishMessage(e: TwinEvent): void {
    for (const l of this.listeners) if (l.messages) l.fn(e);
  }
}
