import { describe, expect, it } from 'vitest';
import { applySet, parseSetPath, SetPathError } from '../../../sim-core/scenario/set-path.ts';
import { zScenarioDocument } from '../../../sim-core/scenario/schema/scenario.ts';

const doc = () => ({
  spec: {
    duration: '10m',
    nodes: [{ id: 'a', tier: 'edge' }, { id: 'b', tier: 'edge' }, { id: 'c', class: 'gw' }],
    apps: [{ id: 'vision', slo: { latency: '100ms' }, services: [{ id: 'detect', cpuWork: '5ms' }] }],
  },
});

describe('parseSetPath', () => {
  it.each([
    ['spec.nodes[2].cores', ['spec', 'nodes', 2, 'cores']],
    ['spec.apps.vision.slo.latency', ['spec', 'apps', 'vision', 'slo', 'latency']],
    ['spec.nodes[0].labels["topology.kubernetes.io/zone"]', ['spec', 'nodes', 0, 'labels', 'topology.kubernetes.io/zone']],
  ])('%s', (text, path) => expect(parseSetPath(text)).toEqual(path));
  it.each(['', '.a', 'a..b', 'a[x]'])('%j is malformed', (text) => expect(() => parseSetPath(text)).toThrow(SetPathError));
});

describe('applySet', () => {
  it('assigns by index, parsing YAML scalars', () => {
    const d = doc();
    applySet(d, 'spec.nodes[2].cores=8', zScenarioDocument);
    expect(d.spec.nodes[2]).toEqual({ id: 'c', class: 'gw', cores: 8 });
  });
  it('selects array elements by id and creates allowed fields', () => {
    const d = doc();
    applySet(d, 'spec.apps.vision.slo.percentile=99', zScenarioDocument);
    applySet(d, 'spec.apps.vision.services.detect.placement=[a, b]', zScenarioDocument);
    expect(d.spec.apps[0]!.slo).toEqual({ latency: '100ms', percentile: 99 });
    expect(d.spec.apps[0]!.services[0]).toMatchObject({ placement: ['a', 'b'] });
  });
  it('maps unit-suffixed names onto the unit-bearing field (durationMs=2h → duration: 2h)', () => {
    const d = doc();
    applySet(d, 'spec.durationMs=2h', zScenarioDocument);
    applySet(d, 'spec.apps.vision.slo.latencyMs=50', zScenarioDocument);
    expect(d.spec.duration).toBe('2h');
    expect(d.spec.apps[0]!.slo.latency).toBe(50);
    expect(d.spec).not.toHaveProperty('durationMs');
  });
  it('creates intermediate objects the schema allows', () => {
    const d = doc();
    applySet(d, 'spec.nodes.a.storage.size=1Ti', zScenarioDocument);
    expect(d.spec.nodes[0]).toEqual({ id: 'a', tier: 'edge', storage: { size: '1Ti' } });
  });
  it.each([
    ['spec.nodes[7].cores=8', /spec\.nodes has 3 item\(s\); index \[7\] does not exist/],
    ['spec.nodes.x.cores=8', /spec\.nodes has no element with id 'x'.*ids: a, b, c/],
    ['spec.nodes.a.corse=8', /spec\.nodes\.a has no field 'corse'; did you mean 'cores'\?; valid keys there: id, class, tier/],
    ['spec.bogus=1', /spec has no field 'bogus'; valid keys there: seed, duration/],
    ['spec.nodes=', undefined],
    ['spec.nodes', /expected path=value/],
    ['spec.duration=[1, 2', /is not valid YAML/],
  ])('%s', (assignment, msg) => {
    const d = doc();
    if (msg === undefined) { expect(() => applySet(d, assignment, zScenarioDocument)).not.toThrow(); return; }
    expect(() => applySet(d, assignment, zScenarioDocument)).toThrow(msg);
  });
  it('without a schema only existing paths (and a new last key) are allowed', () => {
    const d = doc() as Record<string, unknown>;
    applySet(d, 'spec.nodes[0].cores=4');
    expect(() => applySet(d, 'spec.missing.x=1')).toThrow(/spec has no field 'missing'/);
  });
});
