import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FaultSpecError, parseFaultSpec } from '../../../sim-core/scenario/fault-spec.ts';
import { formatDurationMs } from '../../../sim-core/text/units.ts';

describe('parseFaultSpec: the grammar the README documents', () => {
  it.each([
    ['node:edge-1@10m+2m', { kind: 'node', target: 'edge-1', atMs: 600_000, forMs: 120_000 }],
    ['node:edge-1@90s', { kind: 'node', target: 'edge-1', atMs: 90_000, forMs: Infinity }],
    ['link:gw-a~edge-a@1h30m+30s', { kind: 'link', target: 'gw-a~edge-a', atMs: 5_400_000, forMs: 30_000 }],
    ['partition:eu-west@5m+1m', { kind: 'partition', target: 'eu-west', atMs: 300_000, forMs: 60_000 }],
    ['control-plane@2m+45s', { kind: 'control-plane', target: '', atMs: 120_000, forMs: 45_000 }],
    ['power:site-edge@25m', { kind: 'power', target: 'site-edge', atMs: 1_500_000, forMs: Infinity }],
  ])('%s', (spec, expected) => {
    const f = parseFaultSpec(spec);
    expect(f).toMatchObject({ ...expected, spec });
    expect(f.degrade).toBeUndefined();
  });

  it('link degradation options', () => {
    expect(parseFaultSpec('link:a~b@10m+2m:latency=x3,bandwidth=x0.1,loss=0.05').degrade).toEqual({ latencyFactor: 3, bandwidthFactor: 0.1, loss: 0.05 });
    expect(parseFaultSpec('link:a~b@0s:loss=0.5').degrade).toEqual({ loss: 0.5 });
  });

  it.each([
    ['node:edge-1', /no '@<at>' time/],
    ['nod:edge-1@5m', /unknown fault kind 'nod'; did you mean 'node'\?/],
    ['node:@5m', /empty target/],
    ['link:a-b@5m', /'<a>~<b>'/],
    ['node:a@5x', /bad start time.*unknown duration unit 'x'/],
    ['node:a@5m+zz', /bad duration \(\+<for>\)/],
    ['node:a@5m+0s', /lasts 0 ms/],
    ['node:a@5m:loss=0.1', /only link faults take/],
    ['link:a~b@5m:latncy=x2', /unknown link degradation 'latncy'; did you mean 'latency'\?/],
    ['link:a~b@5m:loss=1', /probability in \[0, 1\)/],
    ['link:a~b@5m:bandwidth=0.1', /positive factor like x3/],
    ['edge-1@5m', /needs '<kind>:<target>'/],
  ])('%s → error', (spec, msg) => {
    expect(() => parseFaultSpec(spec)).toThrow(FaultSpecError);
    expect(() => parseFaultSpec(spec)).toThrow(msg);
  });

  it('round-trips generated specs (property)', () => {
    const id = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
    const ms = fc.integer({ min: 0, max: 10 ** 9 });
    fc.assert(fc.property(fc.constantFrom('node', 'power', 'partition'), id, ms, fc.option(fc.integer({ min: 1, max: 10 ** 8 })), (kind, target, at, dur) => {
      const spec = `${kind}:${target}@${formatDurationMs(at)}${dur === null ? '' : `+${formatDurationMs(dur)}`}`;
      const f = parseFaultSpec(spec);
      return f.kind === kind && f.target === target && f.atMs === at && f.forMs === (dur ?? Infinity);
    }));
  });
});
