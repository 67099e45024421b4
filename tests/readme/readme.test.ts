/**
 * The README, run (issue 14: its "Driving a simulation from code" snippet failed on a missing
 * import and nobody noticed). Every ```ts block runs with tsx; every marked ```sh / ```console
 * block runs command by command with `npx edgetwin` being this checkout's CLI (a stand-in `npx`
 * on PATH runs nothing else, so no registry is ever asked), checking exit codes and that the
 * output a console block shows appears; marked ```yaml blocks are saved and validated. All of it
 * runs in a scratch directory with a copy of scenarios/, so nothing lands in the checkout. The
 * convention is in the README's "This README is tested" section; readme-blocks.ts parses it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  aptPackages, consoleSteps, expectedExit, missingLines, parseBlocks, shellCommands, validateTarget, type Block,
} from './readme-blocks.ts';
import { INSTALL_NOTICE } from '../e2e/support/chromium.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const BLOCKS = parseBlocks(README);

// The scratch directory: a copy of scenarios/ (examples write beside it), the fixtures and
// sim-core linked (read only), and a bin/ whose `npx` runs only `edgetwin`, from this checkout.
const WORK = mkdtempSync(join(tmpdir(), 'edgetwin-readme-'));
cpSync(join(ROOT, 'scenarios'), join(WORK, 'scenarios'), { recursive: true });
mkdirSync(join(WORK, 'tests'));
symlinkSync(join(ROOT, 'tests', 'fixtures'), join(WORK, 'tests', 'fixtures'));
symlinkSync(join(ROOT, 'sim-core'), join(WORK, 'sim-core'));
mkdirSync(join(WORK, 'bin'));
writeFileSync(join(WORK, 'bin', 'npx'), `#!/bin/sh
if [ "$1" = edgetwin ]; then shift; exec node ${JSON.stringify(join(ROOT, 'cli', 'bin.mjs'))} "$@"; fi
echo "readme test: only 'npx edgetwin' runs here, not 'npx $*'" >&2
exit 127
`);
chmodSync(join(WORK, 'bin', 'npx'), 0o755);
const ENV = { ...process.env, PATH: `${join(WORK, 'bin')}:${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`, NO_COLOR: '1', FORCE_COLOR: '0' };
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

/** Runs one command line in the scratch directory through bash; stdout and stderr interleaved as written. */
function sh(command: string): { code: number; output: string } {
  const r = spawnSync('bash', ['-c', `exec 2>&1\n${command}`], { cwd: WORK, env: ENV, encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? (r.signal ? 128 : 1), output: r.stdout ?? '' };
}

/** A failure message that shows where in the README and what ran. */
const where = (b: Block, command: string, output: string) => `README.md:${b.line}: ${command}\n${output.split('\n').slice(-25).join('\n')}`;

const tail = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);

describe('README.md', () => {
  it('has the examples this test runs (ts blocks, marked command blocks, validated yaml)', () => {
    expect(BLOCKS.filter((b) => b.lang === 'ts').length).toBeGreaterThan(0);
    expect(BLOCKS.filter((b) => b.marker !== null && (b.lang === 'sh' || b.lang === 'console')).length).toBeGreaterThan(5);
    expect(BLOCKS.filter((b) => validateTarget(b.marker) !== null).length).toBeGreaterThan(2);
    // A marker on a block of a language the test does not run would be silently ignored.
    for (const b of BLOCKS.filter((x) => x.marker !== null)) expect(['sh', 'console', 'yaml', 'ts'], `README.md:${b.line}`).toContain(b.lang);
  });

  it('the set-up section names every package the tests install with apt-get', () => {
    const setup = README.slice(README.indexOf('## Set up'), README.indexOf('\n## ', README.indexOf('## Set up') + 1));
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir)) {
        const p = join(dir, e);
        if (statSync(p).isDirectory()) { if (e !== 'node_modules' && e !== 'readme') walk(p); } else if (p.endsWith('.ts')) sources.push(readFileSync(p, 'utf8'));
      }
    };
    walk(join(ROOT, 'tests'));
    const packages = aptPackages(sources);
    expect(packages).toContain('chromium');
    for (const p of packages) expect(setup, `README set-up section does not say the tests install '${p}'`).toContain(`\`${p}\``);
    expect(setup).toContain('apt-get install -y chromium');
    // It quotes the line the tests print before installing (support/chromium.ts).
    expect(setup.replace(/\s+/g, ' ')).toContain(INSTALL_NOTICE.slice(0, INSTALL_NOTICE.indexOf(' and its')));
  });

  // One test per block, in README order (later blocks use files earlier ones wrote: my-site.yaml, s0.json …).
  for (const b of BLOCKS) {
    const target = validateTarget(b.marker);
    if (b.lang === 'ts') {
      it(`README.md:${b.line} ts block runs with tsx`, () => {
        const file = `readme-block-${b.line}.ts`;
        writeFileSync(join(WORK, file), b.body);
        const r = sh(`tsx ${file}`);
        expect(r.code, where(b, `tsx ${file}`, r.output)).toBe(0);
      }, 120_000);
    } else if (b.lang === 'yaml' && target) {
      it(`README.md:${b.line} yaml block is a valid ${target}`, () => {
        mkdirSync(dirname(join(WORK, target)), { recursive: true });
        writeFileSync(join(WORK, target), `${b.body}\n`);
        const r = sh(`npx edgetwin validate ${target}`);
        expect(r.code, where(b, `validate ${target}`, r.output)).toBe(0);
        expect(r.output).toMatch(new RegExp(`^ok ${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `, 'm'));
      }, 60_000);
    } else if (b.lang === 'sh' && b.marker === 'live') {
      // The live-fleet walk-through starts servers in the background: tests/connectors/e2e/live-walkthrough.test.ts runs it.
      continue;
    } else if (b.lang === 'sh' && b.marker !== null) {
      const commands = shellCommands(b.body);
      it(`README.md:${b.line} sh: ${tail(commands.join(' ; '))}`, () => {
        commands.forEach((c, k) => {
          const r = sh(c);
          expect(r.code, where(b, c, r.output)).toBe(k === commands.length - 1 ? expectedExit(b.marker) : 0);
        });
      }, 180_000);
    } else if (b.lang === 'console' && b.marker !== null) {
      const steps = consoleSteps(b.body);
      it(`README.md:${b.line} console: ${tail(steps.map((s) => s.command).join(' ; '))}`, () => {
        expect(steps.length, `README.md:${b.line}: a console block needs '$ ' command lines`).toBeGreaterThan(0);
        steps.forEach((s, k) => {
          const r = sh(s.command);
          expect(r.code, where(b, s.command, r.output)).toBe(k === steps.length - 1 ? expectedExit(b.marker) : 0);
          expect(missingLines(s.expected, r.output), `README.md:${b.line}: shown output missing from\n${r.output}`).toEqual([]);
        });
      }, 180_000);
    }
  }
});
