/**
 * The route modules `edgetwin serve` installs, built per gateway around one fleet store: the live
 * module first (it restores the last fleet from SQLite and starts the MQTT ingest when --mqtt is
 * set), then the core's audit and plans routes and the fleet routes; the connectors' modules
 * (shadow mode, pushes) are added by the caller with the same fleet.
 */
import { auditRoutes } from './audit-routes.ts';
import type { GatewayModule } from './context.ts';
import { plansRoutes, type PlansRoutesOptions } from './plans-routes.ts';
import { fleetRoutes } from '../live/fleet-routes.ts';
import { createFleetStore, type FleetStore } from '../live/fleet-store.ts';
import { liveModule, type LiveModuleOptions } from '../live/live-module.ts';

/** What a gateway's module list is built from. */
export interface GatewayModulesInput {
  /** The fleet store (a fresh one when absent). */
  fleet?: FleetStore;
  live?: LiveModuleOptions;
  plans?: PlansRoutesOptions;
  /** Modules installed after the core ones (shadow mode, pushes), sharing `fleet`. */
  extra?: (fleet: FleetStore) => GatewayModule[];
}

/** The gateway's modules, in installation order, and the fleet they share. */
export function gatewayModules(input: GatewayModulesInput = {}): { fleet: FleetStore; modules: GatewayModule[] } {
  const fleet = input.fleet ?? createFleetStore();
  return { fleet, modules: [liveModule(fleet, input.live), auditRoutes, plansRoutes(input.plans), fleetRoutes(fleet), ...(input.extra?.(fleet) ?? [])] };
}
