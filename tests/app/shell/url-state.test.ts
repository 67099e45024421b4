/** The shareable URL: strict parsing (one message per bad parameter), a fixed serialisation, and compressed YAML that round-trips. */
import { describe, expect, it } from 'vitest';
import { compressText, decompressText, parseUrlState, timeParam, urlQuery } from '../../../app/sim-client/url-state.ts';

const KNOWN = ['metro-operations', 'factory-maintenance'];

describe('URL state', () => {
  it('reads every parameter', () => {
    const { state, errors } = parseUrlState('?scenario=factory-maintenance&seed=3&t=1m30s&speed=50&select=edge-a&layout=geo', KNOWN);
    expect(errors).toEqual([]);
    expect(state).toEqual({ scenario: 'factory-maintenance', seed: 3, timeMs: 90_000, speed: 50, select: 'edge-a', layout: 'geo' });
    expect(parseUrlState('?speed=max', KNOWN).state.speed).toBe('max');
  });

  it('names each bad parameter and keeps the good ones', () => {
    const { state, errors } = parseUrlState('?scenario=nope&seed=-1&t=soon&speed=5000&layout=3d&foo=1&select=edge-a', KNOWN);
    expect(state).toEqual({ select: 'edge-a' });
    expect(errors).toEqual([
      "unknown URL parameter 'foo' (known: scenario, yaml, seed, t, speed, select, layout)",
      "no shipped scenario 'nope'; shipped: metro-operations, factory-maintenance",
      "seed must be a whole number ≥ 0, got '-1'",
      "t must be a time like 90s, 10m or 1h30m, got 'soon'",
      "speed must be from 1 to 1000 or 'max', got '5000'",
      "layout must be 'tiers' or 'geo', got '3d'",
    ]);
    expect(parseUrlState('?yaml=a+b', KNOWN).errors[0]).toMatch(/not base64url/);
  });

  it('serialises in a fixed order, leaving defaults out, and parses back', () => {
    const q = urlQuery({ scenario: 'metro-operations', seed: 7, timeMs: 27_350, speed: 10, select: 'station-04-edge', layout: 'tiers' });
    expect(q).toBe('?scenario=metro-operations&seed=7&t=27.4s&speed=10&select=station-04-edge');
    expect(parseUrlState(q, KNOWN).state).toEqual({ scenario: 'metro-operations', seed: 7, timeMs: 27_400, speed: 10, select: 'station-04-edge' });
    expect(timeParam(90_000)).toBe('90s');
    expect(urlQuery({})).toBe('');
  });

  it('edited YAML travels deflated and comes back byte for byte; a damaged one says so', async () => {
    const text = `# ünïcode ✓\napiVersion: edgetwin.io/v1alpha1\n${'x: 1\n'.repeat(500)}`;
    const packed = await compressText(text);
    expect(packed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(packed.length).toBeLessThan(text.length / 10);
    expect(await decompressText(packed)).toBe(text);
    const { state } = parseUrlState(urlQuery({ yaml: packed, seed: 1 }), KNOWN);
    expect(await decompressText(state.yaml!)).toBe(text);
    await expect(decompressText(packed.slice(0, packed.length / 2))).rejects.toThrow(/damaged/);
  });
});
