/**
 * Bytes from the network: the Prometheus client validates every answer. A local HTTP server
 * answers with crafted bodies — not JSON, wrong status, wrong result type, malformed samples,
 * special values, too large, too slow — and each becomes a PrometheusError naming the field and
 * what was expected (or, for "NaN"/"+Inf"/"-Inf", the right number), never a crash.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusClient, MAX_PROMETHEUS_BODY_BYTES, parseSampleValue, PrometheusError } from '../../../connectors/prometheus/client.ts';

let server: Server;
let base = '';
/** What the server answers next: status and body (or 'hang' to never answer). */
let next: { status: number; body: string | Buffer } | 'hang' = { status: 200, body: '{}' };
let lastUrl = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    lastUrl = req.url ?? '';
    if (next === 'hang') return;
    res.writeHead(next.status, { 'content-type': 'application/json' });
    res.end(next.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(async () => { server.closeAllConnections(); await new Promise((r) => server.close(r)); });

const vector = (result: unknown) => JSON.stringify({ status: 'success', data: { resultType: 'vector', result } });

async function failure(body: string | Buffer, status = 200, range = false): Promise<PrometheusError> {
  next = { status, body };
  const c = createPrometheusClient({ baseUrl: base, timeoutMs: 2000 });
  const err = await (range ? c.queryRange('up', 0, 10, 1) : c.query('up')).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(PrometheusError);
  return err as PrometheusError;
}

describe('answers that are refused', () => {
  it.each([
    ['not JSON', '<html>oops</html>', 200, /not JSON.*<html>/],
    ['a JSON array', '[]', 200, /the answer should be a JSON object/],
    ['no status', '{"data":{}}', 200, /status should be 'success', got nothing/],
    ['no data', '{"status":"success"}', 200, /data should be an object/],
    ['a matrix for an instant query', JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }), 200, /data.resultType should be 'vector' or 'scalar'.*"matrix"/],
    ['result not an array', JSON.stringify({ status: 'success', data: { resultType: 'vector', result: {} } }), 200, /data.result should be an array/],
    ['value not a pair', vector([{ metric: {}, value: [1] }]), 200, /data.result\[0\].value should be a pair/],
    ['value as a number', vector([{ metric: {}, value: [1, 2] }]), 200, /data.result\[0\].value\[1\] should be the value as a string/],
    ['value not numeric', vector([{ metric: {}, value: [1, 'abc'] }]), 200, /value\[1\] should be a number, "NaN", "\+Inf" or "-Inf", got "abc"/],
    ['timestamp a string', vector([{ metric: {}, value: ['1', '2'] }]), 200, /value\[0\] should be a finite number of unix seconds/],
    ['a label not a string', vector([{ metric: { instance: 5 }, value: [1, '2'] }]), 200, /metric.instance should be a string/],
    ['an HTTP error with a JSON body that is not an API error', '{"hello":1}', 502, /answered HTTP 502/],
  ] as const)('%s', async (_name, body, status, re) => {
    const e = await failure(body, status);
    expect(e.message).toMatch(re);
    expect(e.message).toContain('query "up"');
  });

  it('a Prometheus API error is a query error with its type and message', async () => {
    const e = await failure(JSON.stringify({ status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' }), 503);
    expect(e.kind).toBe('query');
    expect(e.status).toBe(503);
    expect(e.message).toMatch(/\(timeout\): query timed out/);
  });

  it('a range answer must be a matrix of [ts, "value"] points', async () => {
    expect((await failure(vector([]), 200, true)).message).toMatch(/'matrix' for a range query/);
    const bad = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1, '1'], [2, null]] }] } });
    expect((await failure(bad, 200, true)).message).toMatch(/data.result\[0\].values\[1\]\[1\] should be the value as a string/);
  });

  it('an answer over the size limit is refused, not parsed', async () => {
    const e = await failure(Buffer.alloc(MAX_PROMETHEUS_BODY_BYTES + 10, 32));
    expect(e.message).toMatch(/over the limit/);
  });

  it('a server that never answers times out', async () => {
    next = 'hang';
    const c = createPrometheusClient({ baseUrl: base, timeoutMs: 300 });
    const e = await c.query('up').then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(PrometheusError);
    expect((e as PrometheusError).kind).toBe('timeout');
    expect((e as PrometheusError).message).toMatch(/within 300 ms/);
  });
});

describe('answers that are read', () => {
  it('special values and the query parameters sent', async () => {
    next = { status: 200, body: vector([
      { metric: { instance: 'a:1' }, value: [10.5, 'NaN'] },
      { metric: { instance: 'b:1' }, value: [10.5, '+Inf'] },
      { metric: { instance: 'c:1' }, value: [10.5, '-Inf'] },
      { metric: { instance: 'd:1' }, value: [10.5, '1.5e-3'] },
    ]) };
    const c = createPrometheusClient({ baseUrl: `${base}/prom/`, headers: { authorization: 'Bearer x' } });
    const r = await c.query('rate(x[30s])', 1234.5);
    expect(r.map((s) => s.value)).toEqual([NaN, Infinity, -Infinity, 0.0015]);
    expect(r[0]!.labels).toEqual({ instance: 'a:1' });
    const u = new URL(lastUrl, base);
    expect(u.pathname).toBe('/prom/api/v1/query');
    expect(u.searchParams.get('query')).toBe('rate(x[30s])');
    expect(u.searchParams.get('time')).toBe('1234.5');
  });

  it('parseSampleValue accepts decimals and the special values only', () => {
    expect(parseSampleValue('42')).toBe(42);
    expect(parseSampleValue('-0.5')).toBe(-0.5);
    expect(parseSampleValue('.5')).toBe(0.5);
    expect(parseSampleValue('1e3')).toBe(1000);
    expect(parseSampleValue('')).toBeNull();
    expect(parseSampleValue('0x10')).toBeNull();
    expect(parseSampleValue('Infinity')).toBeNull();
  });

  it('a base URL that is not http(s) is a configuration error at once', () => {
    expect(() => createPrometheusClient({ baseUrl: 'ftp://x' })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => createPrometheusClient({ baseUrl: 'not a url' })).toThrow(/is not a URL/);
  });
});
