/** The node table's rows: search terms, sort by live values, and the rows a scroll position renders. */
import { describe, expect, it } from 'vitest';
import { matchesQuery, stateText, tableRows, visibleRange } from '../../../app/panels/node-table-model.ts';
import { NODE_DOWN, NODE_SUSPECT, createFrame } from '../../../sim-core/twin/frame.ts';
import type { FabricDescription } from '../../../sim-core/twin/describe.ts';

const node = (id: string, tier: string, region: string) => ({ id, tier, region, zone: `${region}-a`, className: null });
const d = { nodes: [node('gw-1', 'gateway', 'north'), node('edge-1', 'edge', 'north'), node('edge-2', 'edge', 'south'), node('cloud', 'cloud', 'cloud')] } as unknown as FabricDescription;
const frame = createFrame({ nodes: 4, links: 0, apps: 0 });
frame.nodeState.set([0, NODE_DOWN, NODE_SUSPECT, 0]);
frame.nodeCpu.set([0.2, 0, 0.9, 0.5]);

describe('node table model', () => {
  it('search: plain text anywhere, field:value exactly, all terms must match', () => {
    expect(tableRows(d, frame, 'edge', 'id', false)).toEqual(Int32Array.of(1, 2));
    expect(tableRows(d, frame, 'down', 'id', false)).toEqual(Int32Array.of(1));
    expect(tableRows(d, frame, 'tier:edge region:south', 'id', false)).toEqual(Int32Array.of(2));
    expect(tableRows(d, frame, 'state:suspect', 'id', false)).toEqual(Int32Array.of(2));
    expect(tableRows(d, frame, 'tier:edg', 'id', false)).toEqual(Int32Array.of());
    expect(matchesQuery(d, null, 0, '')).toBe(true);
    expect([0, 1, 2].map((i) => stateText(frame.nodeState[i]))).toEqual(['up', 'down', 'suspect']);
  });

  it('sorts by id, tier (cloud first), state and live CPU, ties by fabric order', () => {
    expect(tableRows(d, frame, '', 'id', false)).toEqual(Int32Array.of(3, 1, 2, 0));
    expect(tableRows(d, frame, '', 'id', true)).toEqual(Int32Array.of(0, 2, 1, 3));
    expect(tableRows(d, frame, '', 'tier', false)).toEqual(Int32Array.of(3, 1, 2, 0));
    expect(tableRows(d, frame, '', 'cpu', true)).toEqual(Int32Array.of(2, 3, 0, 1));
    expect(tableRows(d, frame, '', 'state', true)).toEqual(Int32Array.of(1, 2, 0, 3));
  });

  it('renders only the rows in view, with overscan', () => {
    expect(visibleRange(0, 240, 24, 100_000)).toEqual([0, 18]);
    expect(visibleRange(24_000, 240, 24, 100_000)).toEqual([992, 1018]);
    expect(visibleRange(0, 240, 24, 3)).toEqual([0, 3]);
    expect(visibleRange(10_000, 240, 24, 3)).toEqual([3, 3]);
  });
});
