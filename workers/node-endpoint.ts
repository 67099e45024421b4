/**
 * Adapts a Node worker_threads Worker or MessagePort (EventEmitter style: on/off, bare data) to
 * comlink's Endpoint (DOM style: addEventListener, events with .data). Same as comlink's own
 * node-adapter, which ships without types for its .mjs path.
 */
import type { Endpoint } from 'comlink';

/** The part of a worker_threads Worker / MessagePort the adapter needs. */
export interface NodeMessageTarget {
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
  on(event: 'message', listener: (data: unknown) => void): unknown;
  off(event: 'message', listener: (data: unknown) => void): unknown;
  start?: () => void;
}

/** A comlink Endpoint over a Node message target. */
export function nodeEndpoint(target: NodeMessageTarget): Endpoint {
  const listeners = new WeakMap<object, (data: unknown) => void>();
  return {
    postMessage: (message: unknown, transfer?: Transferable[]) => target.postMessage(message, transfer as readonly unknown[] | undefined),
    addEventListener(_type: string, handler: EventListenerOrEventListenerObject) {
      const l = (data: unknown) => {
        const event = { data } as MessageEvent;
        if ('handleEvent' in handler) handler.handleEvent(event);
        else handler(event);
      };
      target.on('message', l);
      listeners.set(handler, l);
    },
    removeEventListener(_type: string, handler: EventListenerOrEventListenerObject) {
      const l = listeners.get(handler);
      if (!l) return;
      target.off('message', l);
      listeners.delete(handler);
    },
    ...(target.start ? { start: target.start.bind(target) } : {}),
  };
}
