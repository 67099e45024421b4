/**
 * The shipped diurnal scenario (scenarios/experiments/diurnal-site.yaml), run for its simulated
 * day through the CLI's loader: emissions per hour follow the daily curve, the load it puts on
 * the workers is what its header promises (~1 worker at night, ~3.5 at the evening peak).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../cli/lib/scenario.ts';
import { Simulation } from '../../sim-core/twin/simulation.ts';
import { expectedArrivals, rateAt } from '../../sim-core/workload/rate-curve.ts';
import { SCENARIOS_DIR } from './run-shipped.ts';

const H = 3_600_000;

describe('experiments/diurnal-site.yaml', () => {
  const { model, build } = loadScenario(join(SCENARIOS_DIR, 'experiments/diurnal-site.yaml'));
  const stream = model.streams[0]!;
  const curve = stream.arrival.kind === 'curve' ? stream.arrival.curve : null;

  it('is a day of one curve-driven stream into `score` on four 2-core workers', () => {
    expect(model.durationMs).toBe(24 * H);
    expect(curve).not.toBeNull();
    expect(stream.sources).toHaveLength(16);
    const score = model.apps[0]!.services[0]!;
    expect(score.id).toBe('score');
    expect(score.placement).toEqual(['w1', 'w2', 'w3', 'w4']);
    // Workers' worth of CPU = sensors × rate/s × cpuWork (1 s) / 2 cores.
    const workers = (tMs: number) => (16 * rateAt(curve!, tMs) * score.cpuWorkMs) / 1000 / 2;
    expect(workers(3 * H)).toBeCloseTo(0.96, 9);   // 16 × 0.12 / 2
    expect(workers(19 * H)).toBeCloseTo(3.52, 9);  // 16 × 0.44 / 2, the evening peak
    expect(workers(23.5 * H)).toBeCloseTo(1.08, 9); // 23:00 → 24:00 ramps 0.15 → 0.12: 0.135 × 8
  });

  it('a simulated day: emissions per hour within 4√E of the curve, daily CPU load as computed', () => {
    const sim = new Simulation(model, build);
    const perHour = new Array<number>(24).fill(0);
    sim.subscribe((e) => { if (e.type === 'emit') perHour[Math.floor(e.t / H)]!++; }, { messages: true });
    sim.runToEnd();
    perHour.forEach((n, h) => {
      const e = 16 * expectedArrivals(curve!, h * H, (h + 1) * H);
      expect(Math.abs(n - e), `hour ${h}: ${n} vs ${e.toFixed(0)}`).toBeLessThanOrEqual(4 * Math.sqrt(e));
    });
    expect(perHour[19]! / perHour[3]!).toBeGreaterThan(3);
    // Trapezoids of the points over 24 h: 5.89 rate·h / 24 h = 0.24542/s per sensor; × 16 × 1 s of
    // CPU over 4 workers × 2 cores → 49.1 % busy on average, each worker taking a quarter.
    const report = sim.report();
    for (const w of ['w1', 'w2', 'w3', 'w4']) {
      // ±0.015: about 6 sd of a worker's busy fraction (~85k messages, Poisson counts and exponential service times).
      expect(Math.abs(report.nodes.find((n) => n.id === w)!.cpuUtilization - 0.4908)).toBeLessThan(0.015);
    }
    expect(report.conservation.balanced).toBe(true);
  });
});
