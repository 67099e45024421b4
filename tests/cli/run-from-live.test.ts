/**
 * `edgetwin run SCENARIO --from-live --gateway URL`: a what-if from the fleet as it is now. The
 * gateway's fleet says where each service runs and which nodes are out; the run starts placed
 * that way with those nodes down from 0 s (the report shows it), and the user's own --set still
 * applies after. Without --gateway, or --gateway without --from-live, is bad input (exit 2).
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveStart } from '../../cli/lib/from-live.ts';
import { createFleetStore } from '../../connectors/live/fleet-store.ts';
import { ROOT, testGateway, type TestGateway } from '../connectors/gateway/support/gateway.ts';

const SCENARIO = 'tests/fixtures/whatif/plan-small.scenario.yaml';
const fleet = createFleetStore();
let gw: TestGateway;
let base = '';
beforeAll(async () => {
  gw = await testGateway({ modulesInput: { fleet } });
  await gw.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(gw.app.server.address() as { port: number }).port}`;
  // The live fleet: the detector runs on the gateway gw-1 (not where the scenario puts it), edge-1 is offline.
  fleet.merge('gw-1', 'kubernetes', { state: 'ready', running: ['detect/infer'] }, Date.now());
  fleet.merge('edge-1', 'kubernetes', { state: 'offline', running: [] }, Date.now());
  fleet.merge('far-away-9', 'kubernetes', { state: 'ready', running: ['other/app'] }, Date.now());
});
afterAll(async () => { await gw?.close(); });

function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const p = spawn(process.execPath, ['cli/bin.mjs', 'run', ...args], { cwd: ROOT, env: { ...process.env, EDGETWIN_TOKEN: gw.tokens.viewer } });
  let out = '', err = '';
  p.stdout.on('data', (d) => { out += d; });
  p.stderr.on('data', (d) => { err += d; });
  return new Promise((resolve) => p.on('exit', (code) => resolve({ code, out, err })));
}

describe('run --from-live', () => {
  it('turns fleet nodes into placement edits and faults at 0 s (pure)', () => {
    const s = liveStart(
      [{ id: 'gw-1', state: 'ready', workloads: ['detect/infer'] }, { id: 'edge-1', state: 'offline', workloads: [] }, { id: 'x', state: 'down', workloads: ['detect/infer'] }],
      { nodes: [{ id: 'gw-1' }, { id: 'edge-1' }], apps: [{ id: 'detect', services: [{ id: 'infer' }] }] },
    );
    expect(s.sets).toEqual(['spec.apps.detect.services.infer.replicas=1', 'spec.apps.detect.services.infer.placement=[gw-1]']);
    expect(s.faults).toEqual(['node:edge-1@0s']);
    expect(s.notes[1]).toBe('live node(s) not in the scenario, left out: x');
  });

  it('runs the scenario from the live fleet: the detector on the gateway, edge-1 down', async () => {
    const r = await cli([SCENARIO, '--until', '20s', '--from-live', '--gateway', base, '--json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/1 service placement\(s\) and 1 node\(s\) down taken from the live fleet \(3 node\(s\)\) at http/);
    expect(r.err).toMatch(/left out: far-away-9/);
    const report = JSON.parse(r.out) as { nodes: { id: string; cpuUtilization: number; downMs: number }[]; apps: { id: string; completed: number }[] };
    const node = (id: string) => report.nodes.find((n) => n.id === id)!;
    expect(node('edge-1').downMs).toBe(20_000);
    // The one-core gateway now does the detector's work: it is busy, as the live fleet has it.
    expect(node('gw-1').cpuUtilization).toBeGreaterThan(0.5);
    expect(report.apps.find((a) => a.id === 'detect')!.completed).toBeGreaterThan(0);
    // The user's --set comes after the live start: the what-if moves the detector to the cloud —
    // which, with edge-1 (the way to the cloud) down as it is live, gets nothing done.
    const w = await cli([SCENARIO, '--until', '20s', '--from-live', '--gateway', base, '--json', '--set', 'spec.apps.detect.services.infer.placement=[cloud-1]']);
    expect(w.code, w.err).toBe(0);
    const moved = JSON.parse(w.out) as typeof report;
    expect(moved.nodes.find((n) => n.id === 'gw-1')!.cpuUtilization).toBeLessThan(0.5);
    expect(moved.apps.find((a) => a.id === 'detect')!.completed).toBe(0);
  });

  it('is bad input without --gateway, or --gateway without --from-live', async () => {
    const a = await cli([SCENARIO, '--from-live']);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/<--gateway>: .*expected the gateway URL/);
    const b = await cli([SCENARIO, '--gateway', base]);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/only means something with --from-live/);
  });
});
