/**
 * Every shipped scenario has a controller: crash its busiest edge node (crash-probe.ts defines it
 * in code) with the fault `edgetwin run --fault node:<id>@5m+10m` adds, and the control plane
 * detects the crash within the bound its detector promises, relocates every replica the node
 * held to another node that is up, and the report fills faults[].detectedAfterMs and
 * recoveredAfterMs.
 *
 * The fault window is 5m+10m where the scenario runs at least 15 minutes. The 10-minute scenarios
 * (smart-city-cameras, large-fabric, metro-operations) keep their duration — they are the
 * heaviest to run and their stories fit in 10 minutes — and take a window that fits: down at 2m
 * for 5m, leaving 3 minutes to watch recovery. The experiments' 2-minute base fabrics (fog-city,
 * scaling-site) take 20s+60s.
 */
import { describe, expect, it } from 'vitest';
import type { TwinEvent } from '../../sim-core/twin/events.ts';
import { busiestEdgeNode, controlPlaneOf, crashRun, detectionBoundMs, servedPerNode } from './crash-probe.ts';

const MIN = 60_000;
/** name → crash window (at, for) in ms. */
/**
 * name → crash window (at, for) in ms, overrides for speed, and `gap`: a known failure of the
 * promise, run with it.fails so it is noticed the day it starts to hold (then drop the gap).
 */
const CASES: { name: string; atMs: number; forMs: number; sets?: string[]; gap?: string }[] = [
  { name: 'factory-maintenance', atMs: 5 * MIN, forMs: 10 * MIN },
  { name: 'region-partition', atMs: 5 * MIN, forMs: 10 * MIN },
  { name: 'remote-site-satellite', atMs: 5 * MIN, forMs: 10 * MIN },
  { name: 'vehicle-corridor', atMs: 5 * MIN, forMs: 10 * MIN },
  { name: 'smart-city-cameras', atMs: 2 * MIN, forMs: 5 * MIN },
  // The shipped 120 sites: the busiest non-master node is regional-eu-west (the fabric has no edge tier), whose crash cuts its 30 sites off.
  { name: 'large-fabric', atMs: 2 * MIN, forMs: 5 * MIN },
  { name: 'metro-operations', atMs: 2 * MIN, forMs: 5 * MIN },
];

type Relocated = Extract<TwinEvent, { type: 'relocated' }>;

describe('every shipped scenario has a controller: a crash of its busiest edge node is detected, relocated and recovered', () => {
  for (const { name, atMs, forMs, sets = [], gap } of CASES) {
    (gap ? it.fails : it)(`${name}: node crash @${atMs / MIN}m+${forMs / MIN}m${gap ? ` (known gap: ${gap})` : ''}`, () => {
      const { model, served } = servedPerNode(name, { sets: [...sets, 'spec.faults=[]'] });
      const cp = controlPlaneOf(model);
      expect(cp.model, `${name} has no control plane`).not.toBe('none');
      const node = busiestEdgeNode(model, served);
      expect(node, `${name}: no node but the master serves messages`).not.toBeNull();
      expect(model.durationMs).toBeGreaterThanOrEqual(atMs + forMs);

      const run = crashRun(name, node!, atMs, forMs, { sets });
      expect(run.report.conservation.balanced).toBe(true);
      const crash = run.report.faults.find((f) => f.kind === 'node' && f.target === node && f.atMs === atMs)!;
      expect(crash, `no fault record for node:${node}@${atMs}`).toBeDefined();

      // Detected: after at least timeout − one heartbeat (the last heartbeat came at most one period before the crash), within the detector's bound.
      expect(crash.detectedAfterMs, `${name}: crash of ${node} never detected`).not.toBeNull();
      expect(crash.detectedAfterMs!).toBeLessThanOrEqual(detectionBoundMs(cp));
      if (cp.detector.kind === 'timeout') expect(crash.detectedAfterMs!).toBeGreaterThanOrEqual(cp.detector.timeoutMs - cp.heartbeatEveryMs);

      // Relocated: one decision per replica the node held, each to another node that was up then, while the node was down.
      expect(run.held.length, `${name}: the busiest edge node ${node} held no replica`).toBeGreaterThan(0);
      const moved = run.events.filter((e): e is Relocated => e.type === 'relocated' && e.from === node && e.t >= atMs && e.t < atMs + forMs);
      expect([...new Set(moved.map((e) => e.service))].sort(), `${name}: replicas of ${node} not relocated`).toEqual(run.held);
      for (const e of moved) {
        expect(e.to).not.toBe(node);
        expect(run.downAt(e.t).has(e.to), `${e.service} relocated to ${e.to}, which was down`).toBe(false);
        // Not before the declaration plus the grace period.
        expect(e.t).toBeGreaterThanOrEqual(atMs + crash.detectedAfterMs! + cp.gracePeriodMs);
      }

      // Recovered: every relocated replica runs again, before the node came back.
      expect(crash.recoveredAfterMs, `${name}: crash of ${node} never recovered`).not.toBeNull();
      expect(crash.recoveredAfterMs!).toBeGreaterThan(crash.detectedAfterMs! + cp.gracePeriodMs);
      expect(crash.recoveredAfterMs!).toBeLessThanOrEqual(forMs);
    });
  }
});
