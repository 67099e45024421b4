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
  // Message level (published only to subscribers that asked for messages). `msg` is a slot id:
  // unique while the message lives (from emit or fork to its terminal event), reused afterwards.
  | { t: number; type: 'emit'; msg: number; stream: string; node: string; bytes?: number }
  /** A fan-out edge copied message `of` into `msg` (same stream, emit time and size). */
  | { t: number; type: 'fork'; msg: number; of: number }
  /** Arrived at its ingest node and passed the quality tag (`suspect` when outside the plausible range). */
  | { t: number; type: 'ingest'; msg: number; node: string; suspect?: true }
  /** A leg started: one flow over `links` (every link at once, max-min fair share), `from` → `to`. */
  | { t: number; type: 'transfer-start'; msg: number; from: string; to: string; bytes: number; links: string[] }
  /** The leg's last byte left: bytes crossed `wanHops` WAN links; arrival after `delayMs` of propagation, or null when lost on a link (a `lost` line follows). */
  | { t: number; type: 'transfer-end'; msg: number; bytes: number; wanHops: number; delayMs: number | null }
  /** A link or node under the leg failed; the message is sent again, buffered or lost (the next line for `msg` says). */
  | { t: number; type: 'transfer-abort'; msg: number }
  /** Held in a store-and-forward buffer on `node` until a route returns. */
  | { t: number; type: 'buffer'; msg: number; node: string; bytes: number }
  /** Waiting for a core on `node` (FIFO); service-start follows when one frees. */
  | { t: number; type: 'queued'; msg: number; node: string; service: string }
  | { t: number; type: 'service-start'; msg: number; node: string; service: string; workMs: number }
  | { t: number; type: 'service-end'; msg: number; node: string; service: string }
  /** A result (or a copy of a critical one) written to storage on `node`, evicting `evicted` older items. */
  | { t: number; type: 'store'; item: number; node: string; bytes: number; evicted: number; copy?: true }
  | { t: number; type: 'purge'; item: number }
  /** A copy of a critical result sent from `from` to `to` (not a message: it ends in `store` with copy, or nothing). */
  | { t: number; type: 'copy-start'; copy: number; from: string; to: string; bytes: number; links: string[] }
  | { t: number; type: 'copy-end'; copy: number; bytes: number; wanHops: number; delayMs: number | null }
  | { t: number; type: 'copy-abort'; copy: number }
  /** `action` when the delivery is an actuation message arriving back at its device. */
  | { t: number; type: 'deliver'; msg: number; app: string; latencyMs: number; action?: true }
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
  /** A controller could not relocate a replica now (no-quorum, controller-unreachable, no-feasible-node, policy), and why in words; it retries. */
  | { t: number; type: 'relocation-refused'; service: string; node: string; by: string; reason: string; detail?: string };

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
