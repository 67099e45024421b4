/**
 * Record → replay, end to end: `edgetwin record` follows a real gateway's event stream while
 * agents on a real Mosquitto heartbeat; edge-1's agent is killed (its last will marks it offline)
 * and comes back; a node the scenario does not know is also there. `edgetwin replay` on the
 * plan-small scenario turns the recorded outage into `node:edge-1@…+…` and runs baseline and
 * `--set spec.orchestrator.profile=default` with and without it: node availability drops by
 * exactly the recorded outage for both (and nothing is delivered better), and the stranger is left out. A
 * broken recording is refused naming file:line.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRecording } from '../../../connectors/live/recording.ts';
import type { ExperimentResult } from '../../../sim-core/whatif/result.ts';
import { renderOutageCost, renderTimeline, replay, type ReplayTimeline } from '../../../cli/commands/replay.ts';
import { removeDir, startMosquitto, type Mosquitto } from '../support/real-servers.ts';
import type { TestGateway } from '../gateway/support/gateway.ts';
import { listen, liveGateway, runCli, startAgent, startCli, waitFor, type TestAgent } from './support/agents.ts';

let broker: Mosquitto;
let gw: TestGateway;
let url = '';
const agents: TestAgent[] = [];
const dir = mkdtempSync(join(tmpdir(), 'edgetwin-record-'));
const SCENARIO = 'tests/fixtures/whatif/plan-small.scenario.yaml';

beforeAll(async () => {
  broker = await startMosquitto();
  ({ gw } = await liveGateway(broker.url));
  url = await listen(gw);
});
afterAll(async () => {
  for (const a of agents) await a.stop().catch(() => undefined);
  await gw?.close();
  await broker?.stop();
  if (broker) removeDir(broker.dir);
  removeDir(dir);
});

const state = async (id: string) => (await gw.app.inject({ method: 'GET', url: '/api/v1/fleet', headers: gw.auth(gw.tokens.viewer) })).json<{ nodes: { id: string; state: string }[] }>().nodes.find((n) => n.id === id)?.state;

describe('record → replay', () => {
  it('records an outage of edge-1 and replays it: the comparison shows what the outage cost', async () => {
    for (const id of ['gw-1', 'edge-1', 'stranger-1']) {
      const a = await startAgent(broker.url, id, { running: id === 'edge-1' ? ['detect/infer'] : [] });
      await a.status('ready'); a.beat(100); agents.push(a);
    }
    await waitFor('three ready nodes', async () => (await state('edge-1')) === 'ready' && (await state('stranger-1')) === 'ready');
    const out = join(dir, 'incident.jsonl');
    const recorder = startCli(['record', '--gateway', url, '--out', out, '--token', gw.tokens.viewer, '--duration', '60s']);
    // The recorder has subscribed once its starting fleet is on disk.
    await waitFor('the recorder to start', () => { try { return readFileSync(out, 'utf8').includes('"initial":true'); } catch { return false; } }, 15_000);
    agents.find((a) => a.id === 'edge-1')!.kill();
    agents.find((a) => a.id === 'stranger-1')!.kill();
    await waitFor('edge-1 offline', async () => (await state('edge-1')) === 'offline');
    const back = await startAgent(broker.url, 'edge-1', { running: ['detect/infer'] });
    agents.push(back);
    await back.status('ready'); back.beat(100);
    await waitFor('edge-1 back', async () => (await state('edge-1')) === 'ready');
    await waitFor('the recorder to write edge-1 ready again', () => {
      const lines = parseRecording(readFileSync(out, 'utf8'), out);
      const states = lines.filter((l) => l.topic === 'fleet').flatMap((l) => (l.data as { nodes: { id: string; state: string }[] }).nodes.filter((n) => n.id === 'edge-1').map((n) => n.state));
      return states.lastIndexOf('ready') > states.indexOf('offline') && states.includes('offline');
    });
    // Stop the recorder as a person would: Ctrl-C.
    recorder.child.kill('SIGINT');
    const rec = await recorder.done;
    expect(rec.code, rec.stderr).toBe(0);
    expect(rec.stderr).toMatch(/recorded .*fleet \d+/);

    const events = parseRecording(readFileSync(out, 'utf8'), out);
    expect(events[0]).toMatchObject({ topic: 'record', data: { format: 'edgetwin-record/v1' } });
    expect(events[1]).toMatchObject({ topic: 'fleet', data: { initial: true } });

    const r = await runCli(['replay', out, '--scenario', SCENARIO, '--set', 'spec.orchestrator.profile=default', '--seeds', '1', '--until', '30s', '--workers', '0', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { timeline, result } = JSON.parse(r.stdout) as { timeline: ReplayTimeline; result: ExperimentResult };
    expect(timeline.unknownNodes).toEqual(['stranger-1']);
    expect(r.stderr).toMatch(/stranger-1/);
    const edge = timeline.outages.filter((o) => o.node === 'edge-1');
    expect(edge).toHaveLength(1);
    expect(edge[0]!.untilMs).not.toBeNull();
    expect(edge[0]!.untilMs!).toBeGreaterThan(edge[0]!.fromMs);
    expect(edge[0]!.untilMs!).toBeLessThanOrEqual(timeline.spanMs);
    expect(timeline.faults).toEqual([`node:edge-1@${Math.round(edge[0]!.fromMs)}ms+${Math.round(edge[0]!.untilMs! - edge[0]!.fromMs)}ms`]);
    expect(result.meta.faultSets.map((f) => [f.name, f.faults])).toEqual([['no-outage', []], ['recorded', timeline.faults]]);
    const cell = (variant: string, faultSet: string) => result.cells.find((c) => c.variant === variant && c.faultSet === faultSet)!;
    for (const v of ['baseline', 'variant']) {
      const calm = cell(v, 'no-outage');
      const hit = cell(v, 'recorded');
      // Node availability = 1 − down time / (7 nodes × 30 s): exactly the recorded outage of edge-1, nothing else.
      const downMs = Math.round(edge[0]!.untilMs! - edge[0]!.fromMs);
      expect(calm.metrics.availability!.mean!).toBe(1);
      expect(hit.metrics.availability!.mean!).toBeCloseTo(1 - downMs / (7 * 30_000), 9);
      // A short outage may cost no message (retries, buffers); it can never deliver more.
      expect(hit.metrics.deliveryRatio!.mean!).toBeLessThanOrEqual(calm.metrics.deliveryRatio!.mean!);
    }
    expect(result.meta.variants.find((v) => v.name === 'variant')!.set).toEqual(['spec.orchestrator.profile=default']);
    // And the human output says the same.
    const text = `${renderTimeline(timeline)}\n${renderOutageCost(result)}`;
    expect(text).toMatch(/edge-1\s+offline\s+from \+/);
    expect(text).toContain(`faults replayed: ${timeline.faults[0]}`);
    expect(text).toMatch(/baseline\s+availability\s+1\s+0\.\d+\s+-0\.\d+/);
  });

  it('refuses a broken recording naming file:line and the field, and a replay without --set', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify({ atMs: 1, topic: 'record', data: {} })}\n\n{"atMs": "soon", "topic": "fleet", "data": {}}\nnot json\n${JSON.stringify({ atMs: 5, topic: 'fleet', data: { nodes: [{ id: 'a', state: 'sleepy' }] } })}\n`);
    const r = await runCli(['replay', bad, '--scenario', SCENARIO, '--set', 'spec.orchestrator.profile=default']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.jsonl:3:1.*atMs/);
    expect(r.stderr).toMatch(/bad\.jsonl:4:1/);
    expect(r.stderr).toMatch(/bad\.jsonl:5:1.*data\.nodes\[0\]\.state/);
    await expect(replay(bad, { scenario: SCENARIO, set: [] })).rejects.toThrow(/--set spec\.orchestrator\.profile=default/);
  });

  it('record refuses a revoked token before it writes anything (exit 1, the gateway\'s 401 quoted)', async () => {
    const out = join(dir, 'never.jsonl');
    const r = await runCli(['record', '--gateway', url, '--out', out, '--token', gw.tokens.revoked, '--duration', '5']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/answered 401 to GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/fleet/);
    expect(existsSync(out)).toBe(false);
  });
});

