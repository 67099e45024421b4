/**
 * The fleet over HTTP (docs/live-fleet.md): `GET /api/v1/fleet` (viewer) — every node as
 * live-snapshot.ts shows it, plus how much malformed telemetry was refused — and
 * `GET /api/v1/fleet/snapshot` (viewer) — the live placement snapshot that
 * `edgetwin plan … --against live` diffs a plan against.
 */
import type { GatewayModule } from '../gateway/context.ts';
import { malformedCounts } from '../mqtt/ingest.ts';
import type { FleetView } from './fleet-node.ts';
import { fleetNodeJson, liveSnapshot } from './live-snapshot.ts';

/** The fleet routes over a fleet view. */
export function fleetRoutes(fleet: FleetView): GatewayModule {
  return (app, ctx) => {
    app.get('/api/v1/fleet', { config: { role: 'viewer' } }, async () => {
      const m = await malformedCounts(ctx.metrics);
      return { nodes: fleet.nodes().map(fleetNodeJson), malformed: m.total, malformedBy: m.by, atMs: ctx.nowMs() };
    });
    app.get('/api/v1/fleet/snapshot', { config: { role: 'viewer' } }, async () => liveSnapshot(fleet.nodes(), ctx.nowMs()));
  };
}
