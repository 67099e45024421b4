import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareExperiment } from '../../../sim-core/whatif/prepare.ts';
import { downsample, simulateRun, type RunInput } from '../../../sim-core/whatif/simulate-run.ts';
import { LatencyHistogram } from '../../../sim-core/whatif/stats/index.ts';

const SCENARIO = readFileSync(new URL('../../../scenarios/experiments/fog-city.yaml', import.meta.url), 'utf8');

const experiment = `apiVersion: edgetwin.io/v1alpha1
kind: Experiment
metadata: {name: crn}
spec:
  scenario: fog-city.yaml
  seeds: [3, 4]
  until: 6s
  variants:
    - name: cloud
      set: ["spec.apps.video.services.detect.placement=[cloud-1]"]
    - name: edge
      set: ["spec.apps.video.services.detect.placement=[site-1-edge, site-2-edge, site-3-edge, site-4-edge]"]
`;

describe('simulateRun', () => {
  const p = prepareExperiment(experiment, 'crn.yaml', { readScenario: () => SCENARIO });
  const records = p.inputs.map((i) => simulateRun(i));

  it('common random numbers: variants differing only in placement see identical emitted counts per seed', () => {
    const [cloud3, cloud4, edge3, edge4] = records;
    expect([cloud3, cloud4, edge3, edge4].every((r) => r!.ok)).toBe(true);
    expect(edge3!.metrics.emitted).toBe(cloud3!.metrics.emitted);
    expect(edge4!.metrics.emitted).toBe(cloud4!.metrics.emitted);
    // …while the seeds themselves differ, and placement changes what happens to the messages.
    expect(cloud4!.metrics.emitted).not.toBe(cloud3!.metrics.emitted);
    expect(edge3!.metrics.wanBytes).toBeLessThan(cloud3!.metrics.wanBytes!);
  });

  it('is deterministic: the same input gives the same record', () => {
    expect(simulateRun(p.inputs[1]!)).toEqual(records[1]);
  });

  it('the latency histogram holds every completed message and matches the exact mean', () => {
    const r = records[0]!;
    const h = LatencyHistogram.fromJSON(r.latency[0]!.histogram);
    expect(h.count).toBe(r.metrics['video.completed']);
    expect(h.mean).toBeCloseTo(r.metrics['video.latencyMeanMs']!, 2);
    // Percentiles are within the 1% relative accuracy of the exact ones (different rank conventions aside, p50 is stable).
    expect(Math.abs(h.percentile(50) - r.metrics['video.latencyP50Ms']!) / r.metrics['video.latencyP50Ms']!).toBeLessThan(0.05);
  });

  it('a run that throws is a record with its seed and message, not an exception', () => {
    const bad: RunInput = { ...p.inputs[0]!, scenarioText: 'spec: [', seed: 77 };
    const r = simulateRun(bad);
    expect(r).toMatchObject({ ok: false, seed: 77, variant: 'cloud', traceHash: null });
    expect(r.error).toMatch(/malformed YAML/);
  });

  it('downsamples time series to at most 24 points, keeping the first and last', () => {
    const series = Array.from({ length: 100 }, (_, i) => ({ tMs: i * 10, inFlight: 0, delivered: i, dropped: 0, lost: 0, queued: 0, wanBytes: 0, nodesDown: 0, linksDown: 0 }));
    const d = downsample(series);
    expect(d).toHaveLength(24);
    expect(d[0]!.tMs).toBe(0);
    expect(d[23]!.tMs).toBe(990);
    expect(downsample(series.slice(0, 3)).map((x) => x.tMs)).toEqual([0, 10, 20]);
  });
});
