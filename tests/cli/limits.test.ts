/**
 * Hostile and extreme input at the command line: every case of issue 14's "Hostile and extreme
 * input" is a located refusal with exit 2 (no stack trace), reached before the work starts, and
 * the limit flags (--max-file-size, --max-nodes, --max-events, --max-runs) raise the limits.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const cli = (...args: string[]) => spawnSync('node', ['cli/bin.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
const dir = mkdtempSync(join(tmpdir(), 'edgetwin-limits-'));
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };
const FOG_CITY = join(ROOT, 'scenarios/experiments/fog-city.yaml');

/** A refusal: exit 2, one located line per issue, no stack trace. */
function refused(r: ReturnType<typeof cli>): string {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).not.toMatch(/\n\s+at |Error:|Excessive alias count|Maximum call stack/);
  return r.stderr.trim();
}

const scenario = (spec: string) => `apiVersion: edgetwin.io/v1alpha1\nkind: Scenario\nmetadata: {name: t}\nspec:\n${spec}`;

describe('YAML resource limits', () => {
  it('an alias bomb ("billion laughs"): located refusal, not "Excessive alias count" with exit 1', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const p = file('bomb.yaml', `apiVersion: edgetwin.io/v1alpha1\nkind: Scenario\n${lines.join('\n')}\n`);
    expect(refused(cli('validate', p))).toMatch(new RegExp(`^${p}:8:\\d+: malformed YAML: aliases would grow this document by more than 1,000,000 nodes`));
  });

  it('3,000 nested levels followed by a dedent: located refusal, not "Maximum call stack size exceeded" with exit 1', () => {
    const deep = Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n');
    const p = file('deep.yaml', `apiVersion: edgetwin.io/v1alpha1\nkind: Scenario\nspec:\n${deep}\nmetadata: {name: x}\n`);
    expect(refused(cli('validate', p))).toBe(`${p}:103:201: malformed YAML: nested more than 100 levels deep here; EdgeTwin documents nest a few levels, so this looks like a generated or corrupted file`);
  });

  it('an indentation mistake is explained at the token, not at column 1 in the parser\'s words', () => {
    const p = file('indent.yaml', scenario('  nodes:\n    - {id: a, tier: edge}\n   - {id: b, tier: edge}\n'));
    expect(refused(cli('validate', p))).toBe(`${p}:7:4: malformed YAML: this line is indented 3 spaces, but the list items from line 6 use 4 (the fields around them, from line 5, use 2); items of one list start at the same column; or line 6 is the one off, and belongs at 3 spaces like this line`);
  });
});

describe('values that passed the schema and broke the engine', () => {
  it.each([
    ['spec.apps.predictive-maintenance.services.features.cpuWork=1e308', ':137:20: spec.apps[0].services[0].cpuWork: must be at most 3650d, got 1e+308'],
    ['spec.streams.vibration.size=1e308', ':172:13: spec.streams[0].size: must be at most 1Ei, got 1e+308'],
    ['spec.nodeClasses.edge-server.power.max=1e308', ':59:30: spec.nodeClasses.edge-server.power.max: must be at most 10,000,000 W, got 1e+308'],
    ['spec.nodeClasses.edge-server.costPerHour=1e308', 'spec.nodeClasses.edge-server.costPerHour: must be at most 1,000,000 USD, got 1e+308'],
    ['spec.links.wan-a.costPerGb=1e308', 'spec.links[19].costPerGb: must be at most 1,000,000 USD, got 1e+308'],
  ])('run --set %s', (set, where) => {
    expect(refused(cli('run', 'scenarios/factory-maintenance.yaml', '--until', '1s', '--set', set))).toContain(where);
  });
});

