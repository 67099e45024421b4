/**
 * Follow-the-vehicle live migration on a hand-computable corridor: three towers 4 km apart on a
 * 1 Gbps / 2 ms fibre chain, a car driving past them at 30 m/s, a 64 MiB service state.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';

const MiB = 2 ** 20;

const corridor = (follow: string, streams = '', extra = '') => `apiVersion: edgetwin.io/v1alpha1
kind: Scenario
metadata: {name: mig}
spec:
  seed: 3
  duration: 300s
  orchestrator: {placement: static}
  nodes:
    - {id: car, tier: sensor, position: {x: 0, y: 0}}
    - {id: t1, tier: gateway, position: {x: 0, y: 0.5}}
    - {id: t2, tier: gateway, position: {x: 4, y: 0.5}}
    - {id: t3, tier: gateway, position: {x: 8, y: 0.5}}
  links:
    - {between: [t1, t2], type: fibre, latency: 2ms, bandwidth: 1Gbps}
    - {between: [t2, t3], type: fibre, latency: 2ms, bandwidth: 1Gbps}
  mobility:
    - node: car
      waypoints: [{x: 0, y: 0}, {x: 12, y: 0}]
      speed: 30
      loop: false
      attachTo: [t1, t2, t3]
      range: 3
      handoverMargin: 0.3
      updateEvery: 500ms
      link: {type: 5g, latency: 8ms, bandwidth: 100Mbps}
  apps:
    - id: assist
      slo: {latency: 50ms}
      services:
        - {id: svc, cpuWork: 1ms, placement: [t1]}
${streams}
  continuum:
    follow:
${follow}
${extra}`;

const run = (text: string, seed?: number) => {
  const sim = new Simulation(parseScenario(text, 'mig.yaml', seed === undefined ? {} : { seed }));
  sim.runToEnd();
  return sim;
};

describe('live migration: follow the vehicle', () => {
  it('stop-and-copy: 2 handovers, 2 migrations t1→t2→t3; each link carries exactly stateSize; downtime from the bottleneck rate', () => {
    const sim = run(corridor('      - {service: assist/svc, node: car, stateSize: 64MiB, mode: stop-and-copy, restoreTime: 100ms, candidates: [t1, t2, t3]}'));
    const r = sim.report({ exact: true });
    const c = r.continuum as { migrations: number; migrationBytes: number; migrationDowntimeMs: number; records: { from: string; to: string; bytes: number; downtimeMs: number }[] };
    expect(r.handovers).toBe(2);
    expect(c.migrations).toBe(2);
    expect(c.records.map((x) => `${x.from}→${x.to}`)).toEqual(['t1→t2', 't2→t3']);
    expect(c.migrationBytes).toBe(2 * 64 * MiB);
    const topo = sim.state.fabric.topology;
    expect(sim.state.fabric.linkBytes[topo.linkIndex('t1~t2')]).toBe(64 * MiB);
    expect(sim.state.fabric.linkBytes[topo.linkIndex('t2~t3')]).toBe(64 * MiB);
    // 64 MiB over 1 Gbps alone on the link: 67,108,864 B × 8 / 1e9 b/s = 536.870912 ms,
    // + 2 ms propagation + 100 ms restore = 638.870912 ms per migration.
    for (const x of c.records) expect(x.downtimeMs).toBeCloseTo(638.870912, 6);
    expect(c.migrationDowntimeMs).toBeCloseTo(2 * 638.870912, 6);
    expect(Array.from(sim.state.placement.seam.replicas[0]!)).toEqual([topo.nodeIndex('t3')]);
  });

  it('pre-copy: downtime is only the dirty state (dirtyRate × first copy), bytes = state + dirty', () => {
    const sim = run(corridor('      - {service: assist/svc, node: car, stateSize: 64MiB, mode: pre-copy, dirtyRate: 8MiB, candidates: [t1, t2, t3]}'));
    const c = sim.report({ exact: true }).continuum as { migrations: number; migrationBytes: number; records: { bytes: number; downtimeMs: number }[] };
    // First copy: 536.870912 ms transfer + 2 ms = 538.870912 ms; dirty = 8 MiB/s × 0.538870912 s
    // = 4,520,284.6 B; it takes 4,520,284.6 × 8 / 1e9 s = 36.162 ms + 2 ms = 38.162 ms of downtime.
    const dirty = 8 * MiB * 0.538870912;
    expect(c.migrations).toBe(2);
    for (const x of c.records) {
      expect(x.bytes).toBeCloseTo(64 * MiB + dirty, 3);
      expect(x.downtimeMs).toBeCloseTo((dirty * 8) / 1e6 + 2, 6);
    }
  });

  it('migration lowers the vehicle-to-service latency; static placement keeps it growing', () => {
    const streams = `  streams:
    - {id: s, app: assist, sources: [car], arrival: {periodic: {period: 100ms}}, size: 1KiB}`;
    const follow = '      - {service: assist/svc, node: car, stateSize: 16MiB, mode: pre-copy, candidates: [t1, t2, t3]}';
    const moving = run(corridor(follow, streams)).report({ exact: true });
    const c = moving.continuum as { migrations: number; meanLatencyBeforeMs: number; meanLatencyAfterMs: number };
    expect(c.migrations).toBe(2);
    // Before: radio 8 ms + one 2 ms hop back to the old tower; after: radio only.
    expect(c.meanLatencyBeforeMs).toBeCloseTo(10, 9);
    expect(c.meanLatencyAfterMs).toBeCloseTo(8, 9);
    const staticRun = run(corridor(follow, streams).replace(/  continuum:[\s\S]*$/, '')).report({ exact: true });
    expect(moving.apps[0]!.latencyMs.mean).toBeLessThan(staticRun.apps[0]!.latencyMs.mean);
  });

  it('a link cut under a migration abandons it: the service restarts on the old node, and migrates after the heal', () => {
    // The t1→t2 migration starts at 72.0 s (first check after the handover); stop-and-copy would
    // end at 72.639 s, but the only t1–t2 link is cut at 72.2 s until 82.2 s.
    const sim = run(corridor('      - {service: assist/svc, node: car, stateSize: 64MiB, mode: stop-and-copy, restoreTime: 100ms, candidates: [t1, t2, t3]}', '',
      '  faults: [{link: "t1~t2", at: 72200ms, for: 10s}]'));
    const c = sim.report({ exact: true }).continuum as { migrations: number; migrationsStarted: number; migrationsAborted: number; migrationBytes: number; migrationDowntimeMs: number; records: { atMs: number; from: string }[] };
    expect([c.migrationsStarted, c.migrationsAborted, c.migrations]).toEqual([3, 1, 2]);
    // Retried at the first check after the heal (82.5 s); an abandoned transfer's bytes are not
    // counted (as for data messages, bytes count when a transfer completes).
    expect(c.records.map((x) => [x.atMs, x.from])).toEqual([[82_500, 't1'], [205_500, 't2']]);
    expect(c.migrationBytes).toBe(2 * 64 * MiB);
    // Down 72.0 → 72.2 s for the abandoned one, then 2 × 638.870912 ms.
    expect(c.migrationDowntimeMs).toBeCloseTo(200 + 2 * 638.870912, 6);
  });

  it('is deterministic: same seed, same trace hash and figures', () => {
    const text = corridor('      - {service: assist/svc, node: car, stateSize: 64MiB}', `  streams:
    - {id: s, app: assist, sources: [car], arrival: {poisson: {rate: 20}}, size: {dist: uniform, min: 200B, max: 4KiB}}`);
    const a = run(text, 5).report({ exact: true }), b = run(text, 5).report({ exact: true });
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.continuum).toEqual(b.continuum);
  });

  it('a checkpoint taken mid-migration continues exactly', () => {
    const text = corridor('      - {service: assist/svc, node: car, stateSize: 64MiB, dirtyRate: 8MiB}', `  streams:
    - {id: s, app: assist, sources: [car], arrival: {poisson: {rate: 20}}, size: {dist: uniform, min: 200B, max: 4KiB}}`);
    const whole = run(text).report({ exact: true });
    const sim = new Simulation(parseScenario(text, 'mig.yaml'));
    sim.advanceTo(72_300); // the t1→t2 pre-copy (72.0 s – ~72.54 s) is in flight
    expect(sim.state.continuum!.followers[0]!.phase).toBe('pre-copy');
    const resumed = Simulation.restore(sim.checkpoint());
    resumed.runToEnd();
    const r = resumed.report({ exact: true });
    expect(r.traceHash).toBe(whole.traceHash);
    expect(r.continuum).toEqual(whole.continuum);
  });

  it('refuses bad input with located messages', () => {
    const bad = (follow: string, extra = '') => () => parseScenario(corridor(follow, '', extra), 'mig.yaml');
    expect(bad('      - {service: assist/svc, node: truck, stateSize: 1MiB}')).toThrow(/mig\.yaml:\d+:\d+.*spec\.continuum\.follow\[0\]\.node.*no mobile node 'truck'.*car/s);
    expect(bad('      - {service: assist/svc, node: t1, stateSize: 1MiB}')).toThrow(/node 't1' does not move/);
    expect(bad('      - {service: svc, node: car, stateSize: 1MiB}')).toThrow(/spec\.continuum\.follow\[0\]\.service.*no service 'svc'.*<app>\/<service>/s);
    expect(bad('      - {service: assist/svc, node: car, stateSize: 1MiB, mode: live}')).toThrow(/spec\.continuum\.follow\[0\]\.mode.*pre-copy, stop-and-copy/s);
    expect(bad('      - {service: assist/svc, node: car, stateSize: 1MiB, candidates: [t9]}')).toThrow(/no node 't9'/);
    expect(bad('      - {service: assist/svc, node: car, stateSize: 1MiB}', '  controlPlane: {model: centralized}')).toThrow(/cannot be combined with spec\.controlPlane/);
  });
});
