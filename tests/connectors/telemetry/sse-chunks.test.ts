/**
 * The shared SSE parser (connectors/live/sse.ts, used by edgetwin record and the web app) fed the
 * gateway's stream in arbitrary pieces — split mid-line, between CR and LF, with comments and
 * multi-line data — gives the same events as when fed whole.
 */
import { describe, expect, it } from 'vitest';
import { sseParser, type SseEvent } from '../../../connectors/live/sse.ts';

const all = (chunks: string[]) => { const got: SseEvent[] = []; const feed = sseParser((e) => got.push(e)); for (const c of chunks) feed(c); return got; };

describe('SSE parser in pieces', () => {
  it('gives the same events however the stream is cut', () => {
    const stream = ': edgetwin events\r\n\r\nevent: fleet\r\ndata: {"n":1}\r\n\r\nevent: audit\ndata: {"a":\ndata: 2}\n\n: heartbeat\n\nevent: push\ndata: not json\n\ndata: {"x":3}\n\n';
    const whole = all([stream]);
    expect(whole).toEqual([{ event: 'fleet', data: '{"n":1}' }, { event: 'audit', data: '{"a":\n2}' }, { event: 'push', data: 'not json' }, { event: 'message', data: '{"x":3}' }]);
    for (const size of [1, 2, 3, 7, 13]) {
      const pieces: string[] = [];
      for (let i = 0; i < stream.length; i += size) pieces.push(stream.slice(i, i + size));
      expect(all(pieces), `pieces of ${size}`).toEqual(whole);
    }
    expect(all(['event: fleet\ndata: {"n"'])).toEqual([]);
    expect(all(['event: fleet\ndata: {"n"', ':1}\n\n'])).toEqual([{ event: 'fleet', data: '{"n":1}' }]);
  });
});
