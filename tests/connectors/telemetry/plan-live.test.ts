/**
 * `edgetwin plan … --against live --gateway URL`: the plan is diffed against the live placement
 * snapshot of a real gateway fed by agents over a real Mosquitto — the live fleet runs the
 * detector on gw-1, the variant puts it on edge-1, so the plan moves it from gw-1 to edge-1
 * (where the baseline variant would see no move). The token comes from --token or
 * EDGETWIN_TOKEN; a missing token or gateway is bad input (2), a refused token a failure (1).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../sim-core/whatif/plan/index.ts';
import { removeDir, startMosquitto, type Mosquitto } from '../support/real-servers.ts';
import type { TestGateway } from '../gateway/support/gateway.ts';
import { listen, liveGateway, runCli, startAgent, waitFor, type TestAgent } from './support/agents.ts';

let broker: Mosquitto;
let gw: TestGateway;
let url = '';
const agents: TestAgent[] = [];
const dir = mkdtempSync(join(tmpdir(), 'edgetwin-plan-live-'));
const EXPERIMENT = 'tests/fixtures/whatif/plan-small.experiment.yaml';

beforeAll(async () => {
  broker = await startMosquitto();
  ({ gw } = await liveGateway(broker.url));
  url = await listen(gw);
  agents.push(await startAgent(broker.url, 'gw-1', { running: ['detect/infer'] }), await startAgent(broker.url, 'edge-1', { running: [] }));
  for (const a of agents) { await a.status('ready'); a.beat(100); }
  await waitFor('both nodes ready', () => gw.app.inject({ method: 'GET', url: '/api/v1/fleet/snapshot', headers: gw.auth(gw.tokens.viewer) })
    .then((r) => (r.json() as { placements: Record<string, string[]> }).placements['detect/infer']?.[0] === 'gw-1'));
});
afterAll(async () => {
  for (const a of agents) await a.stop().catch(() => undefined);
  await gw?.close();
  await broker?.stop();
  if (broker) removeDir(broker.dir);
  removeDir(dir);
});

describe('plan --against live', () => {
  it('diffs the plan against the live placement: detect/infer moves from gw-1 (live) to edge-1', async () => {
    const out = join(dir, 'plan.json');
    const r = await runCli(['plan', EXPERIMENT, '--variant', 'edge', '--seeds', '1', '--against', 'live', '--gateway', url, '--out', out], { EDGETWIN_TOKEN: gw.tokens.viewer });
    expect([0, 1], r.stderr).toContain(r.code);
    expect(r.stderr).toMatch(/against the live fleet at http:\/\/127\.0\.0\.1:\d+\/: 1 service\(s\) placed/);
    const plan = JSON.parse(readFileSync(out, 'utf8')) as Plan;
    expect(plan.against).toMatchObject({ kind: 'snapshot', source: 'live', placements: { 'detect/infer': ['gw-1'] } });
    expect(plan.diff.moved).toEqual([{ service: 'detect/infer', from: ['gw-1'], to: ['edge-1'] }]);
  });

  it('refuses without a token (2), without --gateway (2), and with a revoked token (1), naming the cause', async () => {
    const env = { EDGETWIN_TOKEN: '' };
    const noToken = await runCli(['plan', EXPERIMENT, '--variant', 'edge', '--against', 'live', '--gateway', url, '--out', join(dir, 'x.json')], env);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/--token T or set EDGETWIN_TOKEN/);
    const noGateway = await runCli(['plan', EXPERIMENT, '--variant', 'edge', '--against', 'live', '--token', gw.tokens.viewer, '--out', join(dir, 'x.json')], env);
    expect(noGateway.code).toBe(2);
    expect(noGateway.stderr).toMatch(/--gateway/);
    const revoked = await runCli(['plan', EXPERIMENT, '--variant', 'edge', '--against', 'live', '--gateway', url, '--token', gw.tokens.revoked, '--out', join(dir, 'x.json')], env);
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toMatch(/answered 401/);
  });
});
