import { describe, expect, it } from 'vitest';
import { InputError, type InputIssue } from '../../../sim-core/text/input-error.ts';
import { parseScenario, type ScenarioOverrides } from '../../../sim-core/scenario/parse.ts';

// A valid base; each test swaps one line and checks the one issue it causes, position included.
const BASE = [
  'apiVersion: edgetwin.io/v1alpha1',                                 // 1
  'kind: Scenario',                                                   // 2
  'metadata: {name: t}',                                              // 3
  'spec:',                                                            // 4
  '  regions:',                                                       // 5
  '    - {id: eu, zones: [eu-a, eu-b]}',                              // 6
  '  nodeClasses:',                                                   // 7
  '    gw: {tier: gateway, memory: 4Gi}',                             // 8
  '  nodes:',                                                         // 9
  '    - {id: s1, tier: sensor}',                                     // 10
  '    - {id: g1, class: gw}',                                        // 11
  '    - {id: e1, tier: edge, cores: 8}',                             // 12
  '  links:',                                                         // 13
  '    - {between: [s1, g1], type: wifi}',                            // 14
  '    - {between: [g1, e1], type: ethernet, bandwidth: 1Gbps}',      // 15
  '  apps:',                                                          // 16
  '    - id: vision',                                                 // 17
  '      slo: {latency: 100ms, percentile: 95}',                      // 18
  '      services:',                                                  // 19
  '        - {id: detect, cpuWork: 20ms, next: [count]}',             // 20
  '        - {id: count, cpuWork: 1ms}',                              // 21
  '  streams:',                                                       // 22
  '    - {id: cam, app: vision, sources: [s1], arrival: {periodic: {period: 1s}}, size: 200KiB}', // 23
  '  faults:',                                                        // 24
  '    - node:e1@2m+30s',                                             // 25
];

function withLine(line: number, text: string): string {
  const lines = [...BASE];
  lines[line - 1] = text;
  return lines.join('\n');
}

function issuesOf(text: string, opts?: ScenarioOverrides): InputIssue[] {
  try {
    parseScenario(text, 't.yaml', opts);
  } catch (e) {
    if (e instanceof InputError) return e.issues;
    throw e;
  }
  return [];
}

const short = (i: InputIssue) => `${i.line}:${i.col} ${i.path}: ${i.message}`;

