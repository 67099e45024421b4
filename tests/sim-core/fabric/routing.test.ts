import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Router } from '../../../sim-core/fabric/routing.ts';
import { Topology } from '../../../sim-core/fabric/topology.ts';
import { link, node } from './fixtures.ts';

/** Brute force over all simple paths: best (latency, hops) from src to every node, or null. */
function bruteBest(t: Topology, src: number): ({ lat: number; hops: number } | null)[] {
  const best: ({ lat: number; hops: number } | null)[] = Array.from({ length: t.nodeCount }, () => null);
  if (!t.isNodeUp(src)) return best;
  const onPath = new Set<number>([src]);
  const dfs = (u: number, lat: number, hops: number) => {
    const b = best[u];
    if (!b || lat < b.lat || (lat === b.lat && hops < b.hops)) best[u] = { lat, hops };
    for (const l of t.linksOf(u)) {
      if (!t.isLinkUp(l)) continue;
      const v = t.linkA(l) === u ? t.linkB(l) : t.linkA(l);
      if (onPath.has(v) || !t.isNodeUp(v)) continue;
      onPath.add(v); dfs(v, lat + t.latencyMs[l]!, hops + 1); onPath.delete(v);
    }
  };
  dfs(src, 0, 0);
  return best;
}

/** The documented tie-break, rebuilt from brute-force optima: walk back from dst over the lowest-index link that stays optimal. */
function expectedLinks(t: Topology, best: ReturnType<typeof bruteBest>, src: number, dst: number): number[] {
  const out: number[] = [];
  let v = dst;
  while (v !== src) {
    const bv = best[v]!;
    const cands = t.linksOf(v).filter((l) => {
      if (!t.isLinkUp(l)) return false;
      const u = t.linkA(l) === v ? t.linkB(l) : t.linkA(l);
      const bu = best[u];
      return !!bu && bu.lat + t.latencyMs[l]! === bv.lat && bu.hops + 1 === bv.hops;
    });
    const l = Math.min(...cands);
    out.unshift(l);
    v = t.linkA(l) === v ? t.linkB(l) : t.linkA(l);
  }
  return out;
}

const graph = fc.integer({ min: 2, max: 7 }).chain((n) => fc.record({
  n: fc.constant(n),
  links: fc.array(fc.record({ a: fc.nat(n - 1), b: fc.nat(n - 1), lat: fc.integer({ min: 0, max: 6 }), up: fc.boolean() }), { maxLength: 14 }),
  nodeUp: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
}));

describe('Router against brute force (property)', () => {
  it('latency, hops, tie-breaking and resource directions match on random small graphs', () => {
    fc.assert(fc.property(graph, ({ n, links, nodeUp }) => {
      const t = Topology.fromModel(Array.from({ length: n }, (_, i) => node(`n${i}`)), []);
      links.filter((l) => l.a !== l.b).forEach((l, i) => {
        t.addLink(l.a, l.b, { id: `l${i}`, latencyMs: l.lat, bandwidthBps: 1e6, loss: 0 });
        t.setLinkUp(i, l.up || i % 3 === 0);
      });
      nodeUp.forEach((up, i) => t.setNodeUp(i, up || i % 2 === 0));
      const router = new Router(t);
      for (let s = 0; s < n; s++) {
        const best = bruteBest(t, s);
        for (let d = 0; d < n; d++) {
          const r = router.route(s, d);
          const b = t.isNodeUp(d) ? best[d] : null;
          if (!b) { expect(r).toBeNull(); expect(router.latencyMs(s, d)).toBe(Infinity); continue; }
          expect(r).not.toBeNull();
          expect(r!.latencyMs).toBe(b.lat);
          expect(router.latencyMs(s, d)).toBe(b.lat);
          expect(r!.links.length).toBe(b.hops);
          expect([...r!.links]).toEqual(expectedLinks(t, best, s, d));
          let at = s;
          r!.links.forEach((l, i) => {
            const forward = t.linkA(l) === at;
            expect(r!.resources[i]).toBe(forward ? 2 * l : 2 * l + 1);
            at = forward ? t.linkB(l) : t.linkA(l);
          });
          expect(at).toBe(d);
        }
      }
    }), { numRuns: 300, seed: 42 });
  });
});

