/**
 * The plan view's pure parts (app/compare/plan-model.ts) on a real plan (tests/fixtures/whatif
 * plan-small: the detector moves from edge-1 to gw-1 and its gates fail) and on hand-made diffs:
 * diff rows, node indices for the scene, nodes the loaded scenario lacks, gate values in words.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NodeDescription } from '../../../sim-core/twin/describe.ts';
import { makePlan } from '../../../sim-core/whatif/plan/make-plan.ts';
import type { Plan } from '../../../sim-core/whatif/plan/plan.ts';
import { diffRows, gateRows, gateValue, sceneDiff } from '../../../app/compare/plan-model.ts';
import { WHATIF_FIXTURES } from '../../fixtures/whatif/build-result.ts';

const nodes = (...ids: string[]) => ({ nodes: ids.map((id) => ({ id }) as NodeDescription) });

let plan: Plan;
beforeAll(() => {
  const read = (p: string) => readFileSync(join(WHATIF_FIXTURES, p), 'utf8');
  plan = makePlan(read('plan-small.experiment.yaml'), 'plan-small.experiment.yaml', {
    variant: 'gateway', readScenario: read, readPolicy: (_s, p) => read(p),
  });
});

describe('diff rows and the scene diff', () => {
  it('lists moved services first with the nodes gained and left, then the unchanged ones', () => {
    const rows = diffRows(plan);
    const moved = rows.filter((r) => r.change === 'moved');
    expect(moved.length).toBeGreaterThan(0);
    for (const r of moved) {
      expect(r.gained).toEqual(r.to.filter((n) => !r.from.includes(n)));
      expect(r.left).toEqual(r.from.filter((n) => !r.to.includes(n)));
    }
    const rank = { moved: 0, added: 1, removed: 2, unchanged: 3 } as const;
    const ranks = rows.map((r) => rank[r.change]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(rows.map((r) => r.service).sort()).toEqual(Object.keys({ ...plan.target, ...plan.against.placements }).sort());
  });

  it('maps node ids to positions in the loaded description, changed services only', () => {
    const ids = [...new Set([...Object.values(plan.target).flat(), ...Object.values(plan.against.placements).flat()])].sort();
    const d = nodes('unrelated', ...ids);
    const s = sceneDiff(plan, d);
    expect(s.missing).toEqual([]);
    expect(s.planDiff.map((x) => x.service)).toEqual(plan.diff.moved.map((m) => m.service));
    for (const [k, m] of plan.diff.moved.entries()) {
      expect(s.planDiff[k]!.from.map((i) => d.nodes[i]!.id)).toEqual(m.from);
      expect(s.planDiff[k]!.to.map((i) => d.nodes[i]!.id)).toEqual(m.to);
    }
  });

  it('lists the nodes a different loaded scenario lacks, and draws only the ones it has', () => {
    const s = sceneDiff(plan, nodes('gw-1'));
    expect(s.missing.length).toBeGreaterThan(0);
    expect(s.missing).not.toContain('gw-1');
    for (const x of s.planDiff) for (const i of [...x.from, ...x.to]) expect(i).toBe(0);
    expect(sceneDiff(plan, null).missing.length).toBeGreaterThan(0);
  });

  it('added and removed services appear with an empty side', () => {
    const p = { ...plan, diff: { added: [{ service: 'a/new', nodes: ['n2'] }], removed: [{ service: 'a/old', nodes: ['n1'] }], moved: [], unchanged: [] } };
    expect(diffRows(p as Plan)).toEqual([
      { change: 'added', service: 'a/new', from: [], to: ['n2'], gained: ['n2'], left: [] },
      { change: 'removed', service: 'a/old', from: ['n1'], to: [], gained: [], left: ['n1'] },
    ]);
    expect(sceneDiff(p as Plan, nodes('n1', 'n2')).planDiff).toEqual([{ service: 'a/new', from: [], to: [1] }, { service: 'a/old', from: [0], to: [] }]);
  });
});

describe('gates in words', () => {
  it.each([
    ['latency-slo', 'ratio', 0.6304, '0.63× SLO'], ['latency-slo', 'ratio', Infinity, 'no completions'], ['slo-violation-rate', 'ratio', 0.009, '0.9%'],
    ['data-lost', 'messages', 12, '12'], ['capacity-headroom', 'fraction', 0.987, '98.7%'], ['data-lost', 'messages', null, 'not measured'],
  ] as const)('gateValue(%s, %s, %s) = %s', (id, unit, v, s) => expect(gateValue({ id, unit }, v)).toBe(s));

  it('every gate of the plan has its threshold, worst value and per-run values, and the failed ones are the blockers', () => {
    const rows = gateRows(plan);
    expect(rows.map((r) => r.id)).toEqual(plan.gates.results.map((g) => g.id));
    for (const [k, r] of rows.entries()) {
      const g = plan.gates.results[k]!;
      expect(r.pass).toBe(g.pass);
      expect(r.runs).toHaveLength(g.runs.length);
      expect(r.passed).toBe(`${g.runs.filter((x) => x.pass).length}/${g.runs.length}`);
      expect(`${r.threshold} ${r.worst} ${r.runs.map((x) => x.value).join(' ')}`).not.toMatch(/NaN|Infinity|e[+-]\d/);
    }
    expect(plan.status).toBe('blocked');
    expect(rows.filter((r) => !r.pass).map((r) => r.id).every((id) => plan.blockers.some((b) => b.includes(id)))).toBe(true);
  });
});
