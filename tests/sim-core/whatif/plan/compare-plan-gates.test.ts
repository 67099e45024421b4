/**
 * Compare and plan judge by the same gates (issue 14): `compare fog-placement` named edge-ward
 * the best feasible variant and `plan --variant edge-ward` then refused it, because plan's
 * `data-lost ≤ 0` gate failed on one message lost in the edge crash while compare only looked at
 * the experiment's constraints. Now both evaluate spec.gates on the same per-run numbers: the
 * best feasible variant's plan is approvable, an infeasible variant's plan is blocked by the
 * gate compare named, and plan's gate verdicts equal compare's on the runs they share.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeExperiment, variantGates } from '../../../../sim-core/whatif/analyze.ts';
import { makePlan } from '../../../../sim-core/whatif/plan/make-plan.ts';
import { prepareExperiment } from '../../../../sim-core/whatif/prepare.ts';
import type { ExperimentResult } from '../../../../sim-core/whatif/result.ts';
import { executeRuns } from '../../../../workers/jobs/simulate.ts';

const FILE = 'scenarios/experiments/fog-placement.yaml';
const TEXT = readFileSync(FILE, 'utf8');
const read = (p: string) => readFileSync(resolve(dirname(FILE), p), 'utf8');
const SEEDS = 2;

async function compare(text: string): Promise<ExperimentResult> {
  const p = prepareExperiment(text, FILE, { readScenario: read, seeds: SEEDS });
  return analyzeExperiment(p.meta, await executeRuns(p.inputs, {}));
}
const plan = (text: string, variant: string) => makePlan(text, FILE, { readScenario: read, variant, seeds: SEEDS });

/** The experiment with its gates block replaced. */
function withGates(gates: string): string {
  const out = TEXT.replace(/^ {2}gates:\n(?: {4}.*\n)+/m, `  gates:\n${gates}`);
  expect(out).not.toBe(TEXT);
  return out;
}

describe('compare and plan apply the same gates (fog-placement, 2 seeds)', () => {
  it('the best feasible variant of compare makes an approvable plan; plan and compare agree gate by gate', async () => {
    const r = await compare(TEXT);
    expect(r.meta.gates.maxLostFraction).toBe(0.005);
    // latency-aware: since fog-city has a control plane, a crashed server's detector restarts
    // 2 s after the server is back; meanwhile edge-ward sends site 1's frames to another site's
    // edge, latency-aware to its cloud replica, so its worst p95 is lower (in normal runs they tie).
    expect(r.best).toBe('latency-aware');
    const best = r.variants.find((v) => v.name === 'latency-aware')!;
    expect(best.gates.map((g) => [g.id, g.pass])).toEqual([['latency-slo', true], ['slo-violation-rate', true], ['data-lost', true], ['capacity-headroom', true]]);
    // The edge crash does lose frames: the gate passes on a fraction, not on "none lost".
    expect(best.gates.find((g) => g.id === 'data-lost')!.worst).toBeGreaterThan(0);
    const p = plan(TEXT, 'latency-aware');
    expect(p.status).toBe('approvable');
    // Plan's runs are compare's runs at the first sweep point: the same numbers, the same verdicts.
    const shared = variantGates(r.meta, r.runs.filter((x) => x.variant === 'latency-aware' && x.sweepIndex === 0));
    expect(p.gates.results.map((g) => [g.id, g.pass, g.worst])).toEqual(shared.map((g) => [g.id, g.pass, g.worst]));
  }, 300_000);

  it('the deprecated "maxLostMessages: 0" now fails in compare too, so compare never names a variant plan refuses', async () => {
    const text = withGates('    maxLostMessages: 0\n');
    const r = await compare(text);
    const edge = r.variants.find((v) => v.name === 'edge-ward')!;
    expect(edge.feasible).toBe(false);
    expect(edge.gates.find((g) => g.id === 'lost-messages')!.pass).toBe(false);
    expect(plan(text, 'edge-ward').blockers.join('\n')).toContain('gate lost-messages failed');
    if (r.best !== null) expect(plan(text, r.best).status).toBe('approvable');
  }, 300_000);
});
