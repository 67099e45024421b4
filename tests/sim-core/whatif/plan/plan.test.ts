/**
 * Plans end to end on a small scenario (tests/fixtures/whatif/plan-small.*): the detector on the
 * 8-core edge server passes every gate; on the one-core gateway (0.25 speed: 80 ms a message at
 * 20 msg/s, ρ = 1.6) it must fail the latency, violation-rate and headroom gates, and approve()
 * must refuse it. Also: hash stability and sensitivity, tamper detection.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../../sim-core/text/input-error.ts';
import { approve, makePlan, planHash, verifyPlan, type Plan } from '../../../../sim-core/whatif/plan/index.ts';
import { WHATIF_FIXTURES } from '../../../fixtures/whatif/build-result.ts';

const EXPERIMENT = 'plan-small.experiment.yaml';
const text = readFileSync(join(WHATIF_FIXTURES, EXPERIMENT), 'utf8');
const readScenario = (p: string) => readFileSync(join(WHATIF_FIXTURES, p), 'utf8');
const make = (variant: string, extra: Partial<Parameters<typeof makePlan>[2]> = {}) => makePlan(text, EXPERIMENT, { variant, readScenario, ...extra });
const by = { approvedBy: 'ops@example.com', approvedAt: '2025-01-01T00:00:00Z' };

let good: Plan;
let bad: Plan;
beforeAll(() => {
  good = make('edge');
  bad = make('gateway');
});

describe('makePlan on plan-small', () => {
  it('targets every service, diffs against the baseline variant', () => {
    expect(good.target).toEqual({ 'detect/infer': ['edge-1'] });
    expect(good.against).toMatchObject({ kind: 'baseline-variant', source: 'edge' });
    expect(good.diff).toEqual({ added: [], removed: [], moved: [], unchanged: ['detect/infer'] });
    expect(bad.target).toEqual({ 'detect/infer': ['gw-1'] });
    expect(bad.diff.moved).toEqual([{ service: 'detect/infer', from: ['edge-1'], to: ['gw-1'] }]);
  });

  it('validates under every fault set × the gates.seeds (2) seeds', () => {
    expect(good.validation.seeds).toEqual([1, 2]);
    expect(good.validation.faultSets.map((f) => f.name)).toEqual(['normal', 'slow-uplink']);
    expect(good.validation.runs).toBe(4);
    for (const g of good.gates.results) expect(g.runs.map((r) => `${r.faultSet}/${r.seed}`)).toEqual(['normal/1', 'normal/2', 'slow-uplink/1', 'slow-uplink/2']);
    expect(good.gates.config).toEqual({ latencySlo: true, maxSloViolationRate: 0.05, maxLostFraction: 0.001, maxLostMessages: null, minHeadroom: 0.2 });
  });

  it('the edge plan passes every gate and is approvable', () => {
    for (const g of good.gates.results) expect(g.pass, g.id).toBe(true);
    // The edge server has 8 cores and ~0.4 cores of work: headroom near 95%.
    const headroom = good.gates.results.find((g) => g.id === 'capacity-headroom')!;
    expect(headroom.worst).toBeGreaterThan(0.9);
    expect(good.status).toBe('approvable');
    expect(good.blockers).toEqual([]);
    expect(good.policies).toMatchObject({ evaluated: false, satisfied: [] });
  });

  it('the gateway plan fails latency, violation-rate and headroom gates with their numbers, and is blocked', () => {
    const byId = Object.fromEntries(bad.gates.results.map((g) => [g.id, g]));
    expect(byId['latency-slo']!.pass).toBe(false);
    expect(byId['latency-slo']!.worst).toBeGreaterThan(1);
    expect(byId['slo-violation-rate']!.pass).toBe(false);
    expect(byId['slo-violation-rate']!.worst).toBeGreaterThan(0.05);
    expect(byId['capacity-headroom']!.pass).toBe(false);
    // ρ = 1.6 > 1: the gateway's one core is busy the whole run.
    expect(byId['capacity-headroom']!.worst).toBeLessThan(0.05);
    expect(byId['capacity-headroom']!.worstAt).toContain('gw-1');
    expect(bad.status).toBe('blocked');
    expect(bad.blockers.map((b) => b.split(' ')[1])).toEqual(['latency-slo', 'slo-violation-rate', 'capacity-headroom']);
  });

  it('is deterministic: the same inputs give the same plan and hash', () => {
    expect(make('edge')).toEqual(good);
  });

  it('--seeds overrides gates.seeds', () => {
    const p = make('edge', { seeds: 1 });
    expect(p.validation.seeds).toEqual([1]);
    expect(p.hash).not.toBe(good.hash);
  });

  it('diffs against a snapshot when given one', () => {
    const p = make('edge', { against: { file: 'snap.json', snapshot: { placements: { 'detect/infer': ['gw-1'], 'old/svc': ['n0'] }, takenAt: '2025-01-01T00:00:00Z', source: 'fleet' } } });
    expect(p.against).toMatchObject({ kind: 'snapshot', source: 'fleet', takenAt: '2025-01-01T00:00:00Z' });
    expect(p.diff).toEqual({ added: [], removed: [{ service: 'old/svc', nodes: ['n0'] }], moved: [{ service: 'detect/infer', from: ['gw-1'], to: ['edge-1'] }], unchanged: [] });
  });

  it('an unknown variant is bad input with a did-you-mean', () => {
    expect(() => make('gatway')).toThrow(InputError);
    expect(() => make('gatway')).toThrow("unknown variant 'gatway'; did you mean 'gateway'?");
  });
});

describe('plan hash', () => {
  it('is the SHA-256 of everything but the hash, and verifies', () => {
    expect(good.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(planHash(good)).toBe(good.hash);
    expect(verifyPlan(good)).toEqual([]);
  });

  it('does not depend on key order', () => {
    const reversed = JSON.parse(JSON.stringify(good, Object.keys(good).reverse())) as Plan;
    const shuffled = Object.fromEntries(Object.entries(good).reverse()) as unknown as Plan;
    expect(planHash(shuffled)).toBe(good.hash);
    expect(planHash({ ...reversed, ...good })).toBe(good.hash);
  });

  it('changes when any leaf of the plan changes', () => {
    // Walk every leaf (number, string, boolean) and flip it; each edit must change the hash.
    const leaves: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      if (v !== null && typeof v === 'object') {
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, [...path, Array.isArray(v) ? Number(k) : k]);
      } else if (path[0] !== 'hash') leaves.push(path);
    };
    walk(good, []);
    expect(leaves.length).toBeGreaterThan(50);
    for (const path of leaves) {
      const copy = structuredClone(good) as unknown as Record<string | number, unknown>;
      let o = copy as Record<string | number, unknown>;
      for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
      const last = path[path.length - 1]!;
      const v = o[last];
      o[last] = typeof v === 'number' ? v + 1 : typeof v === 'boolean' ? !v : v === null ? 0 : `${String(v)}x`;
      expect(planHash(copy as unknown as Plan), path.join('.')).not.toBe(good.hash);
    }
  });
});

describe('approve', () => {
  it('approves an approvable plan, bound to its hash', () => {
    expect(approve(good, by)).toEqual({ ok: true, approval: { planHash: good.hash, variant: 'edge', ...by } });
  });

  it('refuses a plan with failed gates, naming each one', () => {
    const r = approve(bad, by);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.join('\n')).toContain('gate latency-slo failed');
      expect(r.errors.join('\n')).toContain('gate capacity-headroom failed');
    }
  });

  it('refuses a blocked plan relabelled approvable, even with a recomputed hash', () => {
    const forged = { ...structuredClone(bad), status: 'approvable' as const, blockers: [] };
    forged.hash = planHash(forged);
    const r = approve(forged, by);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toContain("status 'approvable' contradicts the evidence");
  });

  it('refuses a plan whose gate pass flags were edited to hide the numbers', () => {
    const forged = structuredClone(bad);
    for (const g of forged.gates.results) g.pass = true;
    forged.status = 'approvable';
    forged.blockers = [];
    forged.hash = planHash(forged);
    const r = approve(forged, by);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(/gate latency-slo says pass=true but its run values say false/);
  });

  it('refuses a plan edited after sealing (hash mismatch)', () => {
    const edited = structuredClone(good);
    edited.target['detect/infer'] = ['gw-1'];
    const r = approve(edited, by);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toContain('hash mismatch');
  });

  it('throws on a missing approver (programmer error)', () => {
    expect(() => approve(good, { approvedBy: '', approvedAt: 'x' })).toThrow('approvedBy');
  });
});
