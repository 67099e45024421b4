import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../../../sim-core/text/yaml-source.ts';
import { parseSchedulerConfig } from '../../../../sim-core/orchestrator/scheduler/config.ts';
import { buildProfile } from '../../../../sim-core/orchestrator/scheduler/profile.ts';
import { InputError } from '../../../../sim-core/text/input-error.ts';

const parse = (text: string) => parseSchedulerConfig(parseYamlSource(text, 'cfg.yaml'));
const head = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';

describe('KubeSchedulerConfiguration', () => {
  it('no profiles → the default profile', () => {
    const p = buildProfile(parse(head).profiles[0]!);
    expect(p.schedulerName).toBe('default-scheduler');
    expect(p.score.length).toBe(7);
  });

  it('weights, disabling, explicit score list, args', () => {
    const cfg = parse(`${head}profiles:
  - schedulerName: edge
    plugins:
      multiPoint:
        disabled: [{name: ImageLocality}]
        enabled: [{name: TaintToleration, weight: 7}]
      score:
        disabled: [{name: NodeResourcesBalancedAllocation}]
        enabled: [{name: NodeResourcesFit, weight: 4}]
    pluginConfig:
      - name: NodeResourcesFit
        args:
          scoringStrategy: {type: MostAllocated}
`);
    const p = buildProfile(cfg.profiles[0]!);
    expect(p.schedulerName).toBe('edge');
    expect(p.score.map((s) => [s.plugin.name, s.weight])).toEqual([
      ['NodeResourcesFit', 4], ['TaintToleration', 7], ['NodeAffinity', 2], ['PodTopologySpread', 2], ['InterPodAffinity', 2],
    ]);
    expect(p.filter.map((f) => f.name)).toContain('NodeResourcesFit');
  });

  it('"*" disables every default at a point', () => {
    const p = buildProfile(parse(`${head}profiles:\n  - plugins:\n      score:\n        disabled: [{name: "*"}]\n`).profiles[0]!);
    expect(p.score).toEqual([]);
    expect(p.filter.length).toBe(8);
  });

  it('bad input is located: file:line:col, path, and a suggestion', () => {
    const text = `${head}profiles:\n  - plugins:\n      score:\n        enabled: [{name: TaintTolerations}]\n    pluginConfig:\n      - name: NodeResourcesFit\n        args:\n          scoringStrategy: {type: MostAlocated}\n`;
    let err: InputError | undefined;
    try { parse(text); } catch (e) { err = e as InputError; }
    expect(err).toBeInstanceOf(InputError);
    expect(err!.issues.map((i) => [i.line, i.path])).toEqual([[6, 'profiles[0].plugins.score.enabled[0].name'], [10, 'profiles[0].pluginConfig[0].args']]);
    expect(err!.message).toMatch(/cfg\.yaml:6:\d+: .*unknown plugin "TaintTolerations"; did you mean 'TaintToleration'\?/);
    expect(err!.message).toMatch(/unknown "MostAlocated" \(LeastAllocated, MostAllocated, RequestedToCapacityRatio\)/);
  });

  it('wrong apiVersion and unknown fields', () => {
    expect(() => parse('apiVersion: v1\nkind: KubeSchedulerConfiguration\nprofile: []\n')).toThrow(/apiVersion: must be kubescheduler.config.k8s.io\/v1[\s\S]*unknown field "profile"; did you mean 'profiles'/);
  });

  it('kube plugins EdgeTwin lacks are accepted with a note', () => {
    const cfg = parse(`${head}profiles:\n  - plugins:\n      multiPoint:\n        enabled: [{name: VolumeBinding}]\n`);
    expect(cfg.notes.join('\n')).toMatch(/VolumeBinding/);
  });
});
