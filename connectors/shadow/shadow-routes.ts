/**
 * Shadow mode in the gateway (docs/live-fleet.md): a GatewayModule that runs a Shadow beside the
 * fleet — polling Prometheus when the gateway has `--prometheus` (ctx.options.prometheusUrl)
 * and/or reading the FleetView's metrics reports — and shows its error:
 *
 *   GET /api/v1/shadow (viewer)   {windowS, nodes:[{node, signal, mape, samples, …}], apps:[…], links:[…], calibration, …}
 *   /metrics                      edgetwin_shadow_mape{node,app,signal} (percent; app "" for node signals),
 *                                 edgetwin_shadow_link_mape{link,signal}, edgetwin_shadow_poll_problems_total
 *   events                        topic 'shadow': the state after each poll
 *
 * The poll stops when the gateway closes.
 */
import { Counter, Gauge } from 'prom-client';
import type { GatewayModule } from '../gateway/context.ts';
import type { FleetView } from '../live/fleet-node.ts';
import { createPrometheusClient, type PrometheusClient } from '../prometheus/client.ts';
import { DEFAULT_PROMETHEUS_MAPPING, type PrometheusMapping } from '../prometheus/mapping.ts';
import type { Epsilons } from './calibrate.ts';
import type { ShadowModel } from './predict.ts';
import { Shadow, type SetTimer, type ShadowState } from './shadow.ts';

/** What shadowModule needs: the twin's model of the fleet, and where else to look. */
export interface ShadowModuleOptions {
  model: ShadowModel;
  /** The live fleet (the MQTT telemetry ingest's view); null/absent: Prometheus only. */
  fleet?: FleetView | null;
  /** How Prometheus series map onto the twin (default: instance host = node id). */
  mapping?: PrometheusMapping;
  windowMs?: number;
  intervalMs?: number;
  epsilons?: Partial<Epsilons>;
  setTimer?: SetTimer;
  /** A client to use instead of one for ctx.options.prometheusUrl (tests, custom auth). */
  prometheus?: PrometheusClient;
  /** Receives the shadow once built (e.g. for `edgetwin serve` to log or a test to tick it). */
  onShadow?: (s: Shadow) => void;
}

/** The shadow-mode gateway module. */
export function shadowModule(opts: ShadowModuleOptions): GatewayModule {
  return (app, ctx) => {
    const prometheus = opts.prometheus ?? (ctx.options.prometheusUrl ? createPrometheusClient({ baseUrl: ctx.options.prometheusUrl }) : null);
    const shadow = new Shadow({
      model: opts.model, nowMs: ctx.nowMs, prometheus, fleet: opts.fleet ?? null, mapping: opts.mapping ?? DEFAULT_PROMETHEUS_MAPPING,
      windowMs: opts.windowMs, intervalMs: opts.intervalMs, epsilons: opts.epsilons, setTimer: opts.setTimer,
    });
    opts.onShadow?.(shadow);
    let current: ShadowState = shadow.state();

    new Gauge({
      name: 'edgetwin_shadow_mape',
      help: "Shadow mode: the twin's prediction error, MAPE in percent over the rolling window, by node, app (\"app/service\", empty for node signals) and signal (cpu, latency_p50, latency_p95)",
      labelNames: ['node', 'app', 'signal'] as const,
      registers: [ctx.metrics],
      collect() {
        // Read at scrape time: the window slides even between polls.
        current = shadow.state();
        this.reset();
        for (const r of current.nodes) if (r.mape !== null) this.set({ node: r.node, app: '', signal: r.signal }, r.mape);
        for (const r of current.apps) if (r.mape !== null) this.set({ node: r.node, app: r.app, signal: r.signal }, r.mape);
      },
    });
    new Gauge({
      name: 'edgetwin_shadow_link_mape',
      help: "Shadow mode: the twin's link latency error, MAPE in percent over the rolling window, by link",
      labelNames: ['link', 'signal'] as const,
      registers: [ctx.metrics],
      collect() {
        current = shadow.state();
        this.reset();
        for (const r of current.links) if (r.mape !== null) this.set({ link: r.link, signal: r.signal }, r.mape);
      },
    });
    const problems = new Counter({
      name: 'edgetwin_shadow_poll_problems_total',
      help: 'Shadow mode: problems while polling (failed Prometheus queries, unmapped series, bad reports)',
      registers: [ctx.metrics],
    });

    app.get('/api/v1/shadow', { config: { role: 'viewer' } }, async () => {
      current = shadow.state();
      return current;
    });

    shadow.start((s) => {
      current = s;
      if (s.problems.lastPoll.length) problems.inc(s.problems.lastPoll.length);
      ctx.events.publish('shadow', s);
    }, (e) => {
      problems.inc();
      process.stderr.write(`edgetwin gateway: shadow poll failed: ${e.message}\n`);
    });
    app.addHook('onClose', async () => { await shadow.stop(); });
  };
}
