/**
 * The HPA inside the twin, against hand-computed sequences on a constant-load site: 10 periodic
 * sensors × 5/s × 10 ms (constant) = 0.5 busy cores; workers have 1 core (a replica needs 1000m,
 * so one per worker). With a cpu target of 20 %, one replica measures 49–50 % → ceil(1 × 2.45…2.5)
 * = 3 replicas; three measure 16 % → ceil(3 × 0.8) = 3 (stable).
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../../sim-core/twin/simulation.ts';
import { cpuHpa, site } from './fixture.ts';

interface Run { autoscaling: { replicaSeconds: number; podSeconds: number; syncs: number; scaleEvents: { atMs: number; from: number; to: number; reason: string }[]; refusals: { count: number; first: { reason: string }[] }; replicas: { final: number; ready: number }; forecast: Record<string, { n: number; mapePercent: number }> | null }[]; nodePools?: { name: string; nodeHours: number; costUsd: number; provisioned: number; released: number; refused: number; events: { atMs: number; node: string; kind: string }[] }[]; costUsd: number }

const run = (sim: Simulation): Run => { sim.runToEnd(); return sim.report({ exact: true }) as unknown as Run; };
const events = (r: Run) => r.autoscaling[0]!.scaleEvents.map((e) => ({ atMs: e.atMs, from: e.from, to: e.to }));

describe('HPA in the twin', () => {
  it('reproduces the hand-computed scale sequence and replica-seconds under constant load', () => {
    const r = run(new Simulation(site({ autoscalers: cpuHpa({ target: 20, ext: '{startupDelay: 30s}' }) })));
    const a = r.autoscaling[0]!;
    expect(a.syncs).toBe(20); // every 15 s over 5 min
    expect(events(r)).toEqual([{ atMs: 15_000, from: 1, to: 3 }]);
    expect(a.scaleEvents[0]!.reason).toBe('DesiredWithinRange');
    // 1 replica all run, 2 more ready from 15 s + 30 s; pods exist from 15 s.
    expect(a.replicaSeconds).toBeCloseTo(300 + 2 * (300 - 45), 6);
    expect(a.podSeconds).toBeCloseTo(300 + 2 * (300 - 15), 6);
    expect(a.replicas).toMatchObject({ final: 3, ready: 3 });
  });

  it('a new replica takes messages only after the start-up delay', () => {
    for (const delayS of [30, 90]) {
      const sim = new Simulation(site({ autoscalers: cpuHpa({ target: 20, ext: `{startupDelay: ${delayS}s}` }) }));
      const svc = sim.state.graph.serviceIndex.get('app/svc')!;
      sim.advanceTo(15_000 + delayS * 1000 - 1);
      expect(sim.state.placement.seam.replicas[svc]!.length).toBe(1);
      sim.advanceTo(15_000 + delayS * 1000);
      expect(sim.state.placement.seam.replicas[svc]!.length).toBe(3);
      const r = run(sim);
      expect(r.autoscaling[0]!.replicaSeconds).toBeCloseTo(300 + 2 * (300 - 15 - delayS), 6);
    }
  });

  it('the scale-down stabilization window delays the scale-down', () => {
    // gw-2 (half the sensors) fails at 125 s: the sync at 135 s proposes 2. Window 0 → down at 135 s;
    // window 60 s → the 120 s proposal of 3 holds it until the first sync with only 2s in the window, 180 s.
    const at = (window: number) => events(run(new Simulation(site({
      faults: '    - node:gw-2@125s',
      autoscalers: cpuHpa({ target: 20, ext: '{startupDelay: 30s}', behavior: `          scaleDown: {stabilizationWindowSeconds: ${window}}` }),
    }))));
    expect(at(0)).toEqual([{ atMs: 15_000, from: 1, to: 3 }, { atMs: 135_000, from: 3, to: 2 }]);
    expect(at(60)).toEqual([{ atMs: 15_000, from: 1, to: 3 }, { atMs: 180_000, from: 3, to: 2 }]);
    // The default 300 s window outlasts the run after the fault: no scale-down at all.
    expect(at(300)).toEqual([{ atMs: 15_000, from: 1, to: 3 }]);
  });

  it('scale-down removes a replica on a down node before the newest ready ones (upstream\'s deletion order)', () => {
    // As above with window 0, and w1 (the first replica, the oldest) crashes with gw-2 at 125 s: the replica removed at 135 s is w1's.
    const sim = new Simulation(site({
      faults: '    - node:gw-2@125s\n    - node:w1@125s',
      autoscalers: cpuHpa({ target: 20, ext: '{startupDelay: 30s}', behavior: '          scaleDown: {stabilizationWindowSeconds: 0}' }),
    }));
    const svc = sim.state.graph.serviceIndex.get('app/svc')!;
    const w1 = sim.state.fabric.topology.nodeIndex('w1');
    sim.advanceTo(130_000);
    expect([...sim.state.placement.seam.replicas[svc]!]).toContain(w1);
    sim.advanceTo(135_000);
    const after = [...sim.state.placement.seam.replicas[svc]!];
    expect(after).toHaveLength(2);
    expect(after).not.toContain(w1);
  });

  it('a node pool provisions after its delay, is billed while up, and released after its idle period', () => {
    // Only w1 exists: the two new pods find no room; pool nodes come up at 15 + 60 s, replicas start 30 s later.
    // gw-2 fails at 125 s → down to 2 at 135 s (the newest replica, on burst-2, goes) → burst-2 released at 195 s.
    const r = run(new Simulation(site({
      workers: 0, faults: '    - node:gw-2@125s',
      autoscalers: cpuHpa({ target: 20, ext: '{startupDelay: 30s}', behavior: '          scaleDown: {stabilizationWindowSeconds: 0}' }),
      nodePools: '    - {name: burst, class: worker, attachTo: core, max: 2, provisioningDelay: 60s, releaseAfter: 60s}',
    })));
    expect(events(r)).toEqual([{ atMs: 15_000, from: 1, to: 3 }, { atMs: 135_000, from: 3, to: 2 }]);
    const pool = r.nodePools![0]!;
    expect(pool.events.map((e) => [e.atMs, e.node, e.kind])).toEqual([
      [15_000, 'burst-1', 'requested'], [15_000, 'burst-2', 'requested'], [75_000, 'burst-1', 'up'], [75_000, 'burst-2', 'up'], [195_000, 'burst-2', 'released'],
    ]);
    const billedS = (300 - 75) + (195 - 75);
    expect(pool.nodeHours).toBeCloseTo(billedS / 3600, 9);
    expect(pool.costUsd).toBeCloseTo(0.36 * billedS / 3600, 9);
    // costUsd: w1 for the whole run plus the pool's node-hours, at the worker class's 0.36 USD/h.
    expect(r.costUsd).toBeCloseTo(0.36 * (300 + billedS) / 3600, 9);
    expect(r.autoscaling[0]!.replicaSeconds).toBeCloseTo(300 + (300 - 105) + (135 - 105), 6);
  });

  it('an edge pool at max refuses to grow, and the refusal is reported', () => {
    const r = run(new Simulation(site({
      workers: 0, autoscalers: cpuHpa({ target: 20, ext: '{startupDelay: 30s}' }),
      nodePools: '    - {name: site, class: worker, attachTo: core, min: 1, max: 1}',
    })));
    const a = r.autoscaling[0]!;
    // One new pod fits on the pool's one node; the other stays Pending, retried (and refused) every sync.
    expect(a.replicas).toMatchObject({ final: 3, ready: 2 });
    expect(a.refusals.count).toBe(20);
    expect(a.refusals.first[0]!.reason).toBe('no node has room; node pool site at max');
    expect(r.nodePools![0]).toMatchObject({ provisioned: 0, refused: 20 });
  });

  it('predictive (EWMA with trend) scales earlier than reactive on a ramp, and reports its forecast error', () => {
    // 20 sensors come up one every 30 s (0.1 core each): the load ramps to 2 cores over 10 min.
    const faults = Array.from({ length: 20 }, (_, k) => `    - node:s${(k % 2) + 1}-${Math.floor(k / 2) + 1}@0s+${(k + 1) * 30}s`).join('\n');
    const go = (ext: string) => run(new Simulation(site({ workers: 6, sensorsPerGw: 10, periodMs: 100, duration: '12m', faults, autoscalers: cpuHpa({ target: 50, ext }) }))).autoscaling[0]!;
    const reactive = go('{startupDelay: 30s}');
    const predictive = go('{startupDelay: 30s, predictive: {method: ewma, leadTime: 60s, alpha: 0.5, beta: 0.3}}');
    const firstAt = (a: Run['autoscaling'][number], n: number) => a.scaleEvents.find((e) => e.to >= n)?.atMs ?? Infinity;
    for (const n of [2, 3, 4]) expect(firstAt(predictive, n)).toBeLessThan(firstAt(reactive, n));
    expect(reactive.forecast).toBeNull();
    expect(predictive.forecast!.cpu!.n).toBeGreaterThan(30);
    expect(Number.isFinite(predictive.forecast!.cpu!.mapePercent)).toBe(true);
  });
});
