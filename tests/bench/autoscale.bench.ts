/**
 * Autoscaler benchmarks (run by npm run bench): HPA decisions per second, each one a full sync
 * (two metrics, stabilization over a 300 s window of 15 s syncs, both rate-limit policies).
 * Forecast fit: Holt-Winters over a week of 15-minute samples with a daily season.
 * The issue names no targets, so the rows carry none.
 */
import { defaultScaleDown, defaultScaleUp, holtWintersFit, hpaSync, initialHpaState, type HpaSpec } from '../../sim-core/orchestrator/autoscale/index.ts';
import { median, timeRuns, type BenchSuite } from './harness.ts';

const spec: HpaSpec = {
  name: 'bench', scaleTargetRef: { kind: 'Deployment', name: 'bench' }, minReplicas: 1, maxReplicas: 50,
  metrics: [
    { type: 'Resource', name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
    { type: 'Pods', name: 'queue_length', target: { type: 'AverageValue', averageValue: 10 } },
  ],
  behavior: { scaleUp: defaultScaleUp(), scaleDown: defaultScaleDown() },
};

/** One simulated controller over `syncs` 15 s syncs of a daily-shaped load. */
function run(syncs: number): number {
  let state = initialHpaState();
  let replicas = 2;
  for (let i = 0; i < syncs; i++) {
    const load = 0.5 + 0.45 * Math.sin((2 * Math.PI * i) / 5760); // one day of 15 s syncs
    const d = hpaSync(spec, state, { nowMs: i * 15_000, currentReplicas: replicas, samples: [{ usage: replicas * 1000 * load * 1.3, requests: replicas * 1000 }, { usage: replicas * 12 * load }] });
    state = d.state;
    replicas = d.replicas;
  }
  return replicas;
}

const suite: BenchSuite = {
  name: 'autoscale',
  async run({ quick }) {
    const n = quick ? 20_000 : 200_000;
    const ms = await timeRuns(5, () => run(n));
    const week = Array.from({ length: 7 * 96 }, (_, i) => 100 + 40 * Math.sin((2 * Math.PI * i) / 96) + (i % 7));
    const fits = quick ? 50 : 500;
    const fitMs = await timeRuns(5, () => { for (let k = 0; k < fits; k++) holtWintersFit(week, 96, 0.3, 0.05, 0.2); });
    return [
      { name: 'Holt-Winters fit, 7 days × 96 samples, daily season', value: median(fitMs) / fits, unit: 'ms', note: `${fits} fits per run` },
      { name: 'HPA sync (2 metrics, default behavior, 300 s window)', value: n / (median(ms) / 1000), unit: 'decisions/s', note: `${n} syncs of a diurnal load per run` },
    ];
  },
};
export default suite;
