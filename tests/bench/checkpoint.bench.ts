/**
 * Checkpoints (issue "One controller", explicit twin state): what `Simulation.checkpoint()` and
 * `Simulation.restore()` cost on shipped scenarios halfway through their run, and that the
 * restored run ends where the uninterrupted one does (the bench refuses to report otherwise).
 * Restore rebuilds the twin from the model and transplants the copied data, so its time is the
 * build plus the transplant; both are given.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { parseScenario } from '../../sim-core/scenario/parse.ts';
import { scenarioBuildOptions } from '../../sim-core/twin/scenario-files.ts';
import { Simulation } from '../../sim-core/twin/simulation.ts';
import { fmt, median, type BenchResult, type BenchSuite } from './harness.ts';

const SCENARIOS = join(import.meta.dirname, '../../scenarios');

function load(name: string, durationMs?: number) {
  const file = join(SCENARIOS, `${name}.yaml`);
  const model = parseScenario(readFileSync(file, 'utf8'), file, durationMs ? { durationMs } : {});
  return { model, opts: scenarioBuildOptions(model, file, (p) => readFileSync(p, 'utf8')) };
}

const ms = (t0: number) => performance.now() - t0;

const suite: BenchSuite = {
  name: 'checkpoint',
  async run({ quick }) {
    const rows: BenchResult[] = [];
    const cases: [string, number | undefined][] = [['metro-operations', quick ? 2 * 60_000 : undefined], ['large-fabric', quick ? 30_000 : 5 * 60_000]];
    for (const [name, durationMs] of cases) {
      const { model, opts } = load(name, durationMs);
      const whole = new Simulation(model, opts);
      whole.runToEnd();
      const sim = new Simulation(model, opts);
      sim.advanceTo(model.durationMs / 2);
      const take: number[] = [];
      const back: number[] = [];
      const build: number[] = [];
      let restored: Simulation | null = null;
      for (let i = 0; i < (quick ? 2 : 5); i++) {
        let t0 = performance.now();
        const cp = sim.checkpoint();
        take.push(ms(t0));
        t0 = performance.now();
        new Simulation(model, opts);
        build.push(ms(t0));
        t0 = performance.now();
        restored = Simulation.restore(cp);
        back.push(ms(t0));
      }
      restored!.runToEnd();
      if (restored!.traceHash !== whole.traceHash) throw new Error(`${name}: the restored run's trace hash differs from the uninterrupted run's`);
      const note = `${fmt(model.nodes.length)} nodes, at ${fmt(model.durationMs / 2000)} s simulated (${fmt(sim.eventsProcessed)} events in); median of ${take.length}; load avg ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`;
      rows.push({ name: `checkpoint(): ${name}`, value: median(take), unit: 'ms', note });
      rows.push({ name: `restore(): ${name}`, value: median(back), unit: 'ms', note: `of which a fresh build ${fmt(median(build))} ms; continuation's trace hash equals the uninterrupted run's` });
    }
    return rows;
  },
};
export default suite;
