/**
 * The gateway's Prometheus metrics: a prom-client Registry with the default process metrics and
 * `edgetwin_http_request_duration_seconds` (histogram by method, route pattern, status); other
 * modules register their own metrics on ctx.metrics. `GET /metrics` needs a viewer token.
 */
import type { FastifyInstance } from 'fastify';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** A fresh registry with the process metrics and the request-duration histogram. */
export function createMetrics(): { registry: Registry; requestDuration: Histogram<'method' | 'route' | 'status'> } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: 'edgetwin_http_request_duration_seconds',
    help: 'Time from request to response, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  return { registry, requestDuration };
}

/** Times every response into the histogram and serves GET /metrics (viewer). */
export function installMetrics(app: FastifyInstance, m: ReturnType<typeof createMetrics>): void {
  app.addHook('onResponse', async (req, reply) => {
    // Route patterns only (bounded label set); everything Fastify has no route for is 'unmatched'.
    const route = req.is404 ? 'unmatched' : (req.routeOptions.url ?? 'unmatched');
    m.requestDuration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { config: { role: 'viewer' } }, async (_req, reply) => {
    reply.type(m.registry.contentType);
    return m.registry.metrics();
  });
}
