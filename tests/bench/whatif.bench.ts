/**
 * What-if benchmarks: 100 runs (2 variants × 50 seeds) of a 1 001-node generated scenario on 1
 * and 2 worker threads (the issue's target: ≥ 1.8× on 2 workers), the per-run cost of the pool
 * round trip against an in-thread run, and the size of the ExperimentResult JSON.
 */
import { readFileSync } from 'node:fs';
import { renderHtmlReport } from '../../app/report/index.ts';
import { analyzeExperiment } from '../../sim-core/whatif/analyze.ts';
import { prepareExperiment } from '../../sim-core/whatif/prepare.ts';
import { simulateRun } from '../../sim-core/whatif/simulate-run.ts';
import { executeRuns } from '../../workers/jobs/simulate.ts';
import { createNodePool } from '../../workers/node-pool.ts';
import { median, timeRuns, type BenchResult, type BenchSuite } from './harness.ts';

const SCENARIO = readFileSync(new URL('../fixtures/whatif/fleet-1k.yaml', import.meta.url), 'utf8');

const experiment = (seeds: number, until: string) => `apiVersion: edgetwin.io/v1alpha1
kind: Experiment
metadata: {name: bench-1k}
spec:
  scenario: fleet-1k.yaml
  seeds: {count: ${seeds}, from: 1}
  until: ${until}
  variants:
    - name: cloud-clean
      set: ["spec.apps.telemetry.services.clean.placement=[cloud-1]"]
    - name: edge-clean
      set: ["spec.apps.telemetry.services.clean.placement=[${Array.from({ length: 20 }, (_, i) => `site-${String(i + 1).padStart(2, '0')}-edge`).join(', ')}]"]
`;

const suite: BenchSuite = {
  name: 'whatif',
  async run({ quick }) {
    const rows: BenchResult[] = [];
    const seeds = quick ? 5 : 50;
    const p = prepareExperiment(experiment(seeds, '1m'), 'bench.yaml', { readScenario: () => SCENARIO });
    const runs = p.inputs.length;

    // Wall time of the whole sweep on warm pools of 1 and 2 workers.
    const wall: Record<number, number> = {};
    let records = [] as Awaited<ReturnType<typeof executeRuns>>;
    for (const size of [1, 2]) {
      const pool = createNodePool({ size });
      await executeRuns(p.inputs.slice(0, size), { pool });
      const times = await timeRuns(quick ? 0 : 1, async () => { records = await executeRuns(p.inputs, { pool }); });
      wall[size] = median(times);
      await pool.close();
      rows.push({ name: `${runs} runs of a 1 001-node scenario, ${size} worker(s)`, value: wall[size]! / 1000, unit: 's', note: `${(wall[size]! / runs).toFixed(0)} ms per run` });
    }
    const speedup = wall[1]! / wall[2]!;
    rows.push({ name: 'speed-up, 2 workers vs 1', value: speedup, unit: '×', target: '>= 1.8x', ok: speedup >= 1.8 });

    // Per-run overhead: a tiny run (1 simulated ms) through a warm 1-worker pool vs in this thread.
    const tiny = prepareExperiment(experiment(20, '1ms'), 'tiny.yaml', { readScenario: () => SCENARIO }).inputs;
    const inThread = await timeRuns(quick ? 1 : 3, () => { for (const t of tiny) simulateRun(t); });
    const pool = createNodePool({ size: 1 });
    await executeRuns(tiny.slice(0, 1), { pool });
    const viaPool = await timeRuns(quick ? 1 : 3, async () => { for (const t of tiny) await executeRuns([t], { pool }); });
    await pool.close();
    const perRunMs = (median(viaPool) - median(inThread)) / tiny.length;
    rows.push({ name: 'pool round trip per run (vs in-thread, 1-ms run)', value: perRunMs, unit: 'ms', note: `in-thread ${(median(inThread) / tiny.length).toFixed(1)} ms/run (parse + build)` });

    const result = analyzeExperiment(p.meta, records);
    const json = JSON.stringify(result);
    rows.push({ name: `ExperimentResult JSON, ${runs} runs`, value: json.length / 1024, unit: 'KiB', note: `${(json.length / runs / 1024).toFixed(1)} KiB per run` });
    let html = '';
    const renderMs = median(await timeRuns(quick ? 1 : 5, () => { html = renderHtmlReport(result); }));
    rows.push({ name: `HTML report build, ${runs} runs`, value: renderMs, unit: 'ms', note: `${(html.length / 1024).toFixed(0)} KiB self-contained file` });
    return rows;
  },
};

export default suite;
