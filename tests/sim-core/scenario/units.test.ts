import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatBitrate, formatBytes, formatCpuMillicores, formatDurationMs, parseBitrate, parseBytes, parseCpuMillicores, parseDurationMs,
  type UnitResult,
} from '../../../sim-core/text/units.ts';

const value = (r: UnitResult) => (r.ok ? r.value : `ERR ${r.message}`);

describe('parseDurationMs', () => {
  it.each([
    ['90s', 90_000], ['10m', 600_000], ['1h30m', 5_400_000], ['250ms', 250], ['2d', 172_800_000],
    ['1.5s', 1500], ['1m30s500ms', 90_500], [42, 42], ['42', 42], ['never', Infinity], [0, 0],
  ])('%s → %s ms', (input, ms) => expect(value(parseDurationMs(input))).toBe(ms));

  it.each([
    [true, /expected a duration like 90s.*got true/],
    ['5x', /unknown duration unit 'x'/],
    ['-5s', /must not be negative/],
    [-1, /must not be negative/],
    ['', /expected a duration/],
    ['s', /expected a duration/],
  ])('%s is rejected', (input, msg) => {
    const r = parseDurationMs(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(msg);
  });
});

describe('parseBytes (Kubernetes quantities)', () => {
  it.each([
    ['4Gi', 4 * 2 ** 30], ['512Mi', 512 * 2 ** 20], ['1.5GB', 1.5e9], ['200', 200], ['2KiB', 2048], ['1k', 1000],
    ['64B', 64], ['1e3', 1000], [1024, 1024], ['0.5Ki', 512],
  ])('%s → %s bytes', (input, bytes) => expect(value(parseBytes(input))).toBe(bytes));

  it('names the expected form and the bad value', () => {
    expect(parseBytes(true)).toEqual({ ok: false, message: 'expected a number of bytes like 512Mi, 4Gi, 1.5GB or 200 (a bare number means bytes), got true' });
    expect(value(parseBytes('4Gb'))).toMatch(/unknown size suffix 'Gb'/);
    expect(value(parseBytes('-1Mi'))).toMatch(/must not be negative/);
  });
});

describe('parseBitrate', () => {
  it.each([
    ['1Gbps', 1e9], ['100Mbps', 100e6], ['9.6kbps', 9600], ['10 Mbit/s', 10e6], [5000, 5000], ['5000', 5000],
  ])('%s → %s bit/s', (input, bps) => expect(value(parseBitrate(input))).toBeCloseTo(bps, 6));

  it('points out bytes-per-second', () => expect(value(parseBitrate('10MB/s'))).toMatch(/bits \(bps\), not bytes/));
});

describe('parseCpuMillicores', () => {
  it.each([['500m', 500], ['2', 2000], [1.5, 1500], ['0.25', 250], [0, 0]])('%s → %s m', (input, m) => expect(value(parseCpuMillicores(input))).toBe(m));
  it('rejects other suffixes', () => expect(value(parseCpuMillicores('2 cores'))).toMatch(/expected a CPU quantity like 500m/));
});

describe('formatting', () => {
  it.each([[5_400_000, '1h30m'], [1500, '1s500ms'], [0, '0s'], [250, '250ms'], [Infinity, 'never'], [90_061_001, '1d1h1m1s1ms']])(
    'formatDurationMs(%s) = %s', (ms, text) => expect(formatDurationMs(ms)).toBe(text));
  it.each([[4 * 2 ** 30, '4Gi'], [1536, '1536'], [3 * 2 ** 20, '3Mi'], [1000, '1000']])('formatBytes(%s) = %s', (b, t) => expect(formatBytes(b)).toBe(t));
  it('formatBytes approx for reports', () => expect(formatBytes(1_234_567, { approx: true })).toBe('1.18Mi'));
  it.each([[1e9, '1Gbps'], [9600, '9.6kbps'], [123, '123bps']])('formatBitrate(%s) = %s', (b, t) => expect(formatBitrate(b)).toBe(t));
  it.each([[500, '500m'], [2000, '2']])('formatCpuMillicores(%s) = %s', (m, t) => expect(formatCpuMillicores(m)).toBe(t));
  it('throws on programmer mistakes with the value', () => expect(() => formatDurationMs(-1)).toThrow(/-1/));
});

describe('round trips (property)', () => {
  it('durations: parse(format(ms)) = ms for whole ms', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 45 }), (ms) => value(parseDurationMs(formatDurationMs(ms))) === ms));
  });
  it('bytes: parse(format(b)) = b', () => {
    fc.assert(fc.property(fc.oneof(fc.integer({ min: 0, max: 2 ** 50 }), fc.integer({ min: 0, max: 4096 }).map((k) => k * 2 ** 20)),
      (b) => value(parseBytes(formatBytes(b))) === b));
  });
  it('bitrates: parse(format(bps)) = bps', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e13 }), (bps) => value(parseBitrate(formatBitrate(bps))) === bps));
  });
  it('cpu: parse(format(m)) = m', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), (m) => value(parseCpuMillicores(formatCpuMillicores(m))) === m));
  });
  it('parsers never throw on arbitrary input', () => {
    fc.assert(fc.property(fc.anything(), (x) => {
      for (const p of [parseDurationMs, parseBytes, parseBitrate, parseCpuMillicores]) {
        const r = p(x);
        if (!r.ok && r.message.length === 0) return false;
      }
      return true;
    }));
  });
});
