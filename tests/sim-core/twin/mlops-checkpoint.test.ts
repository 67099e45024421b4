/**
 * Edge MLOps (spec.models) keeps run state a checkpoint cannot reach (bulk-transfer completions
 * and model-rollout tickers are closures), so Simulation.checkpoint() refuses such twins instead of
 * giving a checkpoint that would silently diverge; the web session then seeks by re-simulating.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import { scenarioBuildOptions } from '../../../sim-core/twin/scenario-files.ts';
import { Session } from '../../../workers/session.ts';

const FILE = 'scenarios/experiments/retraining-fabric.yaml';
const TEXT = readFileSync(FILE, 'utf8');

describe('checkpoints of edge-MLOps scenarios', () => {
  it('checkpoint() and fork() refuse with a clear message; a scenario without spec.models still checkpoints', () => {
    const model = parseScenario(TEXT, FILE, { durationMs: 600_000 });
    const sim = new Simulation(model, scenarioBuildOptions(model, FILE, (p) => readFileSync(p, 'utf8')));
    sim.advanceTo(120_000);
    expect(sim.checkpointRefusal).toBe('checkpoints of scenarios with spec.models are not supported yet');
    expect(() => sim.checkpoint()).toThrow('checkpoints of scenarios with spec.models are not supported yet');
    expect(() => sim.fork()).toThrow('spec.models');
    // The refusal does not disturb the run.
    sim.runToEnd();
    expect(sim.nowMs).toBe(600_000);
    const plain = new Simulation(parseScenario(readFileSync('scenarios/metro-operations.yaml', 'utf8'), 'scenarios/metro-operations.yaml', { durationMs: 60_000 }));
    expect(plain.checkpointRefusal).toBeNull();
    plain.advanceTo(30_000);
    expect(() => plain.checkpoint()).not.toThrow();
  });

  it('the web session takes no keyframes of such a twin and seeks back by re-simulating', () => {
    const s = new Session();
    const r = s.load({ text: TEXT.replace('duration: 24h', 'duration: 20m'), file: FILE, files: { 'scenarios/experiments/../policies/eu-residency.yaml': readFileSync('scenarios/policies/eu-residency.yaml', 'utf8') } });
    if (!r.ok) throw new Error(r.message);
    s.advanceTo(15 * 60_000);
    expect(s.keyframeTimes).toEqual([]);
    s.seek(5 * 60_000);
    expect(s.lastRewind).toMatchObject({ via: 'rebuild', fromMs: 0, toMs: 5 * 60_000 });
    expect(s.nowMs).toBe(5 * 60_000);
  });
});
