/**
 * The route modules `edgetwin serve` installs, built per gateway around one fleet store and one
 * set of push transports: the live module first (it restores the last fleet from SQLite and starts
 * the MQTT ingest when --mqtt is set), the Kubernetes module (informers into the same fleet and the
 * server-side-apply transport, when --kubeconfig is set), the core's audit and plans routes, the
 * fleet routes, the push routes (MQTT transport from --mqtt, signing key from --key), then the
 * caller's extra modules (shadow mode) with the same fleet.
 */
import { auditRoutes } from './audit-routes.ts';
import type { GatewayModule } from './context.ts';
import { plansRoutes } from './plans-routes.ts';
import { fleetRoutes } from '../live/fleet-routes.ts';
import { createFleetStore, type FleetStore } from '../live/fleet-store.ts';
import { liveModule, type LiveModuleOptions } from '../live/live-module.ts';
import { kubernetesModule } from '../kubernetes/gateway-module.ts';
import { pushesFor, pushRoutes, type PushRoutesOptions } from '../push/routes.ts';
import type { PushTransport } from '../push/transport.ts';

/** What a gateway's module list is built from. */
export interface GatewayModulesInput {
  /** The fleet store (a fresh one when absent). */
  fleet?: FleetStore;
  live?: LiveModuleOptions;
  /** Push options beyond the fleet and transports (gate thresholds, tick); false: no push routes (a test installing its own). */
  push?: Omit<PushRoutesOptions, 'fleet' | 'transports'> | false;
  /** Namespace the Kubernetes push applies Deployments in (default 'default'). */
  kubernetesNamespace?: string;
  /** false: no Kubernetes module (a test installing its own). */
  kubernetes?: false;
  /** Modules installed after the core ones (shadow mode), sharing `fleet`. */
  extra?: (fleet: FleetStore) => GatewayModule[];
}

/** The gateway's modules, in installation order, and the fleet they share. */
export function gatewayModules(input: GatewayModulesInput = {}): { fleet: FleetStore; modules: GatewayModule[] } {
  const fleet = input.fleet ?? createFleetStore();
  // Shared by reference: the Kubernetes module sets `kubernetes`, the push module looks it up at each use.
  const transports: { kubernetes?: PushTransport } = {};
  return {
    fleet,
    modules: [
      liveModule(fleet, input.live),
      ...(input.kubernetes === false ? [] : [kubernetesModule({ fleet, transports, ...(input.kubernetesNamespace ? { namespace: input.kubernetesNamespace } : {}) })]),
      auditRoutes,
      plansRoutes({ pushesFor }),
      fleetRoutes(fleet),
      ...(input.push === false ? [] : [pushRoutes({ ...input.push, fleet, transports })]),
      ...(input.extra?.(fleet) ?? []),
    ],
  };
}
