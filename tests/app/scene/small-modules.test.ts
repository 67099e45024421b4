/**
 * Small pure pieces, as tables: glyph sizes (log growth, the pixel floor in 1/8-octave steps),
 * replica stacking, plan pairing, renderer classes, tooltip words and the canvas's accessible name.
 */
import { describe, expect, it } from 'vitest';
import { createFrame, H_LINKS_DOWN, H_NODES_DOWN, NODE_SUSPECT } from '../../../sim-core/twin/frame.ts';
import { formatRate, nodeTip, percent, sceneSummary } from '../../../app/scene/describe-item.ts';
import { ITEM_GROUP, ITEM_NODE, ITEM_SITE, ITEM_ZONE } from '../../../app/scene/display.ts';
import { flooredDiameter, itemDiameter, itemMinPx } from '../../../app/scene/glyph-size.ts';
import { pairMoves } from '../../../app/scene/plan-layer.ts';
import { profileFor } from '../../../app/scene/renderer-class.ts';
import { stackOffset } from '../../../app/scene/replica-layer.ts';
import { fabric, l, n, shipped } from './fixtures.ts';

describe('glyph sizes', () => {
  it('aggregates grow with the log of their size; each kind is bigger than the last', () => {
    expect(itemDiameter(ITEM_GROUP, 0, 1)).toBeCloseTo(0.3);
    // 0.3 · (1 + 0.6 · ln 80)
    expect(itemDiameter(ITEM_GROUP, 0, 80)).toBeCloseTo(0.3 * (1 + 0.6 * Math.log(80)), 9);
    expect(itemDiameter(ITEM_GROUP, 0, 800) - itemDiameter(ITEM_GROUP, 0, 80)).toBeCloseTo(itemDiameter(ITEM_GROUP, 0, 80) - itemDiameter(ITEM_GROUP, 0, 8), 9);
    expect(itemDiameter(ITEM_SITE, 0, 80)).toBeGreaterThan(itemDiameter(ITEM_GROUP, 0, 80));
    expect(itemDiameter(ITEM_ZONE, 0, 800)).toBeGreaterThan(itemDiameter(ITEM_SITE, 0, 800));
    expect(itemDiameter(ITEM_NODE, 4, 1)).toBeGreaterThan(itemDiameter(ITEM_NODE, 3, 1));
    expect(itemMinPx(ITEM_GROUP, 0, 100)).toBeGreaterThan(itemMinPx(ITEM_GROUP, 0, 10));
  });

  it.each([
    // diameter, minPx, distance, focal → drawn (need = minPx · distance / focal)
    [1, 10, 10, 1000, 1],                               // need 0.1: the glyph is big enough
    [1, 10, 200, 1000, 2],                              // need 2: exactly one octave
    [1, 10, 150, 1000, Math.pow(2, Math.ceil(Math.log2(1.5) * 8) / 8)], // need 1.5 → next 1/8 octave step
  ])('flooredDiameter(%f, %f px, at %f, focal %f) = %f', (dm, px, dist, focal, want) => {
    const got = flooredDiameter(dm, px, dist, focal);
    expect(got).toBeCloseTo(want, 9);
    expect((got * focal) / dist).toBeGreaterThanOrEqual(Math.min(px, (dm * focal) / dist) - 1e-9);
  });
});

describe('replica stacks', () => {
  it('four per column on top of the host, then columns around it', () => {
    const o = [0, 0, 0];
    stackOffset(0, 1, o); expect(o[0]).toBeCloseTo(0); expect(o[1]).toBeCloseTo(0.65); expect(o[2]).toBeCloseTo(0);
    stackOffset(3, 1, o); expect(o[1]).toBeCloseTo(0.65 + 3 * 1.15);
    stackOffset(4, 1, o); expect(Math.hypot(o[0]!, o[2]!)).toBeCloseTo(1.35); expect(o[1]).toBeCloseTo(0.65);
  });
});

describe('plan pairing', () => {
  const pos = [0, 10, 20, 100];
  const dist = (a: number, b: number) => Math.abs(pos[a]! - pos[b]!);
  it.each([
    [[0], [1], [[0, 1]]],
    [[0, 3], [2, 1], [[0, 2], [3, 1]]],               // nearest unused first: 2 takes 0 (20 < 80), then 1 takes the unused 3
    [[0], [1, 2], [[0, 1], [0, 2]]],                  // one source, two destinations: both from it
    [[], [1], []],                                    // pure additions: nothing to draw from
    [[0, 3], [], []],                                 // pure removals
  ])('from %j to %j → %j', (from, to, want) => {
    expect(pairMoves(from as number[], to as number[], dist)).toEqual(want);
  });
});

describe('renderer classes', () => {
  it.each([
    ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', true],
    ['llvmpipe (LLVM 15.0.6, 256 bits)', true],
    ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3070 Direct3D11 vs_5_0 ps_5_0, D3D11)', false],
    ['Apple M2', false],
  ])('%s → software %s', (name, software) => {
    const p = profileFor(name as string);
    expect(p.software).toBe(software);
    expect(p.antialias).toBe(!software);
    expect(p.itemBudget).toBeGreaterThan(software ? 100 : 5000);
    expect(p.dataRenderIntervalMs > 0).toBe(software);
  });
});

describe('words', () => {
  it.each([[0, '0 bit/s'], [999, '999 bit/s'], [1500, '1.50 kbit/s'], [50e6, '50.0 Mbit/s'], [10e9, '10.0 Gbit/s'], [250e6, '250 Mbit/s']])('formatRate(%f) = %s', (bps, s) => {
    expect(formatRate(bps as number)).toBe(s);
  });

  it('the accessible name counts nodes, links, down and suspect nodes and cut links', () => {
    const d = shipped('metro-operations');
    expect(sceneSummary(null, null)).toMatch(/nothing loaded/);
    expect(sceneSummary(d, null)).toBe('3D view of 172 nodes and 180 links; 0 down');
    const f = createFrame({ nodes: 172, links: 180, apps: 2 });
    f.header[H_NODES_DOWN] = 1; f.header[H_LINKS_DOWN] = 6; f.nodeState[3] = NODE_SUSPECT;
    expect(sceneSummary(d, f)).toBe('3D view of 172 nodes and 180 links; 1 down, 1 suspect, 6 links cut');
  });

  it('a node tooltip names the node, tier, place, state, CPU and replicas', () => {
    const d = fabric([n('edge-1', 'edge', { region: 'north', zone: 'north-a' }), n('gw', 'gateway')], [l(0, 1)]);
    const f = createFrame({ nodes: 2, links: 1, apps: 0 });
    f.nodeCpu[0] = 0.423; f.nodeState[0] = 2;
    const tip = nodeTip(d, f, 0, ['crowd/count', 'crowd/occupancy']);
    expect(tip.title).toBe('edge-1');
    expect(tip.lines).toEqual(['edge · north / north-a', 'State: down', 'CPU 42 % · memory 0 % · queue 0', 'Replicas (2): crowd/count, crowd/occupancy']);
    expect(percent(1.5)).toBe('150 %');
  });
});
