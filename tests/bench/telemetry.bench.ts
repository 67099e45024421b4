/**
 * Telemetry ingest benchmarks: heartbeats per second from many agents through a real Mosquitto
 * into the gateway's fleet store (decode, topic/node check, store update, lag histogram), against
 * a bare mqtt.js subscriber on the same broker receiving the same messages (baseline, same run);
 * the ingest's message handler alone (no broker: its own CPU cost per message);
 * a flood of malformed messages through the same path (counted, audited once); and the decoders
 * alone. Medians over repetitions.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { buildGateway } from '../../connectors/gateway/server.ts';
import { createFleetStore } from '../../connectors/live/fleet-store.ts';
import { decodeMetricsReport } from '../../connectors/mqtt/decode-reports.ts';
import { startTelemetryIngest } from '../../connectors/mqtt/ingest.ts';
import { filterFor, topicFor } from '../../connectors/mqtt/topics.ts';
import { decodeFrame, encodeFrame } from '../../sim-core/orchestrator/control/wire.ts';
import { startMosquitto } from '../connectors/support/real-servers.ts';
import { median, type BenchResult, type BenchSuite } from './harness.ts';

const heartbeat = (from: string, atMs: number) => encodeFrame({ v: 1, kind: 'heartbeat', from, to: 'gateway', atMs, observed: null, ack: null, needsStart: false });

async function until(probe: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('benchmark: messages did not arrive in time');
    await new Promise((r) => setImmediate(r));
  }
}

/** Publishes `perAgent` messages from each agent (QoS 1, all in flight together). */
async function publishAll(agents: MqttClient[], ids: string[], perAgent: number, payload: (id: string) => string): Promise<void> {
  await Promise.all(agents.map(async (c, i) => {
    const id = ids[i]!;
    const ps: Promise<unknown>[] = [];
    for (let k = 0; k < perAgent; k++) ps.push(c.publishAsync(topicFor(id, 'heartbeat'), payload(id), { qos: 1 }));
    await Promise.all(ps);
  }));
}