// gw -(2)- e1 -(10)- cloud ;  gw -(5)- e2 -(10)- cloud ;  e1 -(1)- e2
const diamond = () => Topology.fromModel(
  ['gw', 'e1', 'e2', 'cloud'].map((id) => node(id)),
  [link('a', 'gw', 'e1', 2), link('b', 'e1', 'cloud', 10), link('c', 'gw', 'e2', 5), link('d', 'e2', 'cloud', 10), link('x', 'e1', 'e2', 1)],
);

describe('Router on hand-built graphs', () => {
  it('takes the least-latency path and reroutes after a link goes down', () => {
    const t = diamond();
    const r = new Router(t);
    expect([...r.route(0, 3)!.links]).toEqual([0, 1]); // 2 + 10 = 12
    t.setLinkUp(1, false);
    // gw→e1→e2→cloud = 2 + 1 + 10 = 13 beats gw→e2→cloud = 15
    const again = r.route(0, 3)!;
    expect([...again.links]).toEqual([0, 4, 3]);
    expect(again.latencyMs).toBe(13);
    expect([...again.resources]).toEqual([0, 8, 6]);
  });

  it('returns null when unreachable, when src or dst is down, and skips down intermediate nodes', () => {
    const t = diamond();
    const r = new Router(t);
    t.setNodeUp(1, false);
    expect([...r.route(0, 3)!.links]).toEqual([2, 3]); // around e1: 5 + 10
    t.setNodeUp(2, false);
    expect(r.route(0, 3)).toBeNull();
    expect(r.latencyMs(0, 3)).toBe(Infinity);
    expect(r.route(0, 1)).toBeNull(); // dst down
    t.setNodeUp(1, true);
    t.setNodeUp(0, false);
    expect(r.route(0, 1)).toBeNull(); // src down
    expect(r.route(0, 0)).toBeNull();
    expect(r.route(1, 1)).toEqual({ links: new Int32Array(0), resources: new Int32Array(0), latencyMs: 0 });
  });

  it('prefers fewer hops on equal latency', () => {
    // a→c direct 4, a→b→c 2 + 2: same latency, direct has 1 hop.
    const t = Topology.fromModel(['a', 'b', 'c'].map((id) => node(id)), [link('ab', 'a', 'b', 2), link('bc', 'b', 'c', 2), link('ac', 'a', 'c', 4)]);
    expect([...new Router(t).route(0, 2)!.links]).toEqual([2]);
  });

  it('caches the Route object until the topology version changes', () => {
    const t = diamond();
    const r = new Router(t);
    const first = r.route(0, 3);
    expect(r.route(0, 3)).toBe(first);
    t.setLinkProps(1, { bandwidthBps: 1 }); // no version bump: same route
    expect(r.route(0, 3)).toBe(first);
    t.setLinkProps(1, { latencyMs: 100 });
    const second = r.route(0, 3)!;
    expect(second).not.toBe(first);
    expect([...second.links]).toEqual([0, 4, 3]); // 2 + 1 + 10 = 13 beats 5 + 10 = 15 and 2 + 100
  });

  it('follows handover and added links', () => {
    const t = diamond();
    const r = new Router(t);
    expect(r.latencyMs(0, 3)).toBe(12);
    const radio = t.addLink(0, 2, { id: 'radio', latencyMs: 0.5, bandwidthBps: 1e6, loss: 0 });
    expect(r.latencyMs(0, 3)).toBe(10.5); // gw→e2 radio 0.5 + 10
    t.setLinkEnds(radio, 0, 3);
    expect([...r.route(0, 3)!.links]).toEqual([radio]);
  });

  it('nearest picks the least-latency reachable candidate, first on ties, -1 when none', () => {
    const t = diamond();
    const r = new Router(t);
    expect(r.nearest(0, [3, 2, 1])).toBe(1); // latencies 12, 3, 2
    expect(r.nearest(3, [0, 2, 1])).toBe(2); // 12, 10, 10 → e2 and e1 tie; e2 is listed first
    t.setNodeUp(1, false); t.setNodeUp(2, false);
    expect(r.nearest(0, [3, 1, 2])).toBe(-1);
    expect(r.nearest(0, [])).toBe(-1);
  });

  it('evicts trees beyond maxTrees without changing answers', () => {
    const t = diamond();
    const r = new Router(t, { maxTrees: 1 });
    const want = [0, 1, 2, 3].map((s) => [0, 1, 2, 3].map((d) => r.latencyMs(s, d)));
    expect(want[0]).toEqual([0, 2, 3, 12]);
    for (let s = 3; s >= 0; s--) for (let d = 0; d < 4; d++) expect(r.latencyMs(s, d)).toBe(want[s]![d]);
  });
});
