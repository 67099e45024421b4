/**
 * The Kubernetes connector as a gateway route module (`edgetwin serve --kubeconfig FILE`): starts
 * the node and pod informers (without waiting for the cluster: an unreachable API server only
 * means back-off and a visible lastError), merges node changes into the live fleet store (or, without
 * one, publishes them as `fleet` events `{nodes}`, coalesced per event-loop turn), audits each malformed Node or Pod once, exports informer
 * metrics, serves `GET /api/v1/kubernetes` (viewer: informer state, counters, refused objects, the
 * current placement), hands the push its Kubernetes transport (`transports.kubernetes`) and stops
 * the informers when the gateway closes. Without --kubeconfig it does nothing.
 */
import { Gauge } from 'prom-client';
import type { GatewayModule } from '../gateway/context.ts';
import type { FleetNode } from '../live/fleet-node.ts';
import { kubeTransportFromOptions, type PushTransport } from './apply-transport.ts';
import { KubeInformers, loadKubeConfig, type KubeInformerOptions } from './informers.ts';

/** Where Kubernetes' facts about nodes go: the live fleet store's merge (connectors/live/fleet-store.ts). */
export interface KubeFleetSink {
  merge(id: string, source: 'kubernetes', patch: Partial<Pick<FleetNode, 'state' | 'running' | 'labels' | 'runningVersion'>>, seenMs: number | null): unknown;
}

/** A node as GET /api/v1/fleet and the 'fleet' events show it (docs/live-fleet.md). */
function fleetNodeJson(n: FleetNode) {
  return {
    id: n.id, state: n.state, source: n.sources.join('+') || null, lastSeenMs: n.lastSeenMs, heartbeatLagMs: n.heartbeatLagMs,
    runningVersion: n.runningVersion, workloads: [...n.running], cpuUtilization: n.metrics?.cpuUtilization ?? null, labels: { ...n.labels },
  };
}

/**
 * The module. `fleet`: merge every node change into the live fleet store (which publishes the
 * 'fleet' events); without it the module publishes its own `{nodes}` events. `onStart` receives
 * the running informers.
 */
export function kubernetesModule(opts: {
  fleet?: KubeFleetSink;
  /** The push's transports by name: `kubernetes` is set here (from --kubeconfig and --key) before the push module installs. */
  transports?: { kubernetes?: PushTransport };
  /** Namespace of the Deployments the push applies (default 'default'). */
  namespace?: string;
  onStart?: (informers: KubeInformers) => void;
  informer?: KubeInformerOptions;
} = {}): GatewayModule {
  return (app, ctx) => {
    const path = ctx.options.kubeconfig;
    if (!path) return;
    if (opts.transports) {
      const t = kubeTransportFromOptions(ctx.options, opts.namespace ? { namespace: opts.namespace } : {})!;
      opts.transports.kubernetes = t;
      app.addHook('onClose', async () => { await t.close(); });
    }
    const informers = new KubeInformers(loadKubeConfig(path), { nowMs: ctx.nowMs, ...opts.informer });
    const both = () => { const s = informers.stats(); return [['nodes', s.nodes], ['pods', s.pods]] as const; };
    const gauge = (name: string, help: string, value: (s: ReturnType<KubeInformers['stats']>['nodes'], resource: 'nodes' | 'pods') => number) =>
      new Gauge({
        name, help, labelNames: ['resource'] as const, registers: [ctx.metrics],
        collect() { for (const [r, s] of both()) this.set({ resource: r }, value(s, r)); },
      });
    gauge('edgetwin_kubernetes_informer_up', '1 while the informer has a watch open, 0 while it lists or backs off', (s) => (s.state === 'watching' ? 1 : 0));
    gauge('edgetwin_kubernetes_informer_lists', 'Lists since start (the first, plus one per re-list after 410 Gone)', (s) => s.lists);
    gauge('edgetwin_kubernetes_informer_gone', 'Watch ERROR events with 410 Gone since start', (s) => s.gone410);
    gauge('edgetwin_kubernetes_informer_errors', 'Errors other than 410 since start (each followed by a back-off)', (s) => s.errors);
    gauge('edgetwin_kubernetes_objects', 'Objects the informer holds', (_s, r) => (r === 'nodes' ? informers.nodeObjects().length : informers.podObjects().length));

    const audited = new Set<string>();
    // Node changes are coalesced per turn of the event loop: an initial list of 10k pods is one event per node, not 10k.
    const pending = new Map<string, FleetNode>();
    let flush: NodeJS.Immediate | null = null;
    informers.view.onChange((node) => {
      if (opts.fleet) {
        opts.fleet.merge(node.id, 'kubernetes', { state: node.state, running: node.running, labels: node.labels, runningVersion: node.runningVersion }, node.lastSeenMs);
        return;
      }
      pending.set(node.id, node); // the last report of a turn is the node's state at its end
      flush ??= setImmediate(() => {
        flush = null;
        ctx.events.publish('fleet', { nodes: [...pending.values()].map(fleetNodeJson) });
        pending.clear();
      });
    });
    informers.onChange((c) => {
      if (!c.problems.length) return;
      const kind = c.resource === 'nodes' ? 'Node' : 'Pod';
      const key = `${kind}/${c.key}/${c.problems.join(';')}`;
      if (audited.has(key)) return;
      audited.add(key);
      ctx.audit.append({ actor: 'system', action: 'telemetry.malformed', target: `kubernetes ${kind} ${c.key.replace(/^\//, '')}`, outcome: 'refused', reason: c.problems.join('; ') });
    });

    app.get('/api/v1/kubernetes', { config: { role: 'viewer' } }, async () => {
      const f = informers.fabric();
      return { stats: informers.stats(), nodes: f.twinNodes.map(({ schedulerNode: _s, ...n }) => n), placements: f.placements, malformed: f.malformed };
    });
    app.addHook('onClose', async () => { if (flush) clearImmediate(flush); await informers.stop(); });
    informers.start();
    opts.onStart?.(informers);
  };
}
