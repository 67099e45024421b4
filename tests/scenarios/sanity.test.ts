/**
 * Sanity checks of the shipped scenarios: each one shows the behaviour its comments promise.
 */
import { describe, expect, it } from 'vitest';
import { runShipped } from './run-shipped.ts';
import { erfc } from '../../sim-core/des/special-functions.ts';

describe('smart-city cameras: edge versus cloud at equal load', () => {
  it('edge detection beats cloud detection on p95 latency and WAN bytes', () => {
    // The city's privacy policies would refuse every frame bound for the cloud (tested in
    // policy.test.ts); this comparison is about placement alone, so it runs without them.
    const edge = runShipped('smart-city-cameras', { sets: ['spec.orchestrator.policies=[]'] }).report;
    const cloud = runShipped('smart-city-cameras', { sets: ['spec.orchestrator.policies=[]', 'spec.apps.traffic.services.detect.placement=[cloud-gpu-1, cloud-gpu-2]'] }).report;
    // Same sensors, same seed: the load is identical (common random numbers).
    expect(cloud.conservation.emitted).toBe(edge.conservation.emitted);
    const e = edge.apps[0]!;
    const c = cloud.apps[0]!;
    expect(c.latencyMs.p95).toBeGreaterThan(e.latencyMs.p95);
    expect(cloud.network.wanBytes).toBeGreaterThan(10 * Math.max(1, edge.network.wanBytes));
    expect(e.slo.met).toBe(true);
  });
});

describe('factory predictive maintenance', () => {
  it('gateways filter most readings; anomalies are scored at the edge and actuate the PLC', () => {
    const r = runShipped('factory-maintenance').report;
    expect(r.lifecycle.filtered).toBeGreaterThan(0.5 * r.lifecycle.ingested);
    expect(r.lifecycle.actions).toBeGreaterThan(0);
    const pm = r.apps.find((a) => a.id === 'predictive-maintenance')!;
    expect(pm.completed).toBeGreaterThan(0);
    // Scoring runs on the hall's edge servers, not in the regional DC.
    const util = Object.fromEntries(r.nodes.map((n) => [n.id, n.cpuUtilization]));
    expect(util['edge-a']! + util['edge-b']!).toBeGreaterThan(0);
  });

  it('quality tagging flags dead-sensor readings at the rate the value distribution predicts, and forwards them', () => {
    const r = runShipped('factory-maintenance').report;
    // value ~ normal(0.35, 0.12) clamped at 0; suspect when below 0.001 g: p = Φ((0.001 − 0.35) / 0.12).
    const z = (0.001 - 0.35) / 0.12;
    const p = 0.5 * erfc(-z / Math.SQRT2);
    const n = r.lifecycle.ingested;
    expect(Math.abs(r.lifecycle.suspect - n * p)).toBeLessThan(4 * Math.sqrt(n * p * (1 - p)));
    // Suspect readings bypass the 0.6 g threshold: forwarded ⊇ suspect.
    expect(r.lifecycle.forwarded).toBeGreaterThanOrEqual(r.lifecycle.suspect);
  });

  it('a lower threshold lets more readings through the gateways', () => {
    const base = runShipped('factory-maintenance').report;
    const low = runShipped('factory-maintenance', { sets: ['spec.streams.vibration.filter.threshold.above=0.4'] }).report;
    expect(low.lifecycle.forwarded).toBeGreaterThan(base.lifecycle.forwarded);
    expect(low.conservation.emitted).toBe(base.conservation.emitted);
  });
});

describe('remote site behind a satellite link', () => {
  it('the gateway stores and forwards through rain fades; a tiny buffer drops data instead', () => {
    const big = runShipped('remote-site-satellite').report;
    const tiny = runShipped('remote-site-satellite', { sets: ['spec.nodes.site-gw.buffer=4KiB'] }).report;
    expect(big.storage.buffered).toBeGreaterThan(0);
    expect(tiny.conservation.droppedBy['buffer-full'] ?? 0).toBeGreaterThan(big.conservation.droppedBy['buffer-full'] ?? 0);
    const tel = (r: typeof big) => r.apps.find((a) => a.id === 'telemetry')!;
    expect(tel(big).completed).toBeGreaterThan(tel(tiny).completed);
    // Buffered telemetry arrives late, not never: its tail is far above the ~600 ms RTT.
    expect(tel(big).latencyMs.p99).toBeGreaterThan(5_000);
    // Safety alarms are decided on site and never wait for the satellite.
    const safety = big.apps.find((a) => a.id === 'safety')!;
    expect(safety.latencyMs.p99).toBeLessThan(600);
  });
});

describe('vehicle corridor', () => {
  it('vehicles hand over between towers while moving, and warnings stay within their SLO', () => {
    const r = runShipped('vehicle-corridor').report;
    expect(r.handovers).toBeGreaterThan(5);
    const cw = r.apps.find((a) => a.id === 'collision-warning')!;
    expect(cw.completed).toBeGreaterThan(1_000);
    expect(cw.slo.met).toBe(true);
  });

  it('a dead tower costs connectivity', () => {
    const base = runShipped('vehicle-corridor').report;
    const dead = runShipped('vehicle-corridor', { faults: ['node:tower-3@5m+2m'] }).report;
    expect(dead.conservation.dropped + dead.conservation.lost).toBeGreaterThan(base.conservation.dropped + base.conservation.lost);
  });
});

describe('large fabric from generators', () => {
  it('expands to about ten thousand nodes and delivers within its SLO', () => {
    const { report, sim } = runShipped('large-fabric');
    expect(sim.state.model.nodes.length).toBeGreaterThan(9_000);
    expect(report.apps[0]!.slo.met).toBe(true);
  });
});
