/**
 * The per-sensor attachment cache (sim-core/twin/attachment.ts) against a scan from scratch:
 * after any sequence of topology changes, the cached hop must be the one a fresh scan picks.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTwin } from '../../../sim-core/twin/build.ts';
import { attachmentLinkOf, attachmentOf } from '../../../sim-core/twin/lifecycle.ts';
import { scanAttachmentLink } from '../../../sim-core/twin/attachment.ts';
import { link, node, scenario } from '../../helpers/model-builder.ts';

const GATEWAYS = 3;
const SENSORS = 4;

/** Sensors s0..s3, each linked to two or three gateways (latency 1..3 ms), gateways to one edge. */
function twin() {
  const nodes = [node('edge'), ...Array.from({ length: GATEWAYS }, (_, g) => node(`g${g}`, { tier: 'gateway' })),
    ...Array.from({ length: SENSORS }, (_, i) => node(`s${i}`, { tier: 'sensor' }))];
  const links = Array.from({ length: GATEWAYS }, (_, g) => link(`g${g}`, 'edge'));
  for (let i = 0; i < SENSORS; i++) {
    for (let g = 0; g < GATEWAYS; g++) if (g !== i % 4) links.push(link(`s${i}`, `g${g}`, { latencyMs: 1 + ((i + g) % 3) }));
  }
  return buildTwin(scenario({ durationMs: 1000, nodes, links }));
}

const opArb = fc.oneof(
  fc.record({ op: fc.constant('link' as const), l: fc.nat(), up: fc.boolean() }),
  fc.record({ op: fc.constant('node' as const), n: fc.nat(), up: fc.boolean() }),
  fc.record({ op: fc.constant('latency' as const), l: fc.nat(), latencyMs: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ op: fc.constant('ends' as const), l: fc.nat(), g: fc.nat() }),
  fc.record({ op: fc.constant('query' as const), sensor: fc.nat() }),
);

describe('attachment cache', () => {
  it('always equals a fresh scan, whatever the topology changes in between (fast-check)', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
      const s = twin();
      const topo = s.fabric.topology;
      const sensor0 = topo.nodeIndex('s0');
      const sensorLinks = topo.linkCount - GATEWAYS;
      for (const o of ops) {
        if (o.op === 'link') topo.setLinkUp(o.l % topo.linkCount, o.up);
        else if (o.op === 'node') topo.setNodeUp(o.n % topo.nodeCount, o.up);
        else if (o.op === 'latency') topo.setLinkProps(o.l % topo.linkCount, { latencyMs: o.latencyMs });
        else if (o.op === 'ends') {
          // A handover: a sensor link moves to another gateway, keeping its sensor end.
          const l = GATEWAYS + (o.l % sensorLinks);
          const sensorEnd = topo.linkA(l);
          const gw = topo.nodeIndex(`g${o.g % GATEWAYS}`);
          topo.setLinkEnds(l, sensorEnd, gw);
        } else attachmentLinkOf(s, sensor0 + (o.sensor % SENSORS)); // fills the cache at this version
        for (let i = 0; i < SENSORS; i++) {
          const n = sensor0 + i;
          const want = scanAttachmentLink(topo, n);
          expect(attachmentLinkOf(s, n)).toBe(want);
          expect(attachmentOf(s, n)).toBe(want < 0 ? -1 : topo.linkA(want) === n ? topo.linkB(want) : topo.linkA(want));
          // The cached directed resource and route point away from the sensor over that link.
          const resource = want < 0 ? -1 : topo.linkA(want) === n ? 2 * want : 2 * want + 1;
          expect(s.fabric.attachment.resource[n]).toBe(resource);
          expect(s.fabric.attachment.route[n]?.resources[0] ?? -1).toBe(resource);
        }
      }
    }), { numRuns: 200, seed: 20261126 });
  });

  it('picks the lowest-latency up link to an up neighbour, the first one on equal latency (table)', () => {
    const s = twin();
    const topo = s.fabric.topology;
    const s1 = topo.nodeIndex('s1'); // links to g0 (2 ms), g2 (1 ms, since (1+2)%3=0 → 1 ms)
    const viaG2 = topo.linkIndex('s1~g2'), viaG0 = topo.linkIndex('s1~g0');
    expect(attachmentOf(s, s1)).toBe(topo.nodeIndex('g2'));
    topo.setNodeUp(topo.nodeIndex('g2'), false); // neighbour down → next best link
    expect(attachmentLinkOf(s, s1)).toBe(viaG0);
    topo.setNodeUp(topo.nodeIndex('g2'), true);
    topo.setLinkProps(viaG2, { latencyMs: 2 }); // tie at 2 ms: the link listed first wins
    expect(attachmentLinkOf(s, s1)).toBe(viaG0 < viaG2 ? viaG0 : viaG2);
    topo.setLinkUp(viaG0, false);
    topo.setLinkUp(viaG2, false);
    expect(attachmentLinkOf(s, s1)).toBe(-1);
    expect(attachmentOf(s, s1)).toBe(-1);
  });
});
