/**
 * The Compare panel's pure parts (app/compare/model.ts): preparing shipped and broken experiments
 * from the bundled files, warnings when a shortened run leaves faults out, the run count shown
 * before running, and the verdict table holding the analysis' numbers in the report's formats.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentResult, RunRecord } from '../../../sim-core/whatif/result.ts';
import { defaultWorkers, durationWarnings, failedRuns, groupsOf, outlineOf, prepareCompare, verdictTable } from '../../../app/compare/model.ts';
import { buildResult } from '../../fixtures/whatif/build-result.ts';
import { bundledFiles } from './bundled-files.ts';

const files = bundledFiles();
const experiments = Object.keys(files).filter((p) => p.startsWith('scenarios/experiments/') && /^kind:\s*Experiment\s*$/m.test(files[p]!));

describe('prepareCompare over the bundled files', () => {
  it.each(experiments)('%s prepares with 2 seeds × 1 min', (file) => {
    const out = prepareCompare(files[file]!, file, files, { seeds: 2, untilMs: 60_000 });
    if (!out.ok) throw new Error(out.message);
    expect(out.prepared.inputs).toHaveLength(out.prepared.meta.totalRuns);
    expect(out.prepared.meta.seeds).toHaveLength(2);
    expect(out.prepared.meta.untilMs).toBe(60_000);
  });

  it.each([
    ['an unknown metric', '    - latencyP99Ms\n', '    - latencyP99Msec\n', /unknown metric 'latencyP99Msec'; did you mean 'latencyP99Ms'/],
    ['an unknown baseline', 'baseline: cloud-only', 'baseline: cloud-onyl', /spec\.baseline: .*cloud-onyl/],
    ['a set path the schema lacks', 'detect.placement=[cloud-1]', 'detect.placemnt=[cloud-1]', /placemnt/],
  ])('%s gives located issues, never a throw', (_what, from, to, message) => {
    const file = 'scenarios/experiments/fog-placement.yaml';
    expect(files[file]!).toContain(from);
    const out = prepareCompare(files[file]!.replace(from, to), file, files, { seeds: 1, untilMs: 5000 });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.issues.map((i) => `${i.path}: ${i.message}`).join('\n')).toMatch(message);
    expect(out.issues.every((i) => i.file === file && i.line > 0 && i.col > 0)).toBe(true);
  });

  it('a scenario that is not bundled is an issue at spec.scenario', () => {
    const file = 'scenarios/experiments/fog-placement.yaml';
    const out = prepareCompare(files[file]!.replace('scenario: fog-city.yaml', 'scenario: nowhere.yaml'), file, files, {});
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.issues[0]).toMatchObject({ file, path: 'spec.scenario' });
    expect(out.issues[0]!.message).toContain("no file 'nowhere.yaml' (looked for scenarios/experiments/nowhere.yaml)");
  });

  it('text that is not YAML at all is an issue too', () => {
    const out = prepareCompare('spec: [', 'x.yaml', files, {});
    expect(out.ok).toBe(false);
  });
});

describe('durationWarnings: faults the shortened runs will not see', () => {
  it('control-plane-partition at 1 min leaves out the partition at 5m and the crash at 6m', () => {
    const file = 'scenarios/experiments/control-plane-partition.yaml';
    const out = prepareCompare(files[file]!, file, files, { seeds: 1, untilMs: 60_000 });
    if (!out.ok) throw new Error(out.message);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toContain('partition:north@5m+8m (scenario, at 5:00)');
    expect(out.warnings[0]).toContain('node:edge-n2@6m+12m (scenario, at 6:00)');
    expect(out.warnings[0]).toContain('after the 1 min of simulated time');
  });

  it('fog-placement: at 10 s the failure suite\'s crash at 10 s is cut, at 1 min nothing is', () => {
    const file = 'scenarios/experiments/fog-placement.yaml';
    const at = (untilMs: number) => { const o = prepareCompare(files[file]!, file, files, { seeds: 1, untilMs }); if (!o.ok) throw new Error(o.message); return o.warnings; };
    expect(at(10_000).join()).toContain('node:site-1-edge@10s+20s (fault set edge-crash, at 0:10)');
    expect(at(60_000)).toEqual([]);
  });

  it('no override, no warning', () => {
    const file = 'scenarios/experiments/fog-placement.yaml';
    const o = prepareCompare(files[file]!, file, files, {});
    if (!o.ok) throw new Error(o.message);
    expect(durationWarnings({ ...o.prepared.meta, untilMs: null }, null, '')).toEqual([]);
  });
});

describe('outline and defaults', () => {
  it('counts runs from the spec alone', () => {
    const o = outlineOf(files['scenarios/experiments/fog-placement.yaml']!, 'scenarios/experiments/fog-placement.yaml', 2)!;
    expect(o).toMatchObject({ name: 'fog-placement', baseline: 'cloud-only', sweepPoints: 3, faultSets: 2, seeds: 2, runs: 4 * 3 * 2 * 2, untilMs: 60_000 });
    expect(outlineOf('kind: Scenario', 'x.yaml')).toBeNull();
  });
  it.each([[undefined, Infinity, 2], [16, Infinity, 8], [4, Infinity, 4], [4, 3, 3], [0, 10, 2], [1, 10, 1]])('defaultWorkers(%s, %s) = %i', (hc, runs, n) => {
    expect(defaultWorkers(hc, runs)).toBe(n);
  });
});

describe('verdictTable: the analysis, in the report formats', () => {
  let result: ExperimentResult;
  beforeAll(() => { result = buildResult('report-small.experiment.yaml'); });

  it('has every cell mean exactly, the paired verdicts, the baseline and the best', () => {
    for (const fs of result.meta.faultSets) {
      for (let si = 0; si < result.meta.sweep!.values.length; si++) {
        const t = verdictTable(result, si, fs.name);
        expect(t.columns.map((c) => c.key)).toEqual(result.meta.metrics.map((m) => m.key));
        expect(t.rows.map((r) => r.variant)).toEqual(result.meta.variants.map((v) => v.name));
        for (const row of t.rows) {
          const cell = result.cells.find((c) => c.variant === row.variant && c.sweepIndex === si && c.faultSet === fs.name)!;
          expect(row.baseline).toBe(row.variant === result.meta.baseline);
          expect(row.best).toBe(row.variant === result.best);
          expect(row.feasible).toBe(cell.feasible);
          row.cells.forEach((c, k) => {
            const key = result.meta.metrics[k]!.key;
            expect(c.value).toBe(cell.metrics[key]!.mean);
            expect(c.verdictKind).toBe(row.baseline ? null : cell.vsBaseline[key]!.verdict);
            expect(`${c.mean} ${c.ci} ${c.verdict}`).not.toMatch(/NaN|Infinity|e[+-]\d/);
          });
        }
      }
    }
  });

  it('lists the fault sets and sweep points to pick from', () => {
    const g = groupsOf(result.meta);
    expect(g.faultSets).toEqual(result.meta.faultSets.map((f) => f.name));
    expect(g.sweep.map((s) => s.label)).toEqual(result.meta.sweep!.values.map((v) => `${result.meta.sweep!.path} = ${v}`));
  });

  it('lists failed runs with where they sat and their error', () => {
    const r = { ...result.runs[0]!, ok: false, error: 'worker failed: boom', index: 7 } as RunRecord;
    expect(failedRuns([result.runs[1]!, r])).toEqual([{ index: 7, where: `variant ${r.variant} at ${String(r.sweepValue)}, fault set ${r.faultSet}, seed ${r.seed}`, error: 'worker failed: boom' }]);
  });
});
