/** The route modules `edgetwin serve` installs (the gateway core's; the connectors' are added beside them). */
import { auditRoutes } from './audit-routes.ts';
import type { GatewayModule } from './context.ts';
import { plansRoutes } from './plans-routes.ts';

/** Every route module of the gateway, in installation order. */
export const GATEWAY_MODULES: GatewayModule[] = [auditRoutes, plansRoutes()];
