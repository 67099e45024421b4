import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicFor } from '../../../connectors/mqtt/topics.ts';
import { signedDesiredState } from '../../../connectors/push/desired.ts';
import { createMqttTransport, type MqttTransport } from '../../../connectors/push/mqtt-transport.ts';
import { createPushRunner, type PushRunner } from '../../../connectors/push/runner.ts';
import type { SignedDesiredState } from '../../../connectors/signing/desired-state.ts';
import { generateKeyPair, signatureValid } from '../../../connectors/signing/keys.ts';
import { startMosquitto, type Mosquitto } from '../support/real-servers.ts';
import { pushRoutes } from '../../../connectors/push/routes.ts';
import { offlineOptions, realPlans, testGateway } from '../gateway/support/gateway.ts';
import { fleetPlan, nodeIds, planDb, until } from './support/fixtures.ts';
import { desiredRecorder, fakeAgent, mqttFleet } from './support/mqtt-agents.ts';

const key = generateKeyPair();
let broker: Mosquitto;
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => { broker = await startMosquitto(); });
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  await broker.stop();
});

const finished = (r: PushRunner, id: string) => () => { const p = r.get(id); return p && (p.state === 'done' || p.state === 'rolled-back') ? p : null; };

/** A runner over the real broker with its own transport and fleet view. */
async function liveRunner(nodes: string[], tag: string, thresholds: Record<string, number> = {}) {
  const plan = fleetPlan(nodes, tag);
  const { db, audit } = planDb([plan]);
  const fleet = mqttFleet(broker.url, `fleet-${tag}`);
  await fleet.ready;
  const transport = createMqttTransport({ url: broker.url, clientId: `push-${tag}`, reconnectPeriodMs: 200 });
  await transport.connected();
  const runner = createPushRunner({
    db, audit, fleet, transports: { mqtt: transport }, signer: key, approvalsRequired: 1, tickMs: 50, retryMs: 50, log: () => {},
    thresholds: { sloLatencyMsP95: 100, maxErrorRate: 0.05, timeoutMs: 15_000, ...thresholds },
  });
  runner.start();
  cleanups.push(async () => { await runner.close(); await transport.close(); await fleet.close(); db.close(); });
  return { plan, db, audit, fleet, transport, runner };
}

