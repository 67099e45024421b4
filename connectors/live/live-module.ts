/**
 * Live mode in the gateway: the module that keeps the fleet store following the fleet. On start
 * it restores the newest fleet snapshot from SQLite (a restarted gateway knows the last fleet),
 * then runs the silence sweep (nodes silent past the store's offlineAfterMs go offline), saves a
 * snapshot periodically when the fleet changed, publishes fleet changes on the event stream
 * ('fleet'), and — when `edgetwin serve --mqtt URL` set ctx.options.mqttUrl — starts the MQTT
 * telemetry ingest. Everything stops, and a last snapshot is saved, when the app closes.
 */
import type { GatewayModule } from '../gateway/context.ts';
import { startTelemetryIngest, telemetryMetrics, type TelemetryIngest, type TelemetryIngestInput } from '../mqtt/ingest.ts';
import { FLEET_EVENT_THROTTLE_MS, publishFleetChanges } from './fleet-events.ts';
import { ensureFleetSnapshotSchema, loadLatestFleetSnapshot, saveFleetSnapshot } from './fleet-snapshots.ts';
import type { FleetStore } from './fleet-store.ts';

/** How often silent nodes are looked for. */
export const SWEEP_EVERY_MS = 1000;
/** How often the fleet is saved (when it changed). */
export const PERSIST_EVERY_MS = 10_000;

/** Intervals and hooks a test (or a deployment) can change. */
export interface LiveModuleOptions {
  sweepEveryMs?: number;
  persistEveryMs?: number;
  eventThrottleMs?: number;
  /** Extra options for the ingest (client id, mqtt.js options). */
  ingest?: Partial<Omit<TelemetryIngestInput, 'mqttUrl' | 'fleet' | 'ctx'>>;
  /** Called with the ingest once it started (tests wait on its `subscribed`). */
  onIngest?: (ingest: TelemetryIngest) => void;
}

/** The live module over `fleet` (share the same store with fleetRoutes and the push / shadow modules). */
export function liveModule(fleet: FleetStore, opts: LiveModuleOptions = {}): GatewayModule {
  return (app, ctx) => {
    ensureFleetSnapshotSchema(ctx.db);
    telemetryMetrics(ctx.metrics);
    const last = loadLatestFleetSnapshot(ctx.db);
    fleet.restore(last?.nodes ?? []);
    // Nodes already silent for long are offline from the start, not for the first sweep interval.
    fleet.sweep(ctx.nowMs());
    let savedAt = fleet.changes();
    const save = () => {
      if (fleet.changes() === savedAt) return;
      savedAt = fleet.changes();
      try { saveFleetSnapshot(ctx.db, fleet.nodes(), ctx.nowMs()); } catch { /* retried on the next tick; the live fleet is in memory */ }
    };
    const sweep = setInterval(() => fleet.sweep(ctx.nowMs()), opts.sweepEveryMs ?? SWEEP_EVERY_MS);
    const persist = setInterval(save, opts.persistEveryMs ?? PERSIST_EVERY_MS);
    sweep.unref(); persist.unref();
    const stopEvents = publishFleetChanges(fleet, ctx.events, opts.eventThrottleMs ?? FLEET_EVENT_THROTTLE_MS);
    const ingest = ctx.options.mqttUrl ? startTelemetryIngest({ ...opts.ingest, mqttUrl: ctx.options.mqttUrl, fleet, ctx }) : null;
    if (ingest) opts.onIngest?.(ingest);
    app.addHook('onClose', async () => {
      clearInterval(sweep); clearInterval(persist);
      await ingest?.stop();
      stopEvents();
      save();
    });
  };
}
