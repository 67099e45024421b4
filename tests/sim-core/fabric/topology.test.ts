import { describe, expect, it } from 'vitest';
import { Topology } from '../../../sim-core/fabric/topology.ts';
import { link, node } from './fixtures.ts';

const build = () => Topology.fromModel(
  [node('gw'), node('edge'), node('cloud')],
  [link('l0', 'gw', 'edge', 2, 100e6), link('l1', 'edge', 'cloud', 20, 1e9)],
);

describe('Topology', () => {
  it('indexes nodes and links by id and by node pair in either order', () => {
    const t = build();
    expect(t.nodeCount).toBe(3);
    expect(t.linkCount).toBe(2);
    expect(t.nodeIndex('edge')).toBe(1);
    expect(t.nodeIndex('nope')).toBe(-1);
    expect(t.nodeId(2)).toBe('cloud');
    expect(t.linkIndex('l1')).toBe(1);
    expect(t.linkIndex('edge~cloud')).toBe(1);
    expect(t.linkIndex('cloud~edge')).toBe(1);
    expect(t.linkIndex('gw~cloud')).toBe(-1);
    expect(t.linkId(0)).toBe('l0');
    expect([t.linkA(1), t.linkB(1)]).toEqual([1, 2]);
    expect([...t.latencyMs]).toEqual([2, 20]);
    expect([...t.bandwidthBps]).toEqual([100e6, 1e9]);
    expect(t.linksOf(1)).toEqual([0, 1]);
  });

  it('resolves pairs whose node ids contain "~"', () => {
    const t = Topology.fromModel([node('a~1'), node('b')], [link('x', 'a~1', 'b', 1)]);
    expect(t.linkIndex('a~1~b')).toBe(0);
    expect(t.linkIndex('b~a~1')).toBe(0);
  });

  it('throws on a link naming an unknown node, a duplicate id or a self-loop', () => {
    expect(() => Topology.fromModel([node('a')], [link('x', 'a', 'zz', 1)])).toThrow(/unknown node "zz"/);
    expect(() => Topology.fromModel([node('a'), node('a')], [])).toThrow(/duplicate node id "a"/);
    const t = build();
    expect(() => t.addLink(0, 1, { id: 'l0', latencyMs: 1, bandwidthBps: 1, loss: 0 })).toThrow(/duplicate link id "l0"/);
    expect(() => t.addLink(1, 1, { id: 'z', latencyMs: 1, bandwidthBps: 1, loss: 0 })).toThrow(/self-loop/);
    expect(() => t.setLinkProps(0, { loss: 2 })).toThrow(/loss must be in \[0, 1\], got 2/);
    expect(() => t.isLinkUp(7)).toThrow(/link index 7/);
  });

  it('bumps version only on changes that can alter routes', () => {
    const t = build();
    expect(t.version).toBe(0);
    t.setLinkUp(0, true); // no change
    expect(t.version).toBe(0);
    t.setLinkUp(0, false);
    expect(t.isLinkUp(0)).toBe(false);
    expect(t.version).toBe(1);
    t.setLinkProps(1, { bandwidthBps: 5e6, loss: 0.1 }); // capacity and loss do not move routes
    expect(t.version).toBe(1);
    expect(t.bandwidthBps[1]).toBe(5e6);
    expect(t.loss[1]).toBeCloseTo(0.1);
    t.setLinkProps(1, { latencyMs: 60 });
    expect(t.version).toBe(2);
    expect(t.latencyMs[1]).toBe(60);
    t.setNodeUp(1, false);
    expect(t.version).toBe(3);
    expect(t.isNodeUp(1)).toBe(false);
  });

  it('addLink grows the per-link arrays past their initial capacity, keeping old values', () => {
    const nodes = Array.from({ length: 40 }, (_, i) => node(`n${i}`));
    const t = Topology.fromModel(nodes, []);
    for (let i = 1; i < 40; i++) t.addLink(0, i, { id: `r${i}`, latencyMs: i, bandwidthBps: i * 1e6, loss: 0 });
    expect(t.linkCount).toBe(39);
    expect(t.latencyMs.length).toBe(39);
    expect(t.latencyMs[0]).toBe(1);
    expect(t.latencyMs[38]).toBe(39);
    expect(t.bandwidthBps[20]).toBe(21e6);
    expect(t.version).toBe(39);
    expect(t.linksOf(0).length).toBe(39);
  });

  it('setLinkEnds re-points a radio link (handover)', () => {
    const t = build();
    const r = t.addLink(0, 1, { id: 'radio', latencyMs: 5, bandwidthBps: 50e6, loss: 0.01 });
    const v = t.version;
    t.setLinkEnds(r, 0, 2);
    expect(t.version).toBe(v + 1);
    expect(t.linksOf(1)).toEqual([0, 1]);
    expect(t.linksOf(2)).toEqual([1, r]);
    expect(t.linkIndex('gw~cloud')).toBe(r);
    expect(t.linkIndex('gw~edge')).toBe(0);
  });

  it('resource capacity is 0 when the link or an end node is down', () => {
    const t = build();
    expect(t.resourceCapacityBps(2)).toBe(1e9);
    expect(t.resourceCapacityBps(3)).toBe(1e9);
    t.setNodeUp(2, false);
    expect(t.resourceCapacityBps(3)).toBe(0);
    t.setLinkUp(0, false);
    expect(t.resourceCapacityBps(0)).toBe(0);
  });
});
