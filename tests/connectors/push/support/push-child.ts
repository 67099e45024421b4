/**
 * A small gateway for the SIGKILL test, run as its own process (`node --import tsx`): the push
 * runner over the given SQLite file, the MQTT transport and an MQTT-fed fleet view. It starts the
 * push of PUSH_PLAN when the database has none (else it resumes it, as a restarted gateway does),
 * prints one JSON line per change of the push, and exits 0 once the push is done or rolled back.
 * Environment: PUSH_DB, PUSH_KEY (private key file), PUSH_MQTT, PUSH_PLAN (hash), PUSH_WAVES,
 * PUSH_THRESHOLDS (JSON).
 */
import { openAuditLog } from '../../../../connectors/gateway/audit-log.ts';
import { openDb } from '../../../../connectors/gateway/db.ts';
import { loadSigningKey } from '../../../../connectors/push/desired.ts';
import { createMqttTransport } from '../../../../connectors/push/mqtt-transport.ts';
import { createPushRunner } from '../../../../connectors/push/runner.ts';
import { pushIdFor } from '../../../../connectors/push/store.ts';
import { mqttFleet } from './mqtt-agents.ts';

const env = (k: string) => { const v = process.env[k]; if (!v) throw new Error(`push-child: ${k} is not set`); return v; };

const db = openDb(env('PUSH_DB'));
const audit = openAuditLog(db);
const url = env('PUSH_MQTT');
// The same client id in both runs: a persistent session, as the gateway's telemetry ingest keeps.
const fleet = mqttFleet(url, 'child-fleet', { persistent: true });
await fleet.ready;
const transport = createMqttTransport({ url, clientId: 'child-push', reconnectPeriodMs: 200 });
await transport.connected();
const planHash = env('PUSH_PLAN');
const id = pushIdFor(planHash);
const say = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);
const runner = createPushRunner({
  db, audit, fleet, transports: { mqtt: transport }, signer: loadSigningKey(env('PUSH_KEY')), approvalsRequired: 1, tickMs: 50, retryMs: 50,
  thresholds: JSON.parse(env('PUSH_THRESHOLDS')) as Record<string, number>,
  onChange: (p) => say({ state: p.state, wave: p.currentWave }),
});
const resumed = runner.get(id) !== null;
runner.start();
say({ started: true, resumed, pid: process.pid });
if (!resumed) {
  const r = runner.create({ planHash, via: 'mqtt', waves: env('PUSH_WAVES'), by: 'olga' });
  if (!r.ok) { say({ refused: r.reason }); process.exit(3); }
}
for (;;) {
  const p = runner.get(id);
  if (p && (p.state === 'done' || p.state === 'rolled-back')) break;
  await new Promise((r) => setTimeout(r, 25));
}
await runner.idle();
await runner.close();
await transport.close();
await fleet.close();
db.close();
say({ exit: true });
process.exit(0);
