/**
 * Releases in the twin (issue 12) on scenarios/experiments/rollout-fleet.yaml: ten replicas of
 * `score` (one per site, three sensors each), a release of score:2 at 4m, restart delay 5s, the
 * gate observed every 10s. Times below are hand-computed from those settings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';

const FILE = join(import.meta.dirname, '../../../scenarios/experiments/rollout-fleet.yaml');
const TEXT = readFileSync(FILE, 'utf8');
const FAULTY = 'to: {version: 2, errorRate: 0.2, latencyFactor: 3}';
const CANARY = /strategy:\n {8}steps: .*\n {8}analysis: .*\n/;

interface Release {
  status: string; startedAtMs: number; finishedAtMs: number | null; finalVersions: Record<string, number>; replicasOnNew: number; waves: number[];
  timeline: { atMs: number; event: string; wave?: number; state?: string; verdict?: string; reasons?: string[] }[];
  blastRadius: { messages: number; servedByNew: number; erroredByNew: number; sloMissedByNew: number; usersAffected: number; usersHarmed: number };
}

function run(opts: { to?: string; allAtOnce?: boolean; minutes: number; seed?: number }) {
  let text = TEXT;
  if (opts.to) text = text.replace(FAULTY, opts.to);
  if (opts.allAtOnce) text = text.replace(CANARY, 'strategy: all-at-once\n');
  expect(text.includes(opts.to ?? FAULTY)).toBe(true);
  const sim = new Simulation(parseScenario(text, FILE, { durationMs: opts.minutes * 60_000 }), opts.seed !== undefined ? { seed: opts.seed } : {});
  sim.runToEnd();
  const report = sim.report({ exact: true });
  const rel = (report.releases as Release[])[0]!;
  const svc = sim.state.graph.serviceIndex.get('scoring/score')!;
  const endpoints = [...sim.state.placement.seam.replicas[svc]!].map((n) => sim.state.fabric.topology.nodeId(n));
  return { sim, report, rel, endpoints };
}
const waves = (r: Release) => r.timeline.filter((e) => e.event === 'wave').map((e) => `${e.wave}:${e.state}`);
const ALL = Array.from({ length: 10 }, (_, i) => `site-${String(i + 1).padStart(2, '0')}-edge`);

describe('releases in the twin', () => {
  const faulty = run({ minutes: 6 });
  it('a faulty version is caught at the canary and rolled back: every replica back on the previous version', () => {
    const r = faulty.rel;
    expect(r.waves).toEqual([1, 4, 5]); // 10% of 10 → 1, 50% → 5, then all
    expect(r.status).toBe('rolled-back');
    expect(r.finalVersions).toEqual({ 'score:1': 10 });
    expect(r.replicasOnNew).toBe(0);
    expect(faulty.endpoints).toEqual(ALL); // the canary is ready again after its rollback restart
    expect(waves(r)).toEqual(['0:delivering', '0:gating', '0:rolling-back', '1:skipped', '2:skipped', '0:rolled-back']);
    const gate = r.timeline.find((e) => e.event === 'gate')!;
    expect(gate.verdict).toBe('fail');
    expect(gate.reasons!.some((x) => /^site-01-edge: scoring error rate \d+(\.\d+)?% is over the maximum of 5%$/.test(x))).toBe(true);
    // Not before the canary is ready (4m + 5s restart; first tick at 4m10s), and well within its 2-minute pause.
    expect(r.finishedAtMs).toBeGreaterThanOrEqual(250_000);
    expect(r.finishedAtMs).toBeLessThan(360_000);
    // Only the canary's site sent it messages; every service-error loss is the new version's.
    expect(r.blastRadius.usersAffected).toBe(3);
    expect(faulty.report.conservation.lostBy['service-error']).toBe(r.blastRadius.erroredByNew);
    expect(r.blastRadius.erroredByNew).toBeGreaterThan(0);
    expect(r.blastRadius.messages).toBe(r.blastRadius.erroredByNew + r.blastRadius.sloMissedByNew);
    expect(faulty.report.conservation.balanced).toBe(true);
  });

  it('a healthy release passes every wave after its pause and completes (no false rollback)', () => {
    const { rel: r, endpoints } = run({ to: 'to: {version: 2}', minutes: 9 });
    expect(r.status).toBe('done');
    expect(r.finalVersions).toEqual({ 'score:2': 10 });
    expect(endpoints).toEqual(ALL);
    expect(waves(r)).toEqual(['0:delivering', '0:gating', '0:passed', '1:delivering', '1:gating', '1:passed', '2:delivering', '2:gating', '2:passed']);
    // Wave 0 gates from 4m for its 2m pause → passes on the tick at 6m; wave 1 likewise at 8m;
    // wave 2 has no pause and passes on the first tick its replicas are ready (8m05s) → 8m10s.
    expect(r.timeline.filter((e) => e.event === 'gate').map((e) => [e.atMs, e.verdict])).toEqual([[360_000, 'pass'], [480_000, 'pass'], [490_000, 'pass']]);
    expect(r.finishedAtMs).toBe(490_000);
    expect(r.blastRadius.erroredByNew).toBe(0);
  });

  it('without gates the faulty version reaches every replica: blast radius many times the canary\'s', () => {
    const { rel: r, report } = run({ allAtOnce: true, minutes: 6 });
    expect(r.status).toBe('done');
    expect(r.finalVersions).toEqual({ 'score:2': 10 });
    expect(r.blastRadius.usersAffected).toBe(30);
    expect(r.blastRadius.messages).toBeGreaterThan(20 * faulty.rel.blastRadius.messages);
    expect(report.conservation.lost).toBeGreaterThan(20 * faulty.report.conservation.lost);
  });

  it('a crash-looping version is detected through readiness (CrashLoopBackOff after 3 restarts) and rolled back', () => {
    const { rel: r, endpoints } = run({ to: 'to: {version: 2, crashLoop: true}', minutes: 5 });
    expect(r.status).toBe('rolled-back');
    const gate = r.timeline.find((e) => e.event === 'gate')!;
    expect(gate.reasons).toEqual(['site-01-edge: failed version 2: CrashLoopBackOff: score:2 restarted 3 times, never ready']);
    // Restart attempts at 4m05s, 4m10s, 4m15s; the tick at 4m20s sees the failure.
    expect(gate.atMs).toBe(260_000);
    expect(r.blastRadius.servedByNew).toBe(0);
    expect(r.finalVersions).toEqual({ 'score:1': 10 });
    expect(endpoints).toEqual(ALL);
  });

  it('is deterministic: the same seed gives the same trace hash and releases; another seed another trace', () => {
    const again = run({ minutes: 6 });
    expect(again.report.traceHash).toBe(faulty.report.traceHash);
    expect(again.report.releases).toEqual(faulty.report.releases);
    expect(run({ minutes: 6, seed: 8 }).report.traceHash).not.toBe(faulty.report.traceHash);
  });
});

describe('releases and checkpoints', () => {
  it('a run forked in the middle of a rollout ends exactly as the uninterrupted one', () => {
    const model = parseScenario(TEXT.replace(FAULTY, 'to: {version: 2}'), FILE, { durationMs: 9 * 60_000 });
    const whole = new Simulation(model);
    whole.runToEnd();
    const part = new Simulation(model);
    part.advanceTo(300_000); // wave 0 soaking, the canary on score:2
    const fork = part.fork();
    fork.runToEnd();
    expect(fork.traceHash).toBe(whole.traceHash);
    expect(fork.report().releases).toEqual(whole.report().releases);
  });
});
