/**
 * Common random numbers (sim-core/twin/keyed-streams.ts): service times are drawn from the
 * message's source sensor's stream (`service-times:<sensor>`), jitter and loss from the link's
 * (`jitter:<link>`, `loss:<link>`; control messages apart: `control-jitter:`, `control-loss:`).
 * Adding a sensor must leave every other message's service time, and every other link's jitter
 * and loss pattern, unchanged (the fabric-wide streams shifted them all).
 */
import { describe, expect, it } from 'vitest';
import type { LinkModel } from '../../../sim-core/scenario/model.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import { app, link, node, scenario, service, stream } from '../../helpers/model-builder.ts';

/**
 * Sensors s1 → e1 (app a1) and s2 → e2 (app a2), each on its own stream; `extra` adds s3 with a
 * stream of its own. Many cores and light load: a message never waits, so its latency is its
 * transfer, propagation, jitter and service time only.
 */
function fabric(opts: { extra: 'none' | 'on-e1' | 'on-e2'; lossy?: boolean; jitter?: boolean }) {
  const lossy = opts.lossy ? { loss: 0.3 } : {};
  const jitter: Partial<LinkModel> = opts.jitter ? { jitter: { dist: 'exponential', mean: 2 } } : {};
  const sensors = [node('s1', { tier: 'sensor' }), node('s2', { tier: 'sensor' })];
  const links = [link('s1', 'e1', { ...lossy, ...jitter }), link('s2', 'e2', { ...lossy, ...jitter }), link('e1', 'e2')];
  const apps = [app('a1', [service('p', { placement: ['e1'], cpuWorkMs: 5 })]), app('a2', [service('q', { placement: ['e2'], cpuWorkMs: 5 })])];
  const streams = [stream('st1', 'a1', 'p', ['s1']), stream('st2', 'a2', 'q', ['s2'])];
  if (opts.extra !== 'none') {
    const to = opts.extra === 'on-e1' ? 'e1' : 'e2';
    sensors.push(node('s3', { tier: 'sensor' }));
    links.push(link('s3', to, { ...lossy, ...jitter }));
    apps.push(app('a3', [service('r', { placement: [to], cpuWorkMs: 5 })]));
    streams.push(stream('st3', 'a3', 'r', ['s3'], { arrival: { kind: 'poisson', ratePerS: 5 } }));
  }
  return scenario({
    durationMs: 120_000, nodes: [...sensors, node('e1', { cores: 64 }), node('e2', { cores: 64 })], links, apps, streams,
  });
}

/** Per source sensor: its messages in emission order, each with its latency, or 'lost'. */
function outcomes(opts: Parameters<typeof fabric>[0]): Record<string, (number | 'lost')[]> {
  const sim = new Simulation(fabric(opts));
  const source = new Map<number, { node: string; k: number }>();
  const out: Record<string, (number | 'lost')[]> = {};
  sim.subscribe((e) => {
    if (e.type === 'emit') {
      out[e.node] ??= [];
      source.set(e.msg, { node: e.node, k: out[e.node]!.push(NaN) - 1 });
    } else if (e.type === 'deliver' || e.type === 'lost') {
      const src = source.get(e.msg)!;
      out[src.node]![src.k] = e.type === 'deliver' ? e.latencyMs : 'lost';
    }
  }, { messages: true });
  sim.runToEnd();
  return out;
}

describe('common random numbers: adding a sensor moves no other draw', () => {
  it('another node serves its messages for exactly as long (service-time draws unchanged)', () => {
    const before = outcomes({ extra: 'none' });
    const after = outcomes({ extra: 'on-e1' });
    expect(before.s2!.length).toBeGreaterThan(50);
    expect(after.s2).toEqual(before.s2);
    expect(after.s3!.length).toBeGreaterThan(300); // the new sensor did draw service times
  });

  it('the same node serves the other sensors’ messages for as long as before (draws follow the message)', () => {
    const before = outcomes({ extra: 'none' });
    const after = outcomes({ extra: 'on-e1' });
    expect(after.s1).toEqual(before.s1);
  });

  it('another link loses the same messages and adds the same jitter', () => {
    const before = outcomes({ extra: 'none', lossy: true, jitter: true });
    const after = outcomes({ extra: 'on-e1', lossy: true, jitter: true });
    const lost = before.s2!.filter((x) => x === 'lost').length;
    expect(lost).toBeGreaterThan(10); // loss 0.3: the pattern is not trivially empty
    expect(after.s2).toEqual(before.s2);
    expect(after.s1).toEqual(before.s1);
  });

  it('a sensor added behind the other node changes nothing for the first one either', () => {
    const before = outcomes({ extra: 'none', lossy: true, jitter: true });
    const after = outcomes({ extra: 'on-e2', lossy: true, jitter: true });
    expect(after.s1).toEqual(before.s1);
    expect(after.s2).toEqual(before.s2);
  });
});
