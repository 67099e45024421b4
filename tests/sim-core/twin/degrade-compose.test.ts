/**
 * Link degradations compose on the link's base values (sim-core/twin/link-degradation.ts):
 * disjoint, nested, overlapping and identical windows, for latency, bandwidth and loss. The
 * link's values are read in the middle of every second and compared with a table written by
 * hand; transfer times are checked against the same table. Regression: two ×0.5 bandwidth
 * windows @1s+2s and @2s+3s used to leave the link at half bandwidth for the rest of the run
 * (a later 8 Mb transfer took 2,000 ms instead of 1,000 ms).
 */
import { describe, expect, it } from 'vitest';
import { parseFaultSpec } from '../../../sim-core/scenario/fault-spec.ts';
import { composeDegradations } from '../../../sim-core/twin/link-degradation.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import { app, link, node, scenario, service, stream } from '../../helpers/model-builder.ts';

const BASE = { latencyMs: 10, bandwidthBps: 8e6, loss: 0.01 };

/** Window shapes: fault A then fault B, and which of them is active in each second [k, k+1) s. */
const SHAPES = {
  disjoint: { a: '@1s+1s', b: '@3s+1s', seconds: ['-', 'A', '-', 'B', '-', '-'] },
  nested: { a: '@1s+3s', b: '@2s+1s', seconds: ['-', 'A', 'AB', 'A', '-', '-'] },
  overlapping: { a: '@1s+2s', b: '@2s+2s', seconds: ['-', 'A', 'AB', 'B', '-', '-'] },
  identical: { a: '@1s+2s', b: '@1s+2s', seconds: ['-', 'AB', 'AB', '-', '-', '-'] },
} as const;

/**
 * Per property: A's and B's options, and the link's value with none, A, B or both active.
 * latency  A ×3, B ×2:        10, 30, 20, 10·3·2 = 60 ms
 * bandwidth A ×0.5, B ×0.25: 8, 4, 2, 8·0.5·0.25 = 1 Mbps
 * loss     A 0.2, B 0.05:     0.01 (base), 0.2, 0.05, max(0.2, 0.05) = 0.2
 */
const PROPS = {
  latency: { field: 'latencyMs', a: 'latency=x3', b: 'latency=x2', value: { '-': 10, A: 30, B: 20, AB: 60 } },
  bandwidth: { field: 'bandwidthBps', a: 'bandwidth=x0.5', b: 'bandwidth=x0.25', value: { '-': 8e6, A: 4e6, B: 2e6, AB: 1e6 } },
  loss: { field: 'loss', a: 'loss=0.2', b: 'loss=0.05', value: { '-': 0.01, A: 0.2, B: 0.05, AB: 0.2 } },
} as const;

type Shape = keyof typeof SHAPES;
type Prop = keyof typeof PROPS;

function twin(faults: string[], over: { loss?: number; sizeBytes?: number; periodMs?: number; durationMs?: number } = {}) {
  return new Simulation(scenario({
    durationMs: over.durationMs ?? 7_000,
    nodes: [node('s', { tier: 'sensor' }), node('e')],
    links: [link('s', 'e', { latencyMs: BASE.latencyMs, bandwidthBps: BASE.bandwidthBps, loss: over.loss ?? BASE.loss })],
    apps: [app('x', [service('p', { placement: ['e'], serviceTime: 'constant', cpuWorkMs: 1 })])],
    streams: [stream('st', 'x', 'p', ['s'], {
      arrival: { kind: 'periodic', periodMs: over.periodMs ?? 60_000, jitterMs: 0 }, sizeBytes: { dist: 'constant', value: over.sizeBytes ?? 1000 },
    })],
    faults: faults.map((f) => parseFaultSpec(f)),
  }));
}

describe('composeDegradations (pure)', () => {
  it.each([
    ['no degradation: the base', [], BASE],
    ['factors multiply, loss is the highest set', [{ latencyFactor: 3, bandwidthFactor: 0.5, loss: 0.05 }, { latencyFactor: 2, loss: 0.2 }], { latencyMs: 60, bandwidthBps: 4e6, loss: 0.2 }],
    ['a degradation without loss keeps the base loss', [{ bandwidthFactor: 0.25 }], { latencyMs: 10, bandwidthBps: 2e6, loss: 0.01 }],
    ['loss may be set below the base (it names the probability)', [{ loss: 0.001 }], { latencyMs: 10, bandwidthBps: 8e6, loss: 0.001 }],
  ])('%s', (_name, active, expected) => {
    expect(composeDegradations(BASE, active)).toEqual(expected);
  });
});

