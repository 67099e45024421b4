/**
 * A small seeded sample of the fuzzer's inputs through the real command line (issue 14): spawn
 * `node cli/bin.mjs validate` or `run --until 2s --json` on mutated shipped scenarios and on the
 * pinned hostile inputs. The oracle: exit 2 with every stderr line a located message
 * (`file:line:col: path: message`, line >= 1, or `<--flag>: …`) and no stack trace; or exit 0
 * with a sane report (run) or `ok` lines (validate); always within the time limit. Each spawn
 * costs ~3 s of Node and tsx start-up, so the sample is small; the in-process fuzz files cover
 * volume. FUZZ_SEED / FUZZ_CASES / FUZZ_CASE as elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ROOT, shippedScenarios } from './support/corpus.ts';
import { mutateValue } from './support/mutate-value.ts';
import { aliasBomb, deepBlockNesting, mutateText } from './support/mutate-text.ts';
import { cut, formatFailure, reportProblems, type FuzzFailure } from './support/oracle.ts';
import { caseRng, fuzzSettings } from './support/prng.ts';

const TEST_FILE = 'tests/fuzz/cli.test.ts';
const { seed, cases } = fuzzSettings(1405, 3);
const TIMEOUT_MS = 45_000;
const UNTIL = '2s';

// Mutated files live in a temporary copy of scenarios/ so their relative policy files resolve.
const dir = mkdtempSync(join(tmpdir(), 'edgetwin-fuzz-'));
cpSync(join(ROOT, 'scenarios/policies'), join(dir, 'policies'), { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const small = shippedScenarios().filter((s) => s.name !== 'large-fabric');
const factory = small.find((s) => s.name === 'factory-maintenance')!;

interface CliCase { name: string; what: string; text: string; args: string[] }

function randomCase(index: number): CliCase {
  const rng = caseRng(seed, index);
  const src = rng.pick(small);
  const m = rng.chance(0.5) ? (() => { const v = mutateValue(rng, src.value); return { what: v.what, text: stringify(v.value) }; })() : mutateText(rng, src.text);
  const args = rng.chance(0.5) ? ['validate'] : ['run', '--until', UNTIL, '--json'];
  return { name: src.name, what: m.what, text: m.text, args };
}

const PINNED: CliCase[] = [
  { name: 'factory-maintenance', what: 'alias bomb (validate)', text: `${aliasBomb()}\n${factory.text}`, args: ['validate'] },
  { name: 'factory-maintenance', what: '3,000 nested levels then a dedent (run)', text: `${factory.text}\nnested:\n${deepBlockNesting(3000).replace(/^/gm, '  ')}\n`, args: ['run', '--until', UNTIL, '--json'] },
  { name: 'factory-maintenance', what: '--set cpuWork=1e308 (run)', text: factory.text, args: ['run', '--until', UNTIL, '--json', '--set', 'spec.apps[0].services[0].cpuWork=1e308'] },
  { name: 'factory-maintenance', what: 'a --fault on a link that does not exist (run)', text: factory.text, args: ['run', '--until', UNTIL, '--json', '--fault', 'link:nowhere~x@1s:latency=x3'] },
  { name: 'factory-maintenance', what: 'an undefined alias (validate)', text: factory.text.replace(/^(\s+duration:).*$/m, '$1 *nowhere'), args: ['validate'] },
];

const LOCATED = /^(?<file>[^\n]+?):(?<line>\d+):(?<col>\d+): /;
const FLAG = /^<--[a-z-]+>: /;

/** Problems with one CLI run of `c` written to `file`. */
function check(c: CliCase, file: string): string[] {
  writeFileSync(file, c.text);
  const r = spawnSync(process.execPath, [join(ROOT, 'cli/bin.mjs'), ...c.args.slice(0, 1), file, ...c.args.slice(1)], {
    encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' },
  });
  const stderr = r.stderr ?? '';
  if (r.error || r.status === null) return [`did not end within ${TIMEOUT_MS / 1000} s (${r.error?.message ?? r.signal})`];
  const problems: string[] = [];
  if (/^\s+at .+:\d+:\d+\)?$/m.test(stderr)) problems.push(`stack trace on stderr: ${cut(stderr, 300)}`);
  if (r.status === 2) {
    const lines = stderr.split('\n').filter((l) => l.trim() && !l.startsWith(' ') && !l.startsWith('note:') && !l.startsWith('warning:'));
    if (!lines.length) problems.push('exit 2 with nothing on stderr');
    for (const l of lines) {
      const m = LOCATED.exec(l);
      if (m) { if (Number(m.groups!.line) < 1) problems.push(`line 0 for a file: ${cut(l, 200)}`); }
      else if (!FLAG.test(l)) problems.push(`not a located message: ${cut(l, 200)}`);
    }
    return problems;
  }
  if (r.status !== 0) return [...problems, `exit ${r.status}: ${cut(stderr.trim(), 300)}`];
  if (c.args[0] === 'validate') {
    if (!/^ok /.test(r.stdout)) problems.push(`exit 0 without an ok line: ${cut(r.stdout, 200)}`);
    return problems;
  }
  let report: unknown;
  try { report = JSON.parse(r.stdout); } catch { return [...problems, `exit 0 but stdout is not JSON: ${cut(r.stdout, 200)}`]; }
  return [...problems, ...reportProblems(report)];
}

describe(`CLI sample of the fuzz inputs (seed ${seed}, ${cases.length} random + ${PINNED.length} pinned)`, () => {
  it('exit 2 with located messages and no stack trace, or exit 0 with a sane report, in bounded time', () => {
    const inputs = [
      ...(process.env.FUZZ_CASE === undefined ? PINNED.map((c, i) => ({ index: -1 - i, c })) : []),
      ...cases.map((index) => ({ index, c: randomCase(index) })),
    ];
    const failures: FuzzFailure[] = [];
    for (const c of PINNED) expect(c.args.length > 3 || c.text !== factory.text, `pinned input '${c.what}' changes nothing`).toBe(true);
    for (const { index, c } of inputs) {
      const problems = check(c, join(dir, `${c.name}.yaml`));
      if (problems.length) failures.push({ seed, index, source: `edgetwin ${c.args.join(' ')} (${c.name})`, what: c.what, problems, input: c.text });
    }
    for (const f of failures) console.error(formatFailure(f, TEST_FILE));
    expect(failures.map((f) => cut(`case ${f.index} (${f.source}: ${f.what}): ${f.problems.join(' | ')}`, 400))).toEqual([]);
  }, 8 * TIMEOUT_MS);
});