describe('parseScenario errors: one located issue per problem', () => {
  it('the base is valid', () => expect(issuesOf(BASE.join('\n'))).toEqual([]));

  // [name, line to replace, new text, token the issue must point at (its first occurrence on the line), "path: message"]
  it.each([
    ['wrong type (bytes)', 8, '    gw: {tier: gateway, memory: true}', 'true',
      'spec.nodeClasses.gw.memory: expected a number of bytes like 512Mi, 4Gi, 1.5GB or 200 (a bare number means bytes), got true'],
    ['wrong type (number)', 12, '    - {id: e1, tier: edge, cores: eight}', 'eight', "spec.nodes[2].cores: expected a whole number, got 'eight'"],
    ['unknown field with did-you-mean', 15, '    - {between: [g1, e1], type: ethernet, bandwith: 1Gbps}', 'bandwith',
      "spec.links[1].bandwith: unknown field 'bandwith'; did you mean 'bandwidth'?"],
    ['unknown field without a close match lists the allowed ones', 10, '    - {id: s1, tier: sensor, colour: red}', 'colour',
      "spec.nodes[0].colour: unknown field 'colour'; allowed fields: id, class, tier, arch, cores, coreSpeed, cpu, memory, gpus, accelerators, storage, power, costPerHour, labels, taints, attested, queueCapacity, discipline, buffer, bufferDrop, region, zone, position"],
    ['dangling reference', 14, '    - {between: [s1, edge-9], type: wifi}', 'edge-9',
      "spec.links[0].between[1]: no node 'edge-9'; known nodes include s1, g1, e1"],
    ['dangling reference with did-you-mean', 23, '    - {id: cam, app: visoin, sources: [s1], arrival: {periodic: {period: 1s}}, size: 200KiB}', 'visoin',
      "spec.streams[0].app: no app 'visoin'; did you mean 'vision'? known apps include vision"],
    ['dangling class', 11, '    - {id: g1, class: gateway}', 'gateway', "spec.nodes[1].class: no node class 'gateway'; known node classes include gw"],
    ['duplicate id', 12, '    - {id: e1, tier: edge, cores: 8}\n    - {id: e1, tier: edge}', '{id: e1, tier: edge}', ''],
    ['negative bandwidth', 15, '    - {between: [g1, e1], type: ethernet, bandwidth: -1Gbps}', '-1Gbps',
      "spec.links[1].bandwidth: a bitrate must not be negative, got '-1Gbps'"],
    ['zero bandwidth', 15, '    - {between: [g1, e1], type: ethernet, bandwidth: 0}', '0}', 'spec.links[1].bandwidth: must be greater than 0, got 0'],
    ['loss >= 1', 14, '    - {between: [s1, g1], type: wifi, loss: 1}', '1}', 'spec.links[0].loss: must be a probability in [0, 1), got 1'],
    ['percentile outside (0, 100]', 18, '      slo: {latency: 100ms, percentile: 101}', '101', 'spec.apps[0].slo.percentile: must be at most 100, got 101'],
    ['percentile 0', 18, '      slo: {latency: 100ms, percentile: 0}', '0}', 'spec.apps[0].slo.percentile: must be greater than 0, got 0'],
    ['zero cores', 12, '    - {id: e1, tier: edge, cores: 0}', '0}', 'spec.nodes[2].cores: must be at least 1, got 0'],
    ['unknown enum lists the allowed values', 14, '    - {between: [s1, g1], type: wify}', 'wify',
      "spec.links[0].type: expected one of fibre, ethernet, 5g, lte, wifi, lora, satellite, got 'wify'; did you mean 'wifi'?"],
    ['unknown distribution', 23, '    - {id: cam, app: vision, sources: [s1], arrival: {periodic: {period: 1s}}, size: {dist: expo, mean: 1Ki}}', 'expo',
      "spec.streams[0].size.dist: unknown distribution 'expo'; allowed: constant, exponential, uniform, normal, lognormal, weibull, pareto, empirical, trace"],
    ['bad distribution parameter', 23, '    - {id: cam, app: vision, sources: [s1], arrival: {periodic: {period: 1s}}, size: {dist: exponential, mean: 1Kb}}', '1Kb',
      "spec.streams[0].size.mean: unknown size suffix 'Kb' in '1Kb'; use Ki, Mi, Gi, Ti (binary), k, M, G, T (decimal), optionally followed by B"],
    ['bad duration unit', 18, '      slo: {latency: 100xs, percentile: 95}', '100xs', "spec.apps[0].slo.latency: unknown duration unit 'xs' in '100xs'; use ms, s, m, h or d"],
    ['missing required field (points at the object)', 21, '        - {id: count}', '{id: count}', "spec.apps[0].services[1].cpuWork: missing required field 'cpuWork'"],
    ['dangling next', 20, '        - {id: detect, cpuWork: 20ms, next: [cout]}', 'cout',
      "spec.apps[0].services[0].next[0]: no service 'cout' in app 'vision'; did you mean 'count'? known services include detect, count"],
    ['bad fault spec in the file', 25, '    - nod:e1@2m', 'nod:', "spec.faults[0]: unknown fault kind 'nod'; did you mean 'node'?; allowed: node, link, partition, control-plane, power"],
    ['fault on a missing node', 25, '    - node:e9@2m', 'node:', "spec.faults[0]: no node 'e9'; did you mean 'e1'?"],
    ['zone outside its region', 12, '    - {id: e1, tier: edge, zone: us-a}', 'us-a', "spec.nodes[2].zone: zone 'us-a' is not in region 'eu'; its zones are eu-a, eu-b"],
    ['arrival needs exactly one kind', 23, '    - {id: cam, app: vision, sources: [s1], arrival: {poisson: {rate: 2}, periodic: {period: 1s}}, size: 200KiB}', '{poisson',
      'spec.streams[0].arrival: arrival takes exactly one kind, got periodic and poisson'],
    ['dataflow cycle', 21, '        - {id: count, cpuWork: 1ms, next: [detect]}', '- {id: detect', ''],
    ['wrong apiVersion', 1, 'apiVersion: edgetwin.io/v2', 'edgetwin.io/v2', 'apiVersion: expected apiVersion edgetwin.io/v1alpha1, got "edgetwin.io/v2"'],
  ])('%s', (name, line, text, token, expected) => {
    const issues = issuesOf(withLine(line, text));
    const lines = withLine(line, text).split('\n');
    const at = line - 1;
    const where = `${at + 1}:${lines[at]!.indexOf(token) + 1}`;
    if (name === 'duplicate id') {
      expect(issues.map(short)).toEqual([`13:${lines[12]!.indexOf('e1') + 1} spec.nodes[3].id: duplicate node id 'e1' (first defined at spec.nodes[2].id)`]);
      return;
    }
    if (name === 'dataflow cycle') {
      // The issue points at the services list (line 20 is its first item).
      expect(issues.map(short)).toEqual([`20:${lines[19]!.indexOf('- {id: detect') + 1} spec.apps[0].services: services form a cycle (detect → count → detect); a dataflow must end in a sink`]);
      return;
    }
    expect(issues.map(short)).toEqual([`${where} ${expected}`]);
    expect(issues[0]!.file).toBe('t.yaml');
  });

  it('collects every problem, sorted by position', () => {
    let text = withLine(15, '    - {between: [g1, e1], type: ethernet, bandwith: 1Gbps}');
    text = text.replace('memory: 4Gi', 'memory: lots').replace('cores: 8}', 'cores: 0}');
    const issues = issuesOf(text);
    expect(issues.map((i) => `${i.line}:${i.col} ${i.path}`)).toEqual(['8:33 spec.nodeClasses.gw.memory', '12:35 spec.nodes[2].cores', '15:43 spec.links[1].bandwith']);
  });

  it('the formatted message names file:line:col and path', () => {
    expect(() => parseScenario(withLine(14, '    - {between: [s1, g1], type: wify}'), 'city.yaml'))
      .toThrow(/^city\.yaml:14:33: spec\.links\[0\]\.type: expected one of/);
  });

  it('malformed YAML', () => {
    expect(issuesOf(withLine(6, '    - {id: eu, zones: [eu-a, eu-b}')).map((i) => [i.file, i.line > 0, i.message.startsWith('malformed YAML')])).toEqual([['t.yaml', true, true]]);
  });

  it('malformed --set → file <--set>, line 0', () => {
    expect(issuesOf(BASE.join('\n'), { sets: ['spec.nodes.e1.corse=4', 'nonsense'] })).toEqual([
      { file: '<--set>', line: 0, col: 0, path: 'spec.nodes.e1.corse=4', message: "spec.nodes.e1 has no field 'corse'; did you mean 'cores'?; valid keys there: id, class, tier, arch, cores, coreSpeed, cpu, memory, gpus, accelerators, storage, power, costPerHour, labels, taints, attested, queueCapacity, discipline, buffer, bufferDrop, region, zone, position" },
      { file: '<--set>', line: 0, col: 0, path: 'nonsense', message: "expected path=value, got 'nonsense'" },
    ]);
  });

  it('a --set value goes through the same validation as the file', () => {
    const issues = issuesOf(BASE.join('\n'), { sets: ['spec.nodes.e1.cores=0'] });
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual(['spec.nodes[2].cores: must be at least 1, got 0']);
  });

  it('malformed --fault → file <--fault>, line 0', () => {
    expect(issuesOf(BASE.join('\n'), { faults: ['link:g1~e1@5m+1m:latency=3', 'node:zz@1m'] })).toEqual([
      { file: '<--fault>', line: 0, col: 0, path: 'link:g1~e1@5m+1m:latency=3', message: "latency must be a positive factor like x3 or x0.1, got '3' in 'link:g1~e1@5m+1m:latency=3'" },
      { file: '<--fault>', line: 0, col: 0, path: 'node:zz@1m', message: 'no node \'zz\'; known nodes include s1, g1, e1' },
    ]);
  });

  it('a service arch that no node can run is not an error here', () => {
    const text = withLine(21, '        - {id: count, cpuWork: 1ms, arch: [armv7]}');
    expect(issuesOf(text)).toEqual([]);
  });
});