describe('overlapping link degradations compose on the base values', () => {
  const cases = (Object.keys(SHAPES) as Shape[]).flatMap((shape) => (Object.keys(PROPS) as Prop[]).map((prop) => [shape, prop] as const));
  it.each(cases)('%s windows, %s', (shape, prop) => {
    const { a, b, seconds } = SHAPES[shape];
    const p = PROPS[prop];
    const sim = twin([`link:s~e${a}:${p.a}`, `link:s~e${b}:${p.b}`]);
    const l = sim.state.fabric.topology.linkIndex('s~e');
    const seen = seconds.map((_, k) => {
      sim.advanceTo(k * 1000 + 500);
      return sim.state.fabric.topology[p.field][l];
    });
    expect(seen).toEqual(seconds.map((who) => p.value[who]));
    // The base comes back exactly, and the flow network sees the base bandwidth again.
    sim.runToEnd();
    expect(sim.state.fabric.topology[p.field][l]).toBe(BASE[p.field]);
  });

  it('degraded and restored events: restored only when the last window ends', () => {
    const sim = twin(['link:s~e@1s+2s:bandwidth=x0.5', 'link:s~e@2s+3s:bandwidth=x0.5']);
    const events: string[] = [];
    sim.subscribe((e) => { if (e.type === 'link-degraded' || e.type === 'link-restored') events.push(`${e.t} ${e.type}`); });
    sim.runToEnd();
    expect(events).toEqual(['1000 link-degraded', '2000 link-degraded', '3000 link-degraded', '5000 link-restored']);
  });
});

/** Finish time of a transfer of `bits` started at t0 over a bandwidth that is constant within each second (table). */
function finishMs(t0: number, bits: number, bpsInSecond: (k: number) => number): number {
  let t = t0;
  let rest = bits;
  for (;;) {
    const boundary = (Math.floor(t / 1000) + 1) * 1000;
    const bitsPerMs = bpsInSecond(Math.floor(t / 1000)) / 1000;
    if (bitsPerMs * (boundary - t) >= rest) return t + rest / bitsPerMs;
    rest -= bitsPerMs * (boundary - t);
    t = boundary;
  }
}

describe('transfer times under composed degradations', () => {
  it('the regression: after ×0.5 @1s+2s and ×0.5 @2s+3s an 8 Mb transfer takes 1,000 ms again', () => {
    const sim = twin(['link:s~e@1s+2s:bandwidth=x0.5', 'link:s~e@2s+3s:bandwidth=x0.5'], { loss: 0, sizeBytes: 1e6, periodMs: 10_000, durationMs: 40_000 });
    const latencies: { emitMs: number; latencyMs: number }[] = [];
    let emitMs = 0;
    sim.subscribe((e) => {
      if (e.type === 'emit') emitMs = e.t;
      if (e.type === 'deliver') latencies.push({ emitMs, latencyMs: e.latencyMs });
    }, { messages: true });
    sim.runToEnd();
    const after = latencies.filter((x) => x.emitMs >= 5000);
    expect(after.length).toBeGreaterThanOrEqual(3);
    // 8e6 bits at 8 Mbps = 1,000 ms, + 10 ms propagation + 1 ms service (constant).
    for (const x of after) expect(x.latencyMs).toBeCloseTo(1011, 6);
  });

  it('a link restored under a transfer speeds it up at once (the flow timer moves earlier)', () => {
    const sim = twin(['link:s~e@0s:bandwidth=x0.5'], { loss: 0, sizeBytes: 1e6, periodMs: 10_000, durationMs: 20_000 });
    let emitMs = -1;
    let latencyMs = -1;
    sim.subscribe((e) => {
      if (e.type === 'emit' && emitMs < 0) emitMs = e.t;
      if (e.type === 'deliver' && latencyMs < 0) latencyMs = e.latencyMs;
    }, { messages: true });
    while (emitMs < 0) sim.advanceEvents(1);
    sim.advanceTo(emitMs + 500);
    sim.inject({ kind: 'recover', target: 's~e' });
    sim.runToEnd();
    // 500 ms at 4 Mbps = 2 Mb; the other 6 Mb at 8 Mbps = 750 ms; + 10 ms + 1 ms (it took 2,011 ms).
    expect(latencyMs).toBeCloseTo(1261, 6);
  });

  it.each(Object.keys(SHAPES) as Shape[])('%s windows: every 0.8 Mb transfer takes the time the hand table gives', (shape) => {
    const { a, b, seconds } = SHAPES[shape];
    const bw = PROPS.bandwidth.value;
    const lat = PROPS.latency.value;
    // Both properties at once: A = latency ×3 and bandwidth ×0.5, B = latency ×2 and bandwidth ×0.25.
    const sim = twin([`link:s~e${a}:latency=x3,bandwidth=x0.5`, `link:s~e${b}:latency=x2,bandwidth=x0.25`], { loss: 0, sizeBytes: 1e5, periodMs: 850, durationMs: 7_000 });
    const emitted = new Map<number, number>();
    const got: { emitMs: number; latencyMs: number }[] = [];
    sim.subscribe((e) => {
      if (e.type === 'emit') emitted.set(e.msg, e.t);
      if (e.type === 'deliver') got.push({ emitMs: emitted.get(e.msg)!, latencyMs: e.latencyMs });
    }, { messages: true });
    sim.runToEnd();
    expect(got.length).toBeGreaterThanOrEqual(6);
    const who = (k: number) => seconds[Math.min(k, seconds.length - 1)]!;
    for (const x of got) {
      // At most 0.8 s per transfer (1 Mbps) and one every 0.85 s: transfers never share the link.
      const end = finishMs(x.emitMs, 8e5, (k) => bw[who(k)]);
      const expected = end - x.emitMs + lat[who(Math.floor(end / 1000))] + 1;
      expect(x.latencyMs).toBeCloseTo(expected, 6);
    }
    // Some transfer ran under a degraded regime, so the table was exercised, not just the base.
    expect(got.some((x) => x.latencyMs > 111 + 1e-6)).toBe(true);
  });
});