const suite: BenchSuite = {
  name: 'telemetry',
  async run({ quick }) {
    const agentsN = quick ? 20 : 100;
    const perAgent = quick ? 100 : 300;
    const total = agentsN * perAgent;
    const reps = quick ? 3 : 5;
    const broker = await startMosquitto();
    const gw = await buildGateway({ dbPath: join(mkdtempSync(join(tmpdir(), 'edgetwin-bench-')), 'g.db'), options: { mqttUrl: null, prometheusUrl: null, kubeconfig: null, signingKeyPath: null, approvalsRequired: 1 }, modules: [] });
    const fleet = createFleetStore();
    const ingest = startTelemetryIngest({ mqttUrl: broker.url, fleet, ctx: gw.ctx, clientId: 'bench-gateway' });
    await ingest.subscribed;
    const bare = await connectAsync(broker.url, { protocolVersion: 5, clientId: 'bench-bare', clean: true });
    let bareCount = 0;
    bare.on('message', () => { bareCount++; });
    const ids = Array.from({ length: agentsN }, (_, i) => `bench-${i}`);
    const agents = await Promise.all(ids.map((id) => connectAsync(broker.url, { protocolVersion: 5, clientId: `pub-${id}`, clean: true })));
    const out: BenchResult[] = [];
    try {
      // Ingest: both subscribers get every message; each rate is counted to its own last arrival.
      await bare.subscribeAsync(filterFor('heartbeat'), { qos: 1 });
      const ingestRates: number[] = [];
      const bareRates: number[] = [];
      for (let r = 0; r <= reps; r++) {
        const a0 = ingest.stats().accepted;
        const b0 = bareCount;
        const t0 = performance.now();
        let bareMs = 0;
        const bareDone = until(() => bareCount - b0 >= total).then(() => { bareMs = performance.now() - t0; });
        await publishAll(agents, ids, perAgent, (id) => heartbeat(id, Date.now()));
        await until(() => ingest.stats().accepted - a0 >= total);
        const ingestMs = performance.now() - t0;
        await bareDone;
        if (r > 0) { ingestRates.push(total / (ingestMs / 1000)); bareRates.push(total / (bareMs / 1000)); }
      }
      const ing = median(ingestRates);
      const base = median(bareRates);
      out.push({ name: `bare mqtt.js subscriber, ${agentsN} agents × ${perAgent} heartbeats (QoS 1)`, value: base, unit: 'msg/s', note: 'baseline, same run, same broker' });
      out.push({ name: `telemetry ingest into the fleet store, same messages`, value: ing, unit: 'msg/s', note: `${(ing / base).toFixed(2)}× the bare subscriber; both subscribe at once, so near 1× means the ingest keeps up with what the broker delivers` });

      // Malformed flood: counted, audited once per node+kind+reason per minute.
      await bare.unsubscribeAsync(filterFor('heartbeat'));
      const floodRates: number[] = [];
      for (let r = 0; r <= reps; r++) {
        const m0 = ingest.stats().malformed;
        const t0 = performance.now();
        await publishAll(agents, ids, perAgent, () => 'not json at all');
        await until(() => ingest.stats().malformed - m0 >= total);
        if (r > 0) floodRates.push(total / ((performance.now() - t0) / 1000));
      }
      // The ingest's own cost per message, without the broker: its message handler called directly.
      const handlerRates: number[] = [];
      const payloads = ids.map((id) => Buffer.from(heartbeat(id, Date.now())));
      const topics = ids.map((id) => topicFor(id, 'heartbeat'));
      const packet = { retain: false };
      const n = quick ? 20_000 : 100_000;
      for (let r = 0; r <= reps; r++) {
        const t0 = performance.now();
        for (let i = 0; i < n; i++) ingest.client.emit('message', topics[i % agentsN]!, payloads[i % agentsN]!, packet as never);
        if (r > 0) handlerRates.push(n / ((performance.now() - t0) / 1000));
      }
      out.push({ name: `ingest message handler alone (decode, check, store, histogram), ${agentsN} nodes`, value: median(handlerRates), unit: 'msg/s', note: 'no broker: what one core of the gateway can ingest' });
      const audited = (gw.ctx.db.prepare("SELECT COUNT(*) AS c FROM audit WHERE action = 'telemetry.malformed'").get() as { c: number } | undefined)?.c;
      out.push({ name: 'malformed flood through the ingest (not JSON)', value: median(floodRates), unit: 'msg/s', note: `${(reps + 1) * total} refused, ${audited ?? '?'} audit entries (one per node)` });
    } finally {
      await Promise.all(agents.map((c) => c.endAsync()));
      await bare.endAsync();
      await ingest.stop();
      await gw.close();
      await broker.stop();
    }

    // The decoders alone.
    const hb = heartbeat('edge-1', 1_700_000_000_000);
    const mr = JSON.stringify({ v: 1, node: 'edge-1', atMs: 1, intervalMs: 1000, cpuUtilization: 0.5, memoryBytes: 1e9, apps: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`app${i}/svc`, { requests: 10, errorRate: 0, latencyMsP50: 5, latencyMsP95: 9 }])) });
    const n = quick ? 50_000 : 200_000;
    const rate = (fn: () => unknown) => {
      const xs: number[] = [];
      for (let r = 0; r <= reps; r++) { const t0 = performance.now(); for (let i = 0; i < n; i++) fn(); if (r > 0) xs.push(n / ((performance.now() - t0) / 1000)); }
      return median(xs);
    };
    out.push({ name: 'decodeFrame, heartbeat text', value: rate(() => decodeFrame(hb)), unit: 'frames/s', note: `${hb.length} bytes` });
    out.push({ name: 'decodeMetricsReport, 10 apps', value: rate(() => decodeMetricsReport(mr)), unit: 'reports/s', note: `${mr.length} bytes` });
    return out;
  },
};

export default suite;
