/**
 * The event bus and `GET /api/v1/events` as Server-Sent Events (viewer): each published event is
 * written as `event: <topic>` / `data: <json>`; a comment line every 15 s keeps proxies from
 * closing an idle stream. A stream ends cleanly when its client disconnects and when the gateway
 * shuts down.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { EventBus } from './context.ts';

/** Interval between heartbeat comments on an idle stream. */
export const SSE_HEARTBEAT_MS = 15_000;

/** An in-process bus; a listener that throws is dropped from that delivery, never breaks the publisher. */
export function createEventBus(): EventBus & { listeners(): number } {
  const listeners = new Set<(topic: string, data: unknown) => void>();
  return {
    publish(topic, data) {
      for (const l of [...listeners]) {
        try { l(topic, data); } catch { /* one broken subscriber must not stop the others */ }
      }
    },
    subscribe(l) { listeners.add(l); return () => { listeners.delete(l); }; },
    listeners: () => listeners.size,
  };
}

/** One SSE frame: `event:` line, one `data:` line per line of the JSON, blank line. */
export function sseFrame(topic: string, data: unknown): string {
  const safeTopic = topic.replace(/[\r\n]/g, ' ');
  const json = JSON.stringify(data) ?? 'null';
  return `event: ${safeTopic}\n${json.split('\n').map((l) => `data: ${l}`).join('\n')}\n\n`;
}

/** Serves GET /api/v1/events; open streams are ended when the app closes. */
export function installEvents(app: FastifyInstance, bus: EventBus, heartbeatMs = SSE_HEARTBEAT_MS): void {
  const open = new Set<() => void>();
  app.addHook('preClose', async () => { for (const end of [...open]) end(); });
  app.get('/api/v1/events', { config: { role: 'viewer' } }, (req, reply) => {
    reply.hijack();
    const res: ServerResponse = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': edgetwin events; topics fleet, shadow, push, audit\n\n');
    const unsubscribe = bus.subscribe((topic, data) => { if (!res.writableEnded) res.write(sseFrame(topic, data)); });
    const beat = setInterval(() => { if (!res.writableEnded) res.write(': heartbeat\n\n'); }, heartbeatMs);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(beat);
      unsubscribe();
      open.delete(end);
      if (!res.writableEnded) res.end();
    };
    open.add(end);
    req.raw.on('close', end);
    res.on('close', end);
  });
}
