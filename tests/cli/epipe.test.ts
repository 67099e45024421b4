/**
 * A closed stdout or stderr ends every command quietly, as a Unix tool killed by SIGPIPE:
 * exit 141 (128 + SIGPIPE), nothing on stderr, no stack trace. The pipes are real: the test
 * closes its read end before the command writes (or `head` closes it part-way through), and
 * the files a command writes (--out, --trace) are still complete.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CLOSED_PIPE } from '../../cli/lib/closed-pipe.ts';
import { ROOT, smallFogCityExperiment } from './support/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'edgetwin-epipe-'));

interface Ended { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Runs the CLI with one of its output pipes closed by the reader before the command writes. */
function withClosed(which: 'stdout' | 'stderr', args: string[]): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', ['cli/bin.mjs', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } });
    const out = { stdout: '', stderr: '' };
    child[which].destroy(); // the reader goes away: the child's next write to it fails with EPIPE
    const other = which === 'stdout' ? 'stderr' : 'stdout';
    child[other].setEncoding('utf8').on('data', (d: string) => { out[other] += d; });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, ...out }));
  });
}

let EXP = '';
const SHARD = join(tmp, 'shard.json');
beforeAll(() => {
  EXP = smallFogCityExperiment('edgetwin-epipe-exp-', { seeds: [1], until: '2s', metrics: ['latencyP95Ms', 'wanBytes'] }).path;
  const shard = spawnSync('node', ['cli/bin.mjs', 'compare', EXP, '--workers', '0', '--shard', '0/1', '--json'], { cwd: ROOT, encoding: 'utf8' });
  writeFileSync(SHARD, shard.stdout);
}, 120_000);

const scenarios = () => readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => `scenarios/${f}`);

describe('a closed stdout ends every command quietly (exit 141)', () => {
  const cases: [string, () => string[]][] = [
    ['schema', () => ['schema']],
    ['validate', () => ['validate', ...scenarios()]],
    ['run (summary)', () => ['run', 'scenarios/factory-maintenance.yaml', '--until', '20s']],
    ['compare', () => ['compare', EXP, '--workers', '0']],
    ['merge', () => ['merge', SHARD]],
    ['plan', () => ['plan', 'tests/fixtures/whatif/plan-small.experiment.yaml', '--variant', 'edge', '--seeds', '1', '--out', join(tmp, 'plan.json')]],
    ['schedule', () => ['schedule', '--cluster', 'tests/fixtures/k8s/edge-cluster.json', '--pod', 'tests/fixtures/k8s/pod-web.yaml']],
    ['--help', () => ['--help']],
  ];
  it.each(cases)('%s', async (name, args) => {
    const r = await withClosed('stdout', args());
    // compare reports its plan of runs and its progress on stderr by design; nothing else may appear there.
    if (name === 'compare') expect(r.stderr).toMatch(/^compare small: 2 run\(s\) = [^\n]*\n( {2}\d\/2 runs done\n)*$/);
    else expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT_CLOSED_PIPE);
  }, 120_000);

  it('run --json --out --trace: the files are complete although stdout was gone', async () => {
    const out = join(tmp, 'r.json');
    const trace = join(tmp, 't.jsonl');
    const r = await withClosed('stdout', ['run', 'scenarios/factory-maintenance.yaml', '--until', '20s', '--json', '--out', out, '--trace', trace]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT_CLOSED_PIPE);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const last = JSON.parse(readFileSync(trace, 'utf8').trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ type: 'footer', traceHash: report.traceHash });
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('`schema | head -c 100` in a shell: head closes the pipe part-way (the schema is > 64 KiB, a pipe\'s buffer)', () => {
    const r = spawnSync('bash', ['-c', 'node cli/bin.mjs schema | head -c 100 > /dev/null; echo "${PIPESTATUS[0]}"'], { cwd: ROOT, encoding: 'utf8' });
    expect(readFileSync(join(ROOT, 'scenarios/scenario.schema.json')).length).toBeGreaterThan(65_536);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(String(EXIT_CLOSED_PIPE));
  });
});

describe('a closed stderr ends quietly too', () => {
  it('validate of a bad file: the message cannot be told, so no stack trace either', async () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: edgetwin.io/v1alpha1\nkind: Scenario\nmetadata: {name: x}\nspec: {nodes: 3}\n');
    const r = await withClosed('stderr', ['validate', bad]);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(EXIT_CLOSED_PIPE);
  });

  it('run of a missing file', async () => {
    const r = await withClosed('stderr', ['run', join(tmp, 'missing.yaml')]);
    expect(r.code).toBe(EXIT_CLOSED_PIPE);
  });

  it('with stderr open, the same bad input still exits 2 with its message', () => {
    const r = spawnSync('node', ['cli/bin.mjs', 'run', join(tmp, 'missing.yaml')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing\.yaml: cannot read: no such file/);
  });
});
