/**
 * The Prometheus → twin mapping: instance hosts, node and link ids (label, then explicit entry by
 * instance, then by host, then the default), grouping of samples, the probe latency rule, the
 * PromQL it documents, and mapping files with their errors located by file, line:col and field.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROMETHEUS_MAPPING, groupSamples, instanceHost, linkIdFor, linkLatencyMsFromProbe, nodeIdFor, parsePrometheusMapping, promQueries } from '../../../connectors/prometheus/mapping.ts';
import type { PromSample } from '../../../connectors/prometheus/client.ts';
import { InputError } from '../../../sim-core/text/input-error.ts';

describe('instanceHost', () => {
  it.each([
    ['10.0.0.5:9100', '10.0.0.5'],
    ['edge-1:9100', 'edge-1'],
    ['edge-1', 'edge-1'],
    ['[::1]:9100', '::1'],
    ['fe80::1', 'fe80::1'],
    ['http://gw.local:8080/probe?x=1', 'gw.local'],
    ['https://user@cam-7/health', 'cam-7'],
  ])('%s → %s', (inst, host) => expect(instanceHost(inst)).toBe(host));
});

describe('nodeIdFor and linkIdFor', () => {
  const m = parsePrometheusMapping('nodes:\n  "10.0.0.5:9100": edge-1\n  gw.local: gateway\nlinks:\n  "10.0.0.9": e1~gw\n', 'map.yaml');
  it('the edgetwin_node label wins, then instance, then host, then the host itself', () => {
    expect(nodeIdFor({ instance: '10.0.0.5:9100', edgetwin_node: 'named' }, m)).toBe('named');
    expect(nodeIdFor({ instance: '10.0.0.5:9100' }, m)).toBe('edge-1');
    expect(nodeIdFor({ instance: '10.0.0.5:9200' }, m)).toBe('10.0.0.5'); // another port: no entry, default
    expect(nodeIdFor({ instance: 'gw.local:9100' }, m)).toBe('gateway');
    expect(nodeIdFor({ instance: 'cam-3:9100' }, m)).toBe('cam-3');
    expect(nodeIdFor({ job: 'node' }, m)).toBeNull();
  });
  it('links come only from the label or an entry', () => {
    expect(linkIdFor({ instance: '10.0.0.9' }, m)).toBe('e1~gw');
    expect(linkIdFor({ instance: 'icmp://10.0.0.9' }, m)).toBe('e1~gw');
    expect(linkIdFor({ instance: '10.0.0.10', edgetwin_link: 'x~y' }, m)).toBe('x~y');
    expect(linkIdFor({ instance: '10.0.0.10' }, m)).toBeNull();
  });
  it('a custom node label is used instead', () => {
    const c = parsePrometheusMapping('nodeLabel: twin_node\n', 'c.yaml');
    expect(nodeIdFor({ instance: 'a:1', twin_node: 'n7', edgetwin_node: 'ignored' }, c)).toBe('n7');
    expect(promQueries(c).cpu).toBe('1 - avg by (instance, twin_node) (rate(node_cpu_seconds_total{mode="idle"}[30s]))');
  });
});

describe('groupSamples', () => {
  it('sums, averages or takes the max per id, counting unmapped and non-finite samples', () => {
    const s: PromSample[] = [
      { labels: { instance: 'a:1', device: 'eth0' }, tsS: 1, value: 100 },
      { labels: { instance: 'a:1', device: 'eth1' }, tsS: 1, value: 50 },
      { labels: { instance: 'b:1' }, tsS: 1, value: NaN },
      { labels: { job: 'x' }, tsS: 1, value: 3 },
    ];
    const sum = groupSamples(s, (l) => nodeIdFor(l), 'sum');
    expect([...sum.values]).toEqual([['a', 150]]);
    expect(sum.unmapped).toBe(1);
    expect(sum.nonFinite).toBe(1);
    expect(groupSamples(s, (l) => nodeIdFor(l), 'mean').values.get('a')).toBe(75);
    expect(groupSamples(s, (l) => nodeIdFor(l), 'max').values.get('a')).toBe(100);
  });
});

describe('queries and probes', () => {
  it('the documented PromQL', () => {
    const q = promQueries(DEFAULT_PROMETHEUS_MAPPING);
    expect(q.cpu).toBe('1 - avg by (instance, edgetwin_node) (rate(node_cpu_seconds_total{mode="idle"}[30s]))');
    expect(q.memoryBytes).toBe('node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes');
    expect(q.networkReceiveBps).toBe('sum by (instance, edgetwin_node) (rate(node_network_receive_bytes_total{device!="lo"}[30s]))');
    expect(q.linkRttS).toBe('probe_icmp_duration_seconds{phase="rtt"}');
  });
  it('an ICMP round trip of 8 ms is 4 ms one way; a probe duration is taken whole', () => {
    expect(linkLatencyMsFromProbe(0.008, 'rtt')).toBeCloseTo(4, 12);
    expect(linkLatencyMsFromProbe(0.008, 'probe')).toBeCloseTo(8, 12);
  });
});

describe('mapping files', () => {
  it('reads YAML and JSON the same', () => {
    const y = parsePrometheusMapping('rateWindowS: 60\nnodes: {"a:1": n1}\nrequestRates:\n  - service: cam/detect\n    query: sum by (instance) (rate(req_total[1m]))\n', 'm.yaml');
    const j = parsePrometheusMapping(JSON.stringify({ rateWindowS: 60, nodes: { 'a:1': 'n1' }, requestRates: [{ service: 'cam/detect', query: 'sum by (instance) (rate(req_total[1m]))' }] }), 'm.json');
    expect(y).toEqual(j);
    expect(y.rateWindowS).toBe(60);
    expect(y.requestRates).toEqual([{ service: 'cam/detect', query: 'sum by (instance) (rate(req_total[1m]))' }]);
    expect(promQueries(y).cpu).toContain('[60s]');
  });
  it('appLatencies: per service PromQL for p50 and/or p95, in seconds', () => {
    const m = parsePrometheusMapping([
      'appLatencies:',
      '  - service: cam/detect',
      '    p50: histogram_quantile(0.5, sum by (le, instance) (rate(req_seconds_bucket[30s])))',
      '  - service: cam/track',
      '    p95: histogram_quantile(0.95, sum by (le, instance) (rate(track_seconds_bucket[30s])))',
      '',
    ].join('\n'), 'l.yaml');
    expect(m.appLatencies).toEqual([
      { service: 'cam/detect', p50: 'histogram_quantile(0.5, sum by (le, instance) (rate(req_seconds_bucket[30s])))' },
      { service: 'cam/track', p95: 'histogram_quantile(0.95, sum by (le, instance) (rate(track_seconds_bucket[30s])))' },
    ]);
    let err: InputError | null = null;
    try { parsePrometheusMapping('appLatencies:\n  - service: cam/detect\n  - service: x\n    p50: ""\n    p99: q\n', 'bad.yaml'); } catch (e) { err = e as InputError; }
    expect(err!.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'appLatencies[0]: needs p50, p95 or both',
      'appLatencies[1].p99: unknown field; valid fields: service, p50, p95',
      'appLatencies[1].service: must be "app/service", got "x"',
      'appLatencies[1].p50: must be a PromQL expression giving seconds per instance, got ""',
    ]);
  });

  it('an empty file is the default mapping', () => {
    expect(parsePrometheusMapping('', 'e.yaml')).toEqual(DEFAULT_PROMETHEUS_MAPPING);
  });
  it('every problem is reported with file, line:col and field', () => {
    const text = 'nodes:\n  "a:1": 7\nrateWindowS: -3\nnodeLabel: "bad-label"\nextra: 1\nrequestRates:\n  - service: detect\n    query: ""\n';
    let err: InputError | null = null;
    try { parsePrometheusMapping(text, 'bad.yaml'); } catch (e) { err = e as InputError; }
    expect(err).toBeInstanceOf(InputError);
    const byPath = Object.fromEntries(err!.issues.map((i) => [i.path, i]));
    expect(Object.keys(byPath).sort()).toEqual(['extra', 'nodeLabel', 'nodes.a:1', 'rateWindowS', 'requestRates[0].query', 'requestRates[0].service']);
    expect(byPath['nodes.a:1']).toMatchObject({ file: 'bad.yaml', line: 2, col: 10 });
    expect(byPath['rateWindowS']!.message).toMatch(/whole number of seconds/);
    expect(byPath['extra']!.message).toMatch(/valid fields: nodeLabel, linkLabel/);
    expect(err!.message).toContain('bad.yaml:2:10: nodes.a:1:');
  });
  it('YAML syntax errors and a non-object document are input errors, not crashes', () => {
    expect(() => parsePrometheusMapping('nodes: [unclosed', 's.yaml')).toThrow(InputError);
    expect(() => parsePrometheusMapping('- a\n- b\n', 'l.yaml')).toThrow(/an object with/);
    expect(() => parsePrometheusMapping('a: 1\na: 2\n', 'd.yaml')).toThrow(InputError);
  });
});
