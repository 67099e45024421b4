/**
 * Control messages as data (what control-transport.ts carries) and their traffic counters: apart
 * from the transport so the twin's state can name them without importing behaviour.
 */
import type { Route } from '../fabric/routing.ts';

/**
 * A control message in flight: plain data (no callback), so the twin's state can be copied. At
 * the destination, if it is up, it goes to the receivers in `hooks.receiveControl`, which
 * dispatch on `kind`.
 */
export interface ControlMessage {
  from: number;
  to: number;
  sizeBytes: number;
  /** Label for accounting and dispatch (e.g. "heartbeat", "ack", "command", "gossip"). */
  kind: string;
  payload: unknown;
  /** Filled by the transport. */
  route?: Route | null;
  flow?: number;
}

/** Control-traffic counters, for the report. */
export interface ControlTraffic {
  messages: number;
  bytes: number;
  /** Bytes of control traffic over WAN links (counted per link crossed). */
  wanBytes: number;
  dropped: number;
  byKind: Record<string, { messages: number; bytes: number }>;
}

/** Fresh counters. */
export function newControlTraffic(): ControlTraffic {
  return { messages: 0, bytes: 0, wanBytes: 0, dropped: 0, byKind: {} };
}

/** Counts one control message as sent. */
export function countControl(t: ControlTraffic, kind: string, sizeBytes: number): void {
  t.messages++;
  t.bytes += sizeBytes;
  const k = (t.byKind[kind] ??= { messages: 0, bytes: 0 });
  k.messages++;
  k.bytes += sizeBytes;
}
