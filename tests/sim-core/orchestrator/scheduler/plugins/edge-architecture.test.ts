/** EdgeArchitecture: image platforms vs node arch, aliases canonicalized, reasons per arch. */
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../../../sim-core/orchestrator/scheduler/state.ts';
import { archCompatible, newEdgeArchitecture } from '../../../../../sim-core/orchestrator/scheduler/plugins/edge-architecture.ts';
import { canonicalArch, podPlatforms } from '../../../../../sim-core/orchestrator/scheduler/plugins/edge-attrs.ts';
import type { Status } from '../../../../../sim-core/orchestrator/scheduler/types.ts';
import { node, pod, runFilter } from '../helpers.ts';

const failed = (m: Map<string, Status> | 'skip') => (m === 'skip' ? 'skip' : Object.fromEntries([...m].map(([n, s]) => [n, `${s.code}: ${s.reasons.join('; ')}`])));

describe('arch canonicalization', () => {
  it.each([
    ['amd64', 'x86_64'], ['x86_64', 'x86_64'], ['X86-64', 'x86_64'], ['aarch64', 'arm64'], ['arm64', 'arm64'],
    ['arm', 'armv7'], ['armhf', 'armv7'], ['armv7l', 'armv7'], ['mcu', 'microcontroller'], ['riscv64', 'riscv64'],
  ])('%s → %s', (a, want) => expect(canonicalArch(a)).toBe(want));
  it('pod platforms: edge.arches, else edge.arch, else nodeSelector', () => {
    expect(podPlatforms(pod({ edge: { arches: ['amd64', 'aarch64', 'x86_64'] }, nodeSelector: { 'kubernetes.io/arch': 'arm' } }))).toEqual(['arm64', 'x86_64']);
    expect(podPlatforms(pod({ edge: { arch: 'arm' } }))).toEqual(['armv7']);
    expect(podPlatforms(pod({ nodeSelector: { 'kubernetes.io/arch': 'amd64' } }))).toEqual(['x86_64']);
    expect(podPlatforms(pod())).toEqual([]);
    expect(() => podPlatforms(pod({ edge: { arches: [''] } }))).toThrow(/edge.arches/);
  });
  it.each([
    [['x86_64'], 'x86_64', true], [['x86_64'], 'microcontroller', false], [['arm64', 'armv7'], 'armv7', true], [['arm64'], undefined, false],
  ])('compatible(%j, %s) = %s', (p, a, want) => expect(archCompatible(p, a)).toBe(want));
});

describe('EdgeArchitecture filter', () => {
  const state = ClusterState.from([
    node('x86', {}, { edge: { arch: 'x86_64' } }),
    node('amd', {}, { labels: { 'kubernetes.io/arch': 'amd64' } }), // label only, kube spelling
    node('pi', {}, { edge: { arch: 'armv7' } }),
    node('jetson', {}, { edge: { arch: 'aarch64' } }),
    node('mcu', {}, { edge: { arch: 'microcontroller' } }),
    node('unknown'),
  ]);
  it('an x86_64 image never lands on an ARM microcontroller (or any non-x86 node)', () => {
    expect(failed(runFilter(newEdgeArchitecture(), state, pod({ edge: { arches: ['amd64'] } })))).toEqual({
      pi: 'UnschedulableAndUnresolvable: node(s) have arch armv7, not among the image platforms x86_64',
      jetson: 'UnschedulableAndUnresolvable: node(s) have arch arm64, not among the image platforms x86_64',
      mcu: 'UnschedulableAndUnresolvable: node(s) have arch microcontroller, not among the image platforms x86_64',
      unknown: 'UnschedulableAndUnresolvable: node(s) have no known arch (image platforms: x86_64)',
    });
  });
  it('a multi-arch image fits every listed arch; the nodeSelector form works the same', () => {
    expect([...(runFilter(newEdgeArchitecture(), state, pod({ edge: { arches: ['arm64', 'arm'] } })) as Map<string, Status>).keys()]).toEqual(['x86', 'amd', 'mcu', 'unknown']);
    expect([...(runFilter(newEdgeArchitecture(), state, pod({ nodeSelector: { 'kubernetes.io/arch': 'arm64' } })) as Map<string, Status>).keys()]).toEqual(['x86', 'amd', 'pi', 'mcu', 'unknown']);
  });
  it('a pod declaring no platform skips the plugin', () => {
    expect(runFilter(newEdgeArchitecture(), state, pod())).toBe('skip');
  });
  it('rejects args', () => {
    expect(() => newEdgeArchitecture({ strict: true })).toThrow(/unknown field "strict"/);
  });
});
