/**
 * Checkpoints of a run with an autoscaler and a node pool: their run state lives in the twin's
 * state (s.autoscaling, s.nodePools), so a fork continues exactly as the uninterrupted run.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../../sim-core/twin/simulation.ts';
import { cpuHpa, site } from './fixture.ts';

// As hpa-twin.test.ts's pool test: scale 1 → 3 at 15 s, burst-1/2 requested at 15 s and up at 75 s,
// gw-2 fails at 125 s → 3 → 2 at 135 s, burst-2 released at 195 s.
const model = () => site({
  workers: 0, faults: '    - node:gw-2@125s',
  autoscalers: cpuHpa({ target: 20, ext: '{startupDelay: 30s}', behavior: '          scaleDown: {stabilizationWindowSeconds: 0}' }),
  nodePools: '    - {name: burst, class: worker, attachTo: core, max: 2, provisioningDelay: 60s, releaseAfter: 60s}',
});

describe('autoscaler and node pools across a checkpoint', () => {
  const whole = new Simulation(model());
  whole.runToEnd();
  const expected = whole.report({ exact: true }) as Record<string, unknown>;

  for (const [atMs, when] of [[30_000, 'after the scale-up, both pool nodes provisioning'], [150_000, 'after the scale-down, a release pending']] as const) {
    it(`a fork taken ${when} ends exactly as the uninterrupted run`, () => {
      const part = new Simulation(model());
      part.advanceTo(atMs);
      const fork = part.fork();
      fork.runToEnd();
      const got = fork.report({ exact: true }) as Record<string, unknown>;
      expect(got.autoscaling).toEqual(expected.autoscaling);
      expect(got.nodePools).toEqual(expected.nodePools);
      expect(fork.traceHash).toBe(whole.traceHash);
      // The original keeps running on its own, unaffected by the fork.
      part.runToEnd();
      expect(part.traceHash).toBe(whole.traceHash);
    });
  }
});

describe('round-robin routing across a checkpoint', () => {
  it('a fork of a run whose autoscaled service is balanced over three workers keeps the round-robin counters', () => {
    const m = () => site({ workers: 3, autoscalers: cpuHpa({ target: 20, ext: '{startupDelay: 30s}' }) });
    const whole = new Simulation(m());
    whole.runToEnd();
    const part = new Simulation(m());
    part.advanceTo(100_000); // three ready replicas served in turn
    const fork = part.fork();
    fork.runToEnd();
    expect(fork.traceHash).toBe(whole.traceHash);
    expect((fork.report({ exact: true }) as Record<string, unknown>).autoscaling).toEqual((whole.report({ exact: true }) as Record<string, unknown>).autoscaling);
  });
});
