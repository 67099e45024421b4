/**
 * The run summary explains itself (issue 14): the README's "what if detection ran in the cloud?"
 * run printed 0 completed, NaN latencies and 35,990 policy-denied drops with no word of why.
 * Now an app with nothing completed says so with the top reasons, and drops that are mostly
 * policy-denied name the policy that refused them.
 */
import { describe, expect, it } from 'vitest';
import { explanations, summarize, summaryContext, topReasons } from '../../../cli/lib/run-summary.ts';
import { loadScenario } from '../../../cli/lib/scenario.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import type { RunReport } from '../../../sim-core/twin/report.ts';

function run(file: string, sets: string[], durationMs: number) {
  const { model, build } = loadScenario(file, { sets, durationMs });
  const sim = new Simulation(model, build);
  sim.runToEnd();
  return { report: sim.report(), ctx: summaryContext(model, build) };
}

const CLOUD = 'spec.apps.traffic.services.detect.placement=[cloud-gpu-1, cloud-gpu-2]';

describe('run summary', () => {
  it('detection in the cloud under the privacy policies: no NaN, "completed no message", the denying policy by name', () => {
    const { report, ctx } = run('scenarios/smart-city-cameras.yaml', [CLOUD], 20_000);
    expect(report.apps[0]!.completed).toBe(0);
    expect(report.policies).toMatchObject({ deniedRoutes: { 'pii-stays-in-city': expect.any(Number) } });
    const text = summarize(report, ctx);
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(text).toMatch(/^traffic\s+0\s+—\s+—\s+—\s+—\s+p95 ≤ 150 ms MISSED\s+—\s+[\d,]+\s+0$/m);
    expect(text).toMatch(/^note {7}traffic completed no message, so it has no latency: [\d,]+ dropped, 0 lost \(in the whole run: dropped\/policy-denied [\d,]+\)$/m);
    expect(text).toMatch(/^policies {3}all [\d,]+ drops are policy-denied: residency policy pii-stays-in-city refused \d+ routes? \(policies\/city-privacy\.yaml\)$/m);
    expect(text).toContain("--set 'spec.orchestrator.policies=[]'");
  });

  it('without the policies the same placement completes, and the summary has nothing to explain', () => {
    const { report, ctx } = run('scenarios/smart-city-cameras.yaml', [CLOUD, 'spec.orchestrator.policies=[]'], 20_000);
    expect(report.apps[0]!.completed).toBeGreaterThan(0);
    expect(explanations(report, ctx)).toEqual([]);
    expect(summarize(report, ctx)).toMatch(/^app\s+completed\s+mean \(ms\)\s+p50 \(ms\)\s+p95 \(ms\)\s+p99 \(ms\)\s+SLO\s+violations \(%\)\s+dropped\s+lost$/m);
  });

  it('one format per column with human units: separators, MiB, Wh, $ with cents, durations', () => {
    const { report, ctx } = run('scenarios/factory-maintenance.yaml', [], 120_000);
    const text = summarize(report, ctx);
    expect(text).toMatch(/^factory-maintenance {2}seed 42 {2}simulated 2 min {2}[\d,]+ events {2}trace [0-9a-f]{16}$/m);
    expect(text).toMatch(/network {4}WAN [\d.]+ (KiB|MiB|GiB) {3}energy [\d.]+ Wh {3}cost \$\d+\.\d\d/);
    expect(text).toMatch(/p99 ≤ 100 ms (met|MISSED)/);
    expect(text).not.toMatch(/NaN|Infinity|\de[+-]\d/);
  });

  it('an app with nothing delivered and nothing dropped points at messages still in flight', () => {
    const r = {
      apps: [{ id: 'slow', completed: 0, dropped: 0, lost: 0 }],
      conservation: { droppedBy: {}, lostBy: {}, dropped: 0, inFlight: 12 },
    } as unknown as RunReport;
    expect(explanations(r)).toEqual(['note       slow completed no message, so it has no latency; 12 messages were still in flight at the end (try a longer --until)']);
  });

  it('policy drops that are a minority of the drops are not blamed on the policies', () => {
    const r = { apps: [], conservation: { droppedBy: { 'policy-denied': 10, 'queue-full': 90 }, lostBy: {}, dropped: 100, inFlight: 0 } } as unknown as RunReport;
    expect(explanations(r)).toEqual([]);
  });

  it('topReasons: largest first, ties by name, at most k', () => {
    expect(topReasons({ b: 5, a: 5, c: 9, d: 0 }, 2)).toBe('c 9, a 5');
    expect(topReasons({ 'queue-full': 12_345 }, 3, 'dropped/')).toBe('dropped/queue-full 12,345');
  });
});
