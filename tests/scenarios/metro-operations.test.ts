/**
 * The scenario `npm start` opens on promises a fault and a relocation within the first simulated
 * minute, told with reasons: the crash of station-04-edge at 20 s is declared by its district
 * orchestrator within the 3 s timeout and every replica it ran moves to another north station after
 * the 5 s grace period, each decision carrying the scheduler's scores and the detection.
 */
import { describe, expect, it } from 'vitest';
import type { TwinEvent } from '../../sim-core/twin/events.ts';
import { runShipped } from './run-shipped.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../../sim-core/scenario/parse.ts';
import { Simulation } from '../../sim-core/twin/simulation.ts';
import { SCENARIOS_DIR } from './run-shipped.ts';

describe('metro-operations (the web app\'s opening scenario)', () => {
  it('crash at 20 s: declared failed by dc-north, every replica it ran relocated inside the north district before 1 min', () => {
    const file = join(SCENARIOS_DIR, 'metro-operations.yaml');
    const sim = new Simulation(parseScenario(readFileSync(file, 'utf8'), file));
    const events: TwinEvent[] = [];
    sim.subscribe((e) => events.push(e));
    sim.advanceTo(19_000);
    const s = sim.state;
    const edge = s.fabric.topology.nodeIndex('station-04-edge');
    const ranThere = s.graph.services.filter((c) => s.placement.seam.replicas[c.index]!.includes(edge)).map((c) => c.key).sort();
    expect(ranThere.length).toBeGreaterThan(0);
    sim.advanceTo(60_000);
    const declared = events.find((e) => e.type === 'declared-failed' && e.node === 'station-04-edge');
    expect(declared).toMatchObject({ by: 'dc-north', up: false, detection: { detector: 'timeout', missedBeats: 3 } });
    expect(declared!.t - 20_000).toBeLessThanOrEqual(3_000);
    const moved = events.filter((e): e is Extract<TwinEvent, { type: 'relocated' }> => e.type === 'relocated');
    expect(moved.map((e) => e.service).sort()).toEqual(ranThere);
    const north = new Set(sim.describe().nodes.filter((n) => n.region === 'north').map((n) => n.id));
    for (const e of moved) {
      expect(e.from).toBe('station-04-edge');
      expect(north.has(e.to)).toBe(true);
      expect(e.t).toBeLessThan(35_000);
      expect(Object.keys(e.decision!.scores).length).toBeGreaterThan(3);
      expect(e.decision!.detection!.by).toBe('dc-north');
    }
  });

  it('the report fills detection and recovery for every scripted fault that affects control', () => {
    const r = runShipped('metro-operations').report;
    expect(r.conservation.balanced).toBe(true);
    const crash = r.faults.find((f) => f.kind === 'node')!;
    expect(crash.detectedAfterMs).toBeLessThan(3_000);
    expect(crash.recoveredAfterMs).toBeLessThan(15_000);
    const partition = r.faults.find((f) => f.kind === 'partition')!;
    expect(partition.detectedAfterMs).not.toBeNull();
    expect(r.apps.find((a) => a.id === 'crowd')!.slo.met).toBe(true);
  });
});
