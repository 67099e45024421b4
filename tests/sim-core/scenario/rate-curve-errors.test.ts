/**
 * Refusals of bad rate curves and rate changes: each case swaps the stream's arrival lines and
 * checks the one located issue it causes (line:col, field path, message).
 */
import { describe, expect, it } from 'vitest';
import { InputError, type InputIssue } from '../../../sim-core/text/input-error.ts';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';

const base = (stream: string[]) => [
  'apiVersion: edgetwin.io/v1alpha1',                                      // 1
  'kind: Scenario',                                                        // 2
  'metadata: {name: t}',                                                   // 3
  'spec:',                                                                 // 4
  '  nodes:',                                                              // 5
  '    - {id: e1, tier: edge}',                                            // 6
  '    - {id: s1, tier: sensor, labels: {line: a}}',                       // 7
  '    - {id: s2, tier: sensor}',                                          // 8
  '  links:',                                                              // 9
  '    - {between: [s1, e1], type: ethernet}',                             // 10
  '    - {between: [s2, e1], type: ethernet}',                             // 11
  '  apps:',                                                               // 12
  '    - {id: a, slo: {latency: 1s}, services: [{id: x, cpuWork: 1ms}]}',  // 13
  '  streams:',                                                            // 14
  '    - id: st',                                                          // 15
  '      app: a',                                                          // 16
  '      sources: [s1, s2]',                                               // 17
  '      size: 1KiB',                                                      // 18
  ...stream.map((l) => `      ${l}`),                                      // 19, 20
].join('\n');

function issuesOf(stream: string[]): string[] {
  try {
    parseScenario(base(stream), 't.yaml');
  } catch (e) {
    if (e instanceof InputError) return e.issues.map((i: InputIssue) => `${i.line}:${i.col} ${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

const P = 'spec.streams[0].arrival.curve';
const POISSON = 'arrival: {poisson: {rate: 1}}';

describe('rate curve refusals', () => {
  it.each([
    ['a negative rate',
      ['arrival: {curve: {piecewiseLinear: {points: [[0h, 1], [8h, -4]]}}}'],
      `19:66 ${P}.piecewiseLinear.points[1][1]: must not be negative, got -4`],
    ['unsorted points',
      ['arrival: {curve: {piecewiseLinear: {points: [[0h, 1], [8h, 4], [6h, 2]]}}}'],
      `19:71 ${P}.piecewiseLinear.points[2][0]: times must increase: 6h is not after the previous point's 8h`],
    ['a point at the period',
      ['arrival: {curve: {piecewiseLinear: {points: [[0h, 1], [24h, 4]], period: 24h}}}'],
      `19:62 ${P}.piecewiseLinear.points[1][0]: with period 1d the points must lie in [0, 1d), got 1d (the rate at 1d is the first point's)`],
    ['a point without its rate',
      ['arrival: {curve: {piecewiseLinear: {points: [[0h]]}}}'],
      `19:52 ${P}.piecewiseLinear.points[0]: expected [time, rate], e.g. [8h, 4], got ["0h"]`],
    ['two kinds at once',
      ['arrival: {curve: {step: {before: 1, after: 2, at: 1m}, sinusoidal: {mean: 1, amplitude: 1}}}'],
      `19:24 ${P}: curve takes exactly one kind, got sinusoidal and step`],
    ['no kind',
      ['arrival: {curve: {}}'],
      `19:24 ${P}: curve needs one of piecewiseLinear: {points, period}, sinusoidal: {mean, amplitude, period, peakAt}, step: {before, after, at}, trace: {file | samples}, flashCrowd: {base, at, rise, hold, decay, factor}`],
    ['a trace with both a file and samples',
      ['arrival: {curve: {trace: {file: a.csv, samples: [[0s, 1]]}}}'],
      `19:32 ${P}.trace: trace needs exactly one of file: <csv path> or samples: [[time, rate], …]`],
    ['a zero period',
      ['arrival: {curve: {sinusoidal: {mean: 1, amplitude: 1, period: 0s}}}'],
      `19:69 ${P}.sinusoidal.period: must be greater than 0, got '0s'`],
    ['a flash crowd over a flash crowd',
      ['arrival: {curve: {flashCrowd: {base: {flashCrowd: {}}, at: 1h, hold: 1m, factor: 2}}}'],
      `19:45 ${P}.flashCrowd.base.flashCrowd: unknown field 'flashCrowd'; allowed fields: piecewiseLinear, sinusoidal, step, trace`],
    ['a misspelt kind',
      ['arrival: {curve: {stepp: {before: 1, after: 2, at: 1m}}}'],
      `19:25 ${P}.stepp: unknown field 'stepp'; did you mean 'step'?`],
  ])('%s', (_what, stream, issue) => {
    expect(issuesOf(stream)).toEqual([issue]);
  });
});

describe('rateChanges refusals', () => {
  it.each([
    ['changes out of time order',
      'rateChanges: [{at: 2h, factor: 3}, {at: 1h, factor: 1}]',
      '20:47 spec.streams[0].rateChanges[1].at: rate changes must be in time order: 1h is before the previous change\'s 2h'],
    ['a node that is not a source of the stream',
      'rateChanges: [{at: 2h, factor: 3, sources: [s1, e1]}]',
      '20:55 spec.streams[0].rateChanges[0].sources[1]: node \'e1\' is not a source of stream \'st\''],
    ['a selector that matches none of the sources',
      'rateChanges: [{at: 2h, factor: 3, sources: {selector: {labels: {line: b}}}}]',
      '20:50 spec.streams[0].rateChanges[0].sources: selector {"labels":{"line":"b"}} matches none of the 2 sources of stream \'st\''],
    ['a negative factor',
      'rateChanges: [{at: 2h, factor: -1}]',
      '20:38 spec.streams[0].rateChanges[0].factor: must not be negative, got -1'],
  ])('%s', (_what, line, issue) => {
    expect(issuesOf([POISSON, line])).toEqual([issue]);
  });

  it('resolves a selector to the stream\'s matching sources, in order', () => {
    const m = parseScenario(base([POISSON, 'rateChanges: [{at: 2h, factor: 3, sources: {selector: {labels: {line: a}}}}, {at: 4h, factor: 1}]']), 't.yaml');
    expect(m.streams[0]!.rateChanges).toEqual([{ atMs: 7_200_000, factor: 3, sources: ['s1'] }, { atMs: 14_400_000, factor: 1 }]);
  });

  it('a curve resolves to the RateCurve rate-curve.ts uses (hand-converted units)', () => {
    const m = parseScenario(base(['arrival: {curve: {flashCrowd: {base: {sinusoidal: {mean: 3, amplitude: 2, peakAt: 18h}}, at: 2h, rise: 5m, hold: 20m, factor: 8}}}']), 't.yaml');
    expect(m.streams[0]!.arrival).toEqual({ kind: 'curve', curve: {
      kind: 'flash-crowd', atMs: 7_200_000, riseMs: 300_000, holdMs: 1_200_000, decayMs: 0, multiplier: 8,
      base: { kind: 'sinusoidal', meanPerS: 3, amplitudePerS: 2, peakAtMs: 64_800_000 },
    } });
    const t = parseScenario(base(['arrival: {curve: {trace: {file: traces/day.csv}}}']), 't.yaml');
    expect(t.streams[0]!.arrival).toEqual({ kind: 'curve', curve: { kind: 'trace', points: [] }, traceFile: 'traces/day.csv' });
  });
});
