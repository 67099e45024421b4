/**
 * Recordings as data: outages from fleet events (offline or down until ready or draining again,
 * relative to the first event; one still open at the end never recovers), the fault specs they
 * become (nodes the scenario lacks set apart), the starting placement as scenario edits, and the SSE parser the recorder reads the event
 * stream with (events split across chunks, comments, multi-line data).
 */
import { describe, expect, it } from 'vitest';
import { sseParser, type SseEvent } from '../../../connectors/live/gateway-client.ts';
import { initialPlacements, outageFaults, outagesOf, parseRecording, placementSets, recordingSpanMs } from '../../../connectors/live/recording.ts';
import { parseFaultSpec } from '../../../sim-core/scenario/fault-spec.ts';
import { InputError } from '../../../sim-core/text/input-error.ts';

const line = (atMs: number, topic: string, data: unknown) => JSON.stringify({ atMs, topic, data });
const fleet = (atMs: number, ...nodes: [string, string][]) => line(atMs, 'fleet', { nodes: nodes.map(([id, state]) => ({ id, state })) });

describe('recordings', () => {
  const text = [
    line(10_000, 'record', { format: 'edgetwin-record/v1' }),
    fleet(10_001, ['a', 'ready'], ['b', 'offline'], ['c', 'ready']),
    fleet(12_000, ['a', 'offline']),
    line(12_500, 'audit', { seq: 3 }),
    fleet(13_000, ['a', 'offline'], ['c', 'down']), // a: still out (no new outage); c: down counts as out
    fleet(15_500, ['a', 'draining'], ['c', 'unknown']), // a back (draining runs things); unknown says nothing
    fleet(16_000, ['c', 'ready'], ['a', 'offline']),
    '',
  ].join('\n');

  it('turns fleet events into outages relative to the first event', () => {
    const events = parseRecording(text, 'r.jsonl');
    expect(events).toHaveLength(7);
    expect(recordingSpanMs(events)).toBe(6000);
    expect(outagesOf(events)).toEqual([
      { node: 'b', state: 'offline', fromMs: 1, untilMs: null },
      { node: 'a', state: 'offline', fromMs: 2000, untilMs: 5500 },
      { node: 'c', state: 'down', fromMs: 3000, untilMs: 6000 },
      { node: 'a', state: 'offline', fromMs: 6000, untilMs: null },
    ]);
  });

  it('makes fault specs the twin parses, for the scenario\'s nodes only', () => {
    const { faults, unknown } = outageFaults(outagesOf(parseRecording(text, 'r.jsonl')), new Set(['a', 'c']));
    expect(faults).toEqual(['node:a@2000ms+3500ms', 'node:c@3000ms+3000ms', 'node:a@6000ms']);
    expect(unknown).toEqual(['b']);
    const parsed = faults.map(parseFaultSpec);
    expect(parsed.map((f) => [f.target, f.atMs, f.forMs])).toEqual([['a', 2000, 3500], ['c', 3000, 3000], ['a', 6000, Infinity]]);
  });

  it('refuses bad lines naming file:line and field, every one of them, and an empty recording', () => {
    const bad = [line(5, 'record', {}), '[1,2]', line(4, 'fleet', { nodes: [] }), JSON.stringify({ atMs: 9, topic: '' , data: 1 }), JSON.stringify({ atMs: 9, topic: 'x' }), fleet(10, ['', 'ready'])].join('\n');
    try { parseRecording(bad, 'bad.jsonl'); expect.unreachable(); } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const issues = (e as InputError).issues.map((i) => `${i.line}:${i.path}`);
      expect(issues).toEqual(['2:', '3:atMs', '4:topic', '5:data', '6:data.nodes[0].id']);
    }
    expect(() => parseRecording('\n\n', 'empty.jsonl')).toThrow(/no events/);
  });

  it('reads the starting placement from the first fleet event and turns it into scenario edits', () => {
    const events = parseRecording([
      line(1, 'record', {}),
      line(2, 'fleet', { nodes: [
        { id: 'gw-1', state: 'ready', workloads: ['detect/infer', 'shop/web'] },
        { id: 'edge-1', state: 'offline', workloads: ['detect/infer'] }, // out at the start: still hosts it
        { id: 'ghost', state: 'ready', workloads: ['detect/infer'] }, // not in the scenario
        { id: 'new', state: 'unknown', workloads: ['detect/infer'] }, // never heard from: places nothing
      ], initial: true }),
      fleet(3, ['gw-1', 'offline']), // later events do not change the starting placement
    ].join('\n'), 'r.jsonl');
    expect(initialPlacements(events)).toEqual({ 'detect/infer': ['edge-1', 'ghost', 'gw-1'], 'shop/web': ['gw-1'] });
    const target = { nodes: new Set(['gw-1', 'edge-1']), services: new Map([['detect', new Set(['infer'])]]) };
    expect(placementSets(initialPlacements(events), target)).toEqual({
      sets: ['spec.apps.detect.services.infer.replicas=2', 'spec.apps.detect.services.infer.placement=[edge-1,gw-1]'],
      unknownServices: ['shop/web'], unknownNodes: ['ghost'],
    });
    expect(placementSets({ 'detect/infer': ['ghost'] }, target).sets).toEqual([]); // nowhere the scenario knows: keep its own
  });

  it('parses an event stream however it is chunked', () => {
    const stream = ': edgetwin events\n\nevent: fleet\ndata: {"nodes":\ndata: []}\n\n: heartbeat\n\nevent: audit\r\ndata: {"seq":1}\r\n\r\ndata: plain\n\n';
    for (const size of [1, 3, 7, stream.length]) {
      const got: SseEvent[] = [];
      const feed = sseParser((e) => got.push(e));
      for (let i = 0; i < stream.length; i += size) feed(stream.slice(i, i + size));
      expect(got).toEqual([{ event: 'fleet', data: '{"nodes":\n[]}' }, { event: 'audit', data: '{"seq":1}' }, { event: 'message', data: 'plain' }]);
    }
  });
});