describe('size: estimated before running, refused beyond the limits', () => {
  let big = '';
  beforeAll(async () => {
    // 938,000 listed nodes, ~50 MB: validate died with "Reached heap limit" (exit 134) after 54 s.
    big = join(dir, 'big.yaml');
    const out = createWriteStream(big);
    out.write('apiVersion: edgetwin.io/v1alpha1\nkind: Scenario\nmetadata: {name: big}\nspec:\n  nodes:\n');
    const chunk: string[] = [];
    for (let i = 0; i < 938_000; i++) {
      chunk.push(`    - {id: node-${String(i).padStart(6, '0')}, tier: sensor, zone: default-a}\n`);
      if (chunk.length === 10_000) { out.write(chunk.join('')); chunk.length = 0; }
    }
    out.write(chunk.join(''));
    await new Promise<void>((done) => out.end(done));
  }, 60_000);

  it('a 50 MB scenario of 938k nodes: refused by its size, then (limit raised) by its node count before parsing', () => {
    const t0 = Date.now();
    expect(refused(cli('validate', big))).toBe(`${big}: the file is 49.2 MiB (51,590,085 bytes); files over 16.0 MiB (16,777,216 bytes) are refused before parsing (raise the limit with --max-file-size <size>, e.g. --max-file-size 64Mi)`);
    expect(refused(cli('validate', big, '--max-file-size', '64Mi'))).toBe(`${big}:6:5: spec.nodes: spec.nodes lists 938,000 nodes; at most 200,000 (raise the limit with --max-nodes N)`);
    expect(Date.now() - t0).toBeLessThan(60_000);
  }, 120_000);

  it('generators[0].sites: 2000000 is refused before the expansion', () => {
    const p = file('gen.yaml', scenario('  regions: [{id: r1}]\n  generators:\n    - {id: g, sites: 2000000, gateway: {tier: gateway}, sensors: {count: 2, link: {type: wifi}}}\n'));
    expect(refused(cli('run', p))).toBe(`${p}:7:22: spec.generators[0].sites: the scenario would have 6,000,000 nodes (generator 'g': 2,000,000 sites × 3 nodes); at most 200,000 (raise the limit with --max-nodes N)`);
  });

  it('poisson rate 1e9 is refused before the run; --max-events raises the limit', () => {
    const p = file('hot.yaml', scenario(`  nodes: [{id: s1, tier: sensor}, {id: e1, tier: edge}]
  links: [{between: [s1, e1], type: wifi}]
  apps: [{id: a, slo: {latency: 100ms}, services: [{id: x, cpuWork: 1ms, placement: [e1]}]}]
  streams: [{id: st, app: a, sources: [s1], arrival: {poisson: {rate: 1e9}}, size: 1KiB}]
`));
    expect(refused(cli('run', p))).toMatch(new RegExp(`^${p}:8:\\d+: spec.streams\\[0\\].arrival: one run would process at least 600,000,000,060 events .*\\(raise the limit with --max-events N, or simulate less time with --until\\)$`));
    expect(refused(cli('run', 'scenarios/factory-maintenance.yaml', '--max-events', '1000'))).toMatch(/at least 121,360 events .*at most 1,000/);
    const ok = cli('run', 'scenarios/factory-maintenance.yaml', '--until', '10s', '--max-events', '2e5', '--json');
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).simulatedMs).toBe(10_000);
  });

  const experiment = (spec: string) => `apiVersion: edgetwin.io/v1alpha1\nkind: Experiment\nmetadata: {name: e}\nspec:\n  scenario: ${FOG_CITY}\n${spec}`;
  const variants = '  variants: [{name: a}, {name: b, set: ["spec.apps.video.services.detect.placement=[cloud-1]"]}, {name: c, set: ["spec.apps.video.services.detect.placement=[site-1-edge]"]}]\n';

  it('seeds: {count: 1000000} is refused by validate, compare and plan before any run; --max-runs raises it', () => {
    const p = file('seeds.yaml', experiment(`  seeds: {count: 1000000}\n${variants}`));
    const message = `${p}:6:18: spec.seeds.count: the experiment would make 3,000,000 runs (3 variant(s) × 1 sweep point(s) × 1 fault set(s) × 1,000,000 seed(s)); at most 10,000 (raise the limit with --max-runs N)`;
    expect(refused(cli('validate', p))).toBe(message);
    expect(refused(cli('compare', p, '--workers', '0'))).toBe(message);
    expect(refused(cli('plan', p, '--variant', 'b', '--out', join(dir, 'plan.json')))).toBe(message);
    const small = file('seeds2.yaml', experiment(`  seeds: {count: 2}\n${variants}`));
    expect(refused(cli('validate', small, '--max-runs', '5'))).toMatch(/6 runs .*at most 5/);
    expect(cli('validate', small, '--max-runs', '6').status).toBe(0);
  });

  it('a sweep from 1e15 to 1e15+10 step 1 (identical points after rounding) is refused', () => {
    const p = file('sweep.yaml', experiment('  variants: [{name: a}]\n  sweep: {path: spec.seed, values: {from: 1e15, to: 1000000000000010, step: 1}}\n'));
    expect(refused(cli('validate', p))).toMatch(new RegExp(`^${p}:7:\\d+: spec.sweep.values.step: the range gives 11 points but only 1 distinct value\\(s\\)`));
  });
});

describe('the flags', () => {
  it.each(['validate', 'run', 'compare', 'plan'])('%s --help documents them', (cmd) => {
    const r = cli(cmd, '--help');
    expect(r.status).toBe(0);
    for (const flag of ['--max-file-size <size>', '--max-nodes <n>', '--max-events <n>']) expect(r.stdout).toContain(flag);
    if (cmd !== 'run') expect(r.stdout).toContain('--max-runs <n>');
  });

  it('a bad value is bad input naming the flag', () => {
    expect(refused(cli('validate', 'scenarios/factory-maintenance.yaml', '--max-nodes', 'lots'))).toBe("<--max-nodes>: expected a whole number >= 1 like 2000000 or 2e6, got 'lots'");
    expect(refused(cli('validate', 'scenarios/factory-maintenance.yaml', '--max-file-size', '12parsecs'))).toBe("<--max-file-size>: expected a size like 64Mi or 100MB, got '12parsecs'");
  });
});
