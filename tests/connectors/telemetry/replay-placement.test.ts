/**
 * `replay --recorded-placement`: a what-if forked from the live fleet. The recording began with
 * the detector on the one-core gateway gw-1 (the plan-small scenario puts it on edge-1); replayed
 * with the recorded placement, both variants run it there — and the slow gateway shows in the
 * latency — while a plain replay keeps the scenario's placement.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replay } from '../../../cli/commands/replay.ts';

const SCENARIO = 'tests/fixtures/whatif/plan-small.scenario.yaml';
const dir = mkdtempSync(join(tmpdir(), 'edgetwin-replay-placement-'));
const rec = (workloads: Record<string, string[]>) => {
  const file = join(dir, `r-${Object.keys(workloads).join('-')}.jsonl`);
  const nodes = ['gw-1', 'edge-1', 'cloud-1'].map((id) => ({ id, state: 'ready', workloads: workloads[id] ?? [] }));
  writeFileSync(file, [
    { atMs: 1000, topic: 'record', data: { format: 'edgetwin-record/v1' } },
    { atMs: 1001, topic: 'fleet', data: { nodes, initial: true } },
    { atMs: 3000, topic: 'fleet', data: { nodes: [{ id: 'cloud-1', state: 'offline' }] } },
    { atMs: 5000, topic: 'fleet', data: { nodes: [{ id: 'cloud-1', state: 'ready' }] } },
  ].map((l) => JSON.stringify(l)).join('\n'));
  return file;
};
const flags = { scenario: SCENARIO, set: ['spec.orchestrator.profile=default'], seeds: '1', until: '20s', workers: '0' };

describe('replay --recorded-placement', () => {
  it('starts both variants from the recorded placement; a plain replay keeps the scenario\'s', async () => {
    const file = rec({ 'gw-1': ['detect/infer'] });
    const forked = await replay(file, { ...flags, recordedPlacement: true });
    const placed = ['spec.apps.detect.services.infer.replicas=1', 'spec.apps.detect.services.infer.placement=[gw-1]'];
    expect(forked.timeline.placement).toEqual({ sets: placed, unknownServices: [], unknownNodes: [] });
    expect(forked.result.meta.variants.map((v) => v.set)).toEqual([placed, [...placed, 'spec.orchestrator.profile=default']]);
    const plain = await replay(file, flags);
    expect(plain.timeline.placement).toBeNull();
    expect(plain.result.meta.variants[0]!.set).toEqual([]);
    const p95 = (r: typeof plain, faultSet: string) => r.result.cells.find((c) => c.variant === 'baseline' && c.faultSet === faultSet)!.metrics.latencyP95Ms!.mean!;
    // The one slow core of gw-1 (80 ms per message at 20 msg/s) is far slower than edge-1's eight.
    expect(p95(forked, 'no-outage')).toBeGreaterThan(2 * p95(plain, 'no-outage'));
  });
});
