/**
 * Conservation: every message created ends in exactly one terminal state (delivered, filtered,
 * dropped, expired, lost) or is still in flight — under random fabrics, loads, filters, fan-out,
 * actuation, finite queues and buffers, link outages, Markov intermittency, loss, crashes and
 * power faults. Also checks in-flight counts against a recount of live message slots.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import { build, shapeArb, type Shape } from '../../helpers/random-fabric.ts';

describe('conservation of messages', () => {
  it('balances for random fabrics, workloads and faults (property)', () => {
    fc.assert(fc.property(shapeArb, (sh) => {
      const sim = new Simulation(build(sh));
      // Stop part-way too: in-flight messages must be counted at any instant, not only at the end.
      sim.advanceTo(9_000);
      const mid = sim.report().conservation;
      expect(mid.balanced).toBe(true);
      sim.runToEnd();
      const r = sim.report();
      const c = r.conservation;
      expect(c.balanced).toBe(true);
      expect(c.created).toBe(c.delivered + c.filtered + c.dropped + c.expired + c.lost + c.inFlight);
      let alive = 0;
      for (let m = 0; m < sim.state.messages.table.capacity; m++) alive += sim.state.messages.table.alive[m]!;
      expect(c.inFlight).toBe(alive);
      expect(r.apps.reduce((a, x) => a + x.completed, 0)).toBe(c.delivered);
      expect(r.lifecycle.lost).toBe(c.lost);
      if (!sh.crash && !sh.power && !sh.degrade && sh.loss === 0) expect(c.lost).toBe(0); // degrade adds 5 % loss
      if (sh.keepFraction === 1) expect(c.filtered).toBe(0);
    }), { numRuns: 60 });
  });

  it('a crash loses the queued work on the crashed node and charges it to the fault', () => {
    // 3 gateways × 6 sensors × 40/s × 3 ms = 2.16 busy cores on a 2-core edge: a queue is always there to lose.
    const sh: Shape = { seed: 4, gateways: 3, sensorsPerGw: 6, ratePerS: 40, queueCapacity: 1e9, bufferBytes: 0, loss: 0, outage: false,
      markov: false, crash: true, power: false, fanout: false, actuation: false, ps: false, ttlMs: Infinity, keepFraction: 1, partition: false, degrade: false };
    const sim = new Simulation(build(sh));
    sim.runToEnd();
    const r = sim.report();
    expect(r.conservation.balanced).toBe(true);
    expect(r.conservation.lostBy['node-crash']).toBeGreaterThan(0);
    expect(r.faults[0]!.messagesLost).toBe(r.conservation.lost);
    expect(r.nodes.find((n) => n.id === 'edge')!.downMs).toBe(3_000);
  });

  it('store-and-forward: with a big buffer an outage delays data instead of losing it', () => {
    const base: Shape = { seed: 9, gateways: 1, sensorsPerGw: 4, ratePerS: 5, queueCapacity: 1e9, bufferBytes: 0, loss: 0, outage: true,
      markov: false, crash: false, power: false, fanout: false, actuation: false, ps: false, ttlMs: Infinity, keepFraction: 1, partition: false, degrade: false };
    const without = new Simulation(build(base));
    without.runToEnd();
    const withBuf = new Simulation(build({ ...base, bufferBytes: 10_000_000 }));
    withBuf.runToEnd();
    const a = without.report();
    const b = withBuf.report();
    expect(a.conservation.droppedBy['no-route']).toBeGreaterThan(0);
    expect(b.conservation.dropped).toBe(0);
    expect(b.storage.buffered).toBeGreaterThan(0);
    expect(b.apps[0]!.completed).toBeGreaterThan(a.apps[0]!.completed);
    // Buffered messages waited out the 4 s outage: the tail shows it.
    expect(b.apps[0]!.latencyMs.p99).toBeGreaterThan(1_000);
  });
});
