/**
 * The Compare controller (app/compare/controller.ts) over the worker_threads pool — the same
 * jobs the browser pool runs: a comparison's result equals analyzeExperiment over runs simulated
 * in this thread; progress climbs to every run; Cancel stops it; a broken experiment starts no
 * worker; and the 'plan' job in a worker seals the same plan (same hash) as makePlan in-thread.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../../sim-core/whatif/analyze.ts';
import { makePlan } from '../../../sim-core/whatif/plan/make-plan.ts';
import { prepareExperiment } from '../../../sim-core/whatif/prepare.ts';
import { simulateRun } from '../../../sim-core/whatif/simulate-run.ts';
import { createCompareController, type CompareRequest, type RunState } from '../../../app/compare/controller.ts';
import { createNodePool } from '../../../workers/node-pool.ts';
import { fileReader, planJob, withUntil, type PlanJobOutput } from '../../../workers/jobs/plan.ts';
import type { Pool } from '../../../workers/pool.ts';
import { bundledFiles } from './bundled-files.ts';

const files = bundledFiles();
const FILE = 'scenarios/experiments/fog-placement.yaml';
const pools: Pool[] = [];
let clock = 0;
const controller = createCompareController({
  createPool: (size) => { const p = createNodePool({ size }); pools.push(p); return p; },
  files, now: () => ++clock, progressEveryMs: 0, yieldToUi: async () => {},
});
afterAll(async () => { await Promise.all(pools.map((p) => p.close())); });

const req = (over: Partial<CompareRequest> = {}): CompareRequest => ({ text: files[FILE]!, file: FILE, seeds: 1, untilMs: 4000, workers: 2, ...over });

describe('compare on the worker pool', () => {
  it('equals analyzeExperiment over the same runs simulated in this thread; progress reaches every run', async () => {
    const seen: RunState[] = [];
    const unsub = controller.store.subscribe((s) => { if (s.run) seen.push(s.run); });
    const run = await controller.compare(req());
    unsub();
    expect(run.phase).toBe('done');
    const prepared = prepareExperiment(files[FILE]!, FILE, { readScenario: fileReader(files, FILE), seeds: 1, untilMs: 4000 });
    const expected = analyzeExperiment(prepared.meta, prepared.inputs.map((i) => simulateRun(i)));
    expect(run.result).toEqual(expected);
    expect(run.total).toBe(24);
    expect(run.done).toBe(24);
    expect(run.fraction).toBe(1);
    // Phases in order, progress never going back.
    expect([...new Set(seen.map((s) => s.phase))]).toEqual(['preparing', 'running', 'done']);
    const fr = seen.filter((s) => s.phase === 'running').map((s) => s.fraction);
    for (let i = 1; i < fr.length; i++) expect(fr[i]!).toBeGreaterThanOrEqual(fr[i - 1]!);
    expect(pools.at(-1)!.size).toBe(2);
    // The warning about the edge crash at 10 s, which 4 s runs never reach.
    expect(run.warnings.join()).toContain('node:site-1-edge@10s+20s');
  });

  it('Cancel stops a comparison; its state says how far it got', async () => {
    const done = controller.compare(req({ seeds: 2, untilMs: 60_000 }));
    await new Promise<void>((resolve) => {
      const unsub = controller.store.subscribe((s) => { if (s.run?.phase === 'running' && s.run.fraction > 0) { unsub(); resolve(); } });
    });
    controller.cancel();
    const run = await done;
    expect(run.phase).toBe('cancelled');
    expect(run.done).toBeLessThan(run.total);
    expect(run.result).toBeNull();
  });

  it('a broken experiment reports its issues and starts no worker', async () => {
    const before = pools.length;
    const run = await controller.compare(req({ text: files[FILE]!.replace('latencyP95Ms\n', 'latencyP95\n') }));
    expect(run.phase).toBe('invalid');
    expect(run.issues[0]!.message).toMatch(/unknown metric 'latencyP95'/);
    expect(run.issues[0]!.line).toBeGreaterThan(0);
    expect(pools.length).toBe(before);
  });
});

describe('plan in a pool worker', () => {
  it('seals the same plan (same hash) as makePlan in this thread, with the comparison\'s seeds and simulated time', async () => {
    const run = await controller.compare(req());
    expect(run.phase).toBe('done');
    const progress: number[] = [];
    const unsub = controller.store.subscribe((s) => { if (s.plan?.phase === 'running' && s.plan.total) progress.push(s.plan.done); });
    const p = await controller.makePlan('edge-ward');
    unsub();
    expect(p?.phase).toBe('done');
    const read = fileReader(files, FILE);
    const expected = makePlan(withUntil(files[FILE]!, 4000), FILE, { variant: 'edge-ward', seeds: 1, readScenario: read, readPolicy: (s, q) => fileReader(files, `scenarios/experiments/${s}`)(q) });
    expect(p!.plan).toEqual(expected);
    expect(p!.plan!.hash).toBe(expected.hash);
    expect(p!.plan!.validation).toMatchObject({ seeds: [1], durationMs: 4000, runs: 2 });
    expect(progress.at(-1)).toBe(2);
    controller.closePlan();
    expect(controller.store.getState().plan).toBeNull();
  });

  it('an unknown variant comes back as located issues, not a worker error', async () => {
    const out = await planJob({ text: files[FILE]!, file: FILE, variant: 'edge-wrd', files }, () => {}) as PlanJobOutput;
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.issues[0]!.message).toMatch(/unknown variant 'edge-wrd'; did you mean 'edge-ward'/);
  });

  it('withUntil sets spec.until and keeps the rest of the document', () => {
    const t = withUntil(files[FILE]!, 4000);
    expect(t).toMatch(/^ {2}until: 4s$/m);
    expect(t).toContain('# What-if: where should video detection run');
    expect(withUntil('not: [yaml', 5000)).toBe('not: [yaml');
    expect(withUntil('kind: Experiment\nspec:\n  seeds: [1]\n', 1500)).toContain('until: 1500ms');
  });
});