describe('MQTT transport (real Mosquitto)', () => {
  it('the push module makes its MQTT transport from --mqtt: an approved plan pushed over HTTP reaches the agent', async () => {
    const agent = fakeAgent(broker.url, 'edge-1', key.publicKey);
    await agent.ready;
    cleanups.push(() => agent.stop());
    const fleet = mqttFleet(broker.url, 'fleet-routes');
    await fleet.ready;
    cleanups.push(() => fleet.close());
    const gw = await testGateway({ options: { ...offlineOptions(), mqttUrl: broker.url }, modulesInput: { push: false }, extraModules: [pushRoutes({ fleet, signer: key, tickMs: 50 })] });
    cleanups.push(() => gw.close());
    const plan = realPlans().approvable;
    expect((await gw.app.inject({ method: 'POST', url: '/api/v1/plans', headers: gw.auth(gw.tokens.planner), payload: plan })).statusCode).toBe(201);
    expect((await gw.app.inject({ method: 'POST', url: `/api/v1/plans/${plan.hash}/approve`, headers: gw.auth(gw.tokens.operator), payload: {} })).json().approved).toBe(true);
    const r = await gw.app.inject({ method: 'POST', url: `/api/v1/plans/${plan.hash}/pushes`, headers: gw.auth(gw.tokens.operator), payload: { via: 'mqtt', waves: '1' } });
    expect(r.statusCode).toBe(201);
    const id = r.json().pushId as string;
    const p = await until(async () => { const v = (await gw.app.inject({ method: 'GET', url: `/api/v1/pushes/${id}`, headers: gw.auth(gw.tokens.viewer) })).json(); return v.state === 'done' ? v : null; }, 'the push to be done');
    expect(p.nodes['edge-1']).toMatchObject({ state: 'delivered', version: 1 });
    expect(agent.applied).toEqual([1]);
    expect(agent.received[0]!.payload.workloads).toEqual([{ service: 'detect/infer' }]);
  });

  it('publishes retained QoS 1 on the node\'s desired topic; resolves after PUBACK; a later subscriber still gets it', async () => {
    const t: MqttTransport = createMqttTransport({ url: broker.url, clientId: 'push-retained-test' });
    cleanups.push(() => t.close());
    const signed = signedDesiredState({ node: 'solo-1', version: 7, planHash: 'a'.repeat(64), pushId: 'push-x', services: ['shop/api'], nowMs: Date.now() }, key);
    await t.deliver('solo-1', signed);
    expect(t.stats().acked).toBe(1);
    const late = mqtt.connect(broker.url, { protocolVersion: 5, clientId: 'late-subscriber' });
    cleanups.push(() => late.endAsync(true));
    const got = new Promise<{ topic: string; text: string; retain: boolean }>((resolve) => late.on('message', (topic, buf, p) => resolve({ topic, text: buf.toString(), retain: p.retain })));
    await late.subscribeAsync(topicFor('solo-1', 'desired'), { qos: 1 });
    const m = await got;
    expect(m.topic).toBe('edgetwin/v1/solo-1/desired');
    expect(m.retain).toBe(true);
    const back = JSON.parse(m.text) as SignedDesiredState;
    expect(back.payload.version).toBe(7);
    expect(signatureValid(back, key.publicKey)).toBe(true);
    // a state for another node is refused before anything is sent
    await expect(t.deliver('solo-2', signed)).rejects.toThrow(/for solo-1 handed to solo-2/);
    // the topic is retained, so an older version after a newer one would win: refused; the same one again is a harmless redelivery
    const older = signedDesiredState({ node: 'solo-1', version: 6, planHash: 'a'.repeat(64), pushId: 'push-x', services: [], nowMs: Date.now() }, key);
    await expect(t.deliver('solo-1', older)).rejects.toThrow(/version 6 for solo-1 is older than version 7 already sent/);
    await t.deliver('solo-1', signed);
    expect(t.stats().acked).toBe(2);
  });

  it('a state handed over while the broker is down is published once it is back (resolves on the PUBACK then)', async () => {
    const t = createMqttTransport({ url: broker.url, clientId: 'push-while-down', reconnectPeriodMs: 100 });
    cleanups.push(() => t.close());
    await t.connected();
    await broker.stop();
    const signed = signedDesiredState({ node: 'down-1', version: 4, planHash: 'b'.repeat(64), pushId: 'push-y', services: ['shop/api'], nowMs: Date.now() }, key);
    let settled = false;
    const delivery = t.deliver('down-1', signed).finally(() => { settled = true; });
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false); // no broker, no PUBACK
    broker = await startMosquitto({ port: broker.port, dir: broker.dir });
    await delivery;
    const late = mqtt.connect(broker.url, { protocolVersion: 5, clientId: 'late-subscriber-2' });
    cleanups.push(() => late.endAsync(true));
    const got = new Promise<string>((resolve) => late.on('message', (_t, buf) => resolve(buf.toString())));
    await late.subscribeAsync(topicFor('down-1', 'desired'), { qos: 1 });
    expect((JSON.parse(await got) as SignedDesiredState).payload.version).toBe(4);
  });

  it('the broker restarted in the middle of a push: the push still completes, each node applies its version once', async () => {
    const nodes = nodeIds(4).map((n) => `br-${n}`);
    const agents = nodes.map((n) => fakeAgent(broker.url, n, key.publicKey));
    await Promise.all(agents.map((a) => a.ready));
    cleanups.push(async () => { for (const a of agents) await a.stop(); });
    const { runner, plan } = await liveRunner(nodes, 'restart', { minSoakMs: 300 });
    const r = runner.create({ planHash: plan.hash, via: 'mqtt', waves: '1,2,100%', by: 'olga' });
    const id = r.ok ? r.push.id : '';
    // wave 0 passed and wave 1 started: restart the broker (same port, persistence on)
    await until(() => (runner.get(id)?.currentWave ?? 0) >= 1, 'wave 1 to start');
    expect(runner.get(id)!.state).not.toBe('done');
    broker = await broker.restart();
    const p = await until(finished(runner, id), 'the push to finish', 20_000);
    expect([p.state, p.reason]).toEqual(['done', null]);
    for (const a of agents) expect(a.applied).toEqual([1]);
    expect(Object.values(p.nodes).map((n) => n.version)).toEqual([1, 1, 1, 1]);
  });

  it('an agent offline during a push gets it on reconnect (retained), and the gate waits for it', async () => {
    const nodes = ['off-a', 'off-b', 'off-c'];
    const online = [fakeAgent(broker.url, 'off-a', key.publicKey), fakeAgent(broker.url, 'off-c', key.publicKey)];
    const offline = fakeAgent(broker.url, 'off-b', key.publicKey, { connect: false });
    await Promise.all(online.map((a) => a.ready));
    cleanups.push(async () => { for (const a of [...online, offline]) await a.stop(); });
    const recorder = await desiredRecorder(broker.url);
    cleanups.push(() => recorder.close());
    const { runner, plan } = await liveRunner(nodes, 'offline');
    const r = runner.create({ planHash: plan.hash, via: 'mqtt', waves: '100%', by: 'olga' });
    const id = r.ok ? r.push.id : '';
    // every node's state is on the broker; the gate waits for off-b
    const waiting = await until(() => { const p = runner.get(id); return p?.gate?.reasons.some((x) => x.startsWith('off-b')) ? p : null; }, 'the gate to wait for off-b');
    expect(waiting.state).toBe('gating');
    expect(offline.applied).toEqual([]);
    await offline.start();
    const p = await until(finished(runner, id), 'the push to finish');
    expect(p.state).toBe('done');
    expect(offline.applied).toEqual([1]);
    expect(offline.received.map((s) => s.payload.version)).toEqual([1]);
    // the gateway published each node's state once
    expect(recorder.seen.map((s) => `${s.node}@${s.version}`).sort()).toEqual(['off-a@1', 'off-b@1', 'off-c@1']);
  });
});
