/**
 * The shipped experiments, each run at a reduced size (few seeds, short --until), asserting the
 * direction of its result — the claim its comment makes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../../../cli/commands/compare.ts';
import { analyzeExperiment } from '../../../sim-core/whatif/analyze.ts';
import type { CellResult, ExperimentResult } from '../../../sim-core/whatif/result.ts';
import { executeRuns } from '../../../workers/jobs/simulate.ts';
import { createNodePool } from '../../../workers/node-pool.ts';

const pool = createNodePool({ size: 2 });
afterAll(() => pool.close());

async function run(file: string, seeds: number, untilMs: number): Promise<ExperimentResult> {
  const p = loadExperiment(`scenarios/experiments/${file}`, { seeds, untilMs });
  const result = analyzeExperiment(p.meta, await executeRuns(p.inputs, { pool }));
  expect(result.failedRuns).toBe(0);
  return result;
}

const cell = (r: ExperimentResult, variant: string, sweepIndex: number, faultSet: string): CellResult =>
  r.cells.find((c) => c.variant === variant && c.sweepIndex === sweepIndex && c.faultSet === faultSet)!;
const mean = (c: CellResult, key: string) => c.metrics[key]!.mean!;

describe('fog-placement.yaml', () => {
  it('edge-ward beats cloud-only on p95 latency and WAN bytes, and the gap grows with cameras', async () => {
    const r = await run('fog-placement.yaml', 3, 20_000);
    const points = r.meta.sweep!.values.length;
    const gaps: { latency: number; wan: number }[] = [];
    for (let s = 0; s < points; s++) {
      const cloud = cell(r, 'cloud-only', s, 'normal');
      const edge = cell(r, 'edge-ward', s, 'normal');
      expect(edge.vsBaseline.latencyP95Ms!.verdict, `p95 at sweep point ${s}`).toBe('better');
      expect(edge.vsBaseline.wanBytes!.verdict, `WAN bytes at sweep point ${s}`).toBe('better');
      gaps.push({ latency: mean(cloud, 'latencyP95Ms') - mean(edge, 'latencyP95Ms'), wan: mean(cloud, 'wanBytes') - mean(edge, 'wanBytes') });
    }
    expect(gaps.at(-1)!.latency).toBeGreaterThan(gaps[0]!.latency);
    for (let s = 1; s < points; s++) expect(gaps[s]!.wan).toBeGreaterThan(gaps[s - 1]!.wan);
    expect(r.best).not.toBe('cloud-only');
  }, 300_000);
});

describe('scaling-diurnal.yaml', () => {
  it('more replicas lower p95 latency at the peak but raise cost and energy', async () => {
    const r = await run('scaling-diurnal.yaml', 3, 30_000);
    const peak = r.meta.sweep!.values.length - 1;
    const [one, two, four] = ['replicas-1', 'replicas-2', 'replicas-4'].map((v) => cell(r, v, peak, 'normal'));
    expect(mean(four!, 'latencyP95Ms')).toBeLessThan(mean(one!, 'latencyP95Ms'));
    expect(four!.vsBaseline.latencyP95Ms!.verdict).toBe('better');
    expect(mean(one!, 'costUsd')).toBeLessThan(mean(two!, 'costUsd'));
    expect(mean(two!, 'costUsd')).toBeLessThan(mean(four!, 'costUsd'));
    expect(mean(one!, 'energyWh')).toBeLessThan(mean(two!, 'energyWh'));
    expect(mean(two!, 'energyWh')).toBeLessThan(mean(four!, 'energyWh'));
    expect(four!.vsBaseline.costUsd!.verdict).toBe('worse');
  }, 300_000);
});

describe('control-plane-partition.yaml', () => {
  it('under the north partition with a crash inside it, hierarchical control keeps the north available; decentralized minority refuses', async () => {
    const r = await run('control-plane-partition.yaml', 2, 20 * 60_000);
    expect(r.meta.variants.map((v) => v.name)).toEqual(['centralized', 'hierarchical', 'decentralized']);
    const [central, hier, dec] = ['centralized', 'hierarchical', 'decentralized'].map((v) => cell(r, v, 0, r.meta.faultSets[0]!.name));
    expect(mean(hier!, 'north-vision.appAvailability')).toBeGreaterThan(mean(central!, 'north-vision.appAvailability'));
    expect(mean(hier!, 'north-vision.dropped')).toBeLessThan(mean(central!, 'north-vision.dropped'));
    expect(mean(hier!, 'recoveryMs')).toBeLessThan(mean(central!, 'recoveryMs'));
    expect(mean(central!, 'falseSuspicions')).toBeGreaterThan(0);
    expect(mean(dec!, 'controlRefused')).toBeGreaterThan(0);
    expect(r.best).toBe('hierarchical');
  }, 300_000);
});
