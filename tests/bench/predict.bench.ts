/**
 * Failure-prediction benchmarks (run by npm run bench): trend-detector samples per second (a
 * 2-minute window of 10 s samples, least squares per sample, many targets), and the cost of
 * prediction in the twin: failure-prediction-site.yaml (30 simulated minutes) with prediction
 * on vs off, measured in the same run. The issue names no targets, so the rows carry none.
 */
import { readFileSync } from 'node:fs';
import { newDetector, observe } from '../../sim-core/orchestrator/predict/detector.ts';
import { parseScenario } from '../../sim-core/scenario/parse.ts';
import { Simulation } from '../../sim-core/twin/simulation.ts';
import { median, timeRuns, type BenchSuite } from './harness.ts';

/** `targets` nodes × `samples` samples of a flat signal with a deterministic wiggle. */
function detect(targets: number, samples: number): number {
  const p = { windowMs: 120_000, horizonMs: 600_000, critical: 85, minSamples: 8 };
  const st = newDetector(p);
  let alarms = 0;
  for (let i = 0; i < samples; i++) {
    for (let t = 0; t < targets; t++) if (observe(st, p, t, { tMs: i * 10_000, value: 45 + ((i * 7 + t * 3) % 5) * 0.2 })) alarms++;
  }
  return alarms;
}

const suite: BenchSuite = {
  name: 'predict',
  async run({ quick }) {
    const targets = 1000, samples = quick ? 100 : 1000;
    const ms = await timeRuns(5, () => detect(targets, samples));
    const text = readFileSync('scenarios/experiments/failure-prediction-site.yaml', 'utf8');
    const twin = (on: boolean) => () => {
      const sim = new Simulation(parseScenario(text, 'failure-prediction-site.yaml', { sets: [`spec.prediction.enabled=${on}`], ...(quick ? { durationMs: 5 * 60_000 } : {}) }));
      sim.runToEnd();
    };
    twin(false)(); // warm-up, so neither variant pays for the JIT
    const off = median(await timeRuns(3, twin(false)));
    const on = median(await timeRuns(3, twin(true)));
    return [
      { name: 'trend detector (2 min window, 10 s samples)', value: (targets * samples) / (median(ms) / 1000), unit: 'samples/s', note: `${targets} targets × ${samples} samples per run` },
      { name: 'failure-prediction-site, prediction off', value: off, unit: 'ms', note: quick ? '5 simulated minutes' : '30 simulated minutes' },
      { name: 'failure-prediction-site, prediction on', value: on, unit: 'ms', note: `${((on / off - 1) * 100).toFixed(0)} % vs off (same run)` },
    ];
  },
};
export default suite;
