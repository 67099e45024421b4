/**
 * Output files (`--out`, `--trace`, `--csv`, `--html`, plan's `--out`): a destination that cannot
 * be written is refused before the work (exit 2, naming the flag, the path and what is wrong, no
 * stack trace); files are written to a temporary file beside the destination and renamed, so a
 * failed write, a full disk or a signal never leaves a partial file (nor a temporary one) and an
 * existing destination keeps its old content.
 *
 * Full disks, honestly: `/dev/full` (every write fails with ENOSPC) for a device destination, and
 * when the test runs as root with mount(8) allowed, tiny tmpfs mounts for a regular file on a full
 * file system (refused before the run) and on one that fills up mid-run (the run stops, nothing is
 * left). Read-only: a tmpfs mounted read-only as root (root ignores permission bits), else a 0555
 * directory. Without root the tmpfs cases are skipped (said in their names).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'edgetwin-output-'));
const cli = (...args: string[]) => spawnSync('node', ['cli/bin.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
// A run far longer than the test's timeout (minutes), yet within the default work limits:
// exiting in time proves the check came before the run.
const LONG_RUN = ['run', 'scenarios/metro-operations.yaml', '--until', '6h'];
const SMALL = ['run', 'scenarios/factory-maintenance.yaml', '--until', '20s'];

const isRoot = process.getuid?.() === 0;
const mounts: string[] = [];
/** Mounts a tmpfs with `opts` on a new directory; null when this machine does not allow it. */
function tmpfs(name: string, opts: string): string | null {
  if (!isRoot) return null;
  const dir = join(tmp, name);
  mkdirSync(dir);
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', dir]).status !== 0) return null;
  mounts.push(dir);
  return dir;
}
afterAll(() => { for (const d of mounts) spawnSync('umount', [d]); });

const noTemps = (dir: string) => expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

function expectRefused(r: ReturnType<typeof cli>, flag: string, path: string, why: RegExp): void {
  expect(r.error).toBeUndefined(); // not killed by the timeout
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain(`<${flag}>: cannot write '${path}': `);
  expect(r.stderr).toMatch(why);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe('destinations are checked before the work (exit 2)', () => {
  const missing = join(tmp, 'no-such-dir', 'r.json');
  it.each([
    ['run --out', [...LONG_RUN, '--out', missing], '--out'],
    ['run --trace', [...LONG_RUN, '--trace', missing], '--trace'],
    ['compare --csv', ['compare', 'scenarios/experiments/fog-placement.yaml', '--csv', missing], '--csv'],
    ['compare --html', ['compare', 'scenarios/experiments/fog-placement.yaml', '--html', missing], '--html'],
    ['plan --out', ['plan', 'tests/fixtures/whatif/plan-small.experiment.yaml', '--variant', 'edge', '--out', missing], '--out'],
  ])('%s into a missing directory', (_n, args, flag) => {
    expectRefused(cli(...args), flag, missing, /directory '.*no-such-dir' does not exist \(create it first\)/);
  });

  it('merge --out / --csv into a missing directory, before reading the shards', () => {
    expectRefused(cli('merge', join(tmp, 'absent-shard.json'), '--out', missing), '--out', missing, /does not exist/);
    expectRefused(cli('merge', join(tmp, 'absent-shard.json'), '--csv', missing), '--csv', missing, /does not exist/);
  });

  it('a directory in the way, and a file where a directory should be', () => {
    expectRefused(cli(...LONG_RUN, '--out', tmp), '--out', tmp, /it is a directory; name a file in it/);
    const file = join(tmp, 'plain.txt');
    writeFileSync(file, 'x');
    expectRefused(cli(...LONG_RUN, '--trace', join(file, 't.jsonl')), '--trace', join(file, 't.jsonl'), /a parent is not a directory/);
  });

  it('--out and --trace naming the same file', () => {
    const f = join(tmp, 'same.json');
    expectRefused(cli(...LONG_RUN, '--out', f, '--trace', f), '--trace', f, /--out writes the same file/);
  });

  it(`a read-only place (${isRoot ? 'a read-only tmpfs' : 'a 0555 directory'})`, () => {
    let dir = tmpfs('ro', 'ro,size=64k');
    if (!dir) { dir = join(tmp, 'ro-dir'); mkdirSync(dir); chmodSync(dir, 0o555); }
    const f = join(dir, 'r.json');
    expectRefused(cli(...LONG_RUN, '--out', f), '--out', f, isRoot ? /read-only file system \(EROFS\)/ : /permission denied \(EACCES\)/);
    expectRefused(cli(...LONG_RUN, '--trace', f), '--trace', f, /EROFS|EACCES/);
  });

  it('a full device: --trace /dev/full fails writing its header, before the run', () => {
    expectRefused(cli(...LONG_RUN, '--trace', '/dev/full'), '--trace', '/dev/full', /no space left on device \(ENOSPC\)/);
  });

  it.skipIf(!isRoot)('a full file system (tiny tmpfs, root only): refused before the run', () => {
    const dir = tmpfs('full', 'size=16k');
    expect(dir).not.toBeNull();
    try { writeFileSync(join(dir!, 'filler'), Buffer.alloc(64 * 1024)); } catch { /* ENOSPC: now it is full */ }
    const f = join(dir!, 'r.json');
    expectRefused(cli(...LONG_RUN, '--out', f), '--out', f, /no space left on device \(ENOSPC\): the file system of '.*' has 0 bytes free/);
  });
});

describe('writes are whole or not at all', () => {
  it('--out replaces an existing file atomically; no temporary file is left', () => {
    const out = join(tmp, 'replace.json');
    writeFileSync(out, 'old');
    const r = cli(...SMALL, '--json', '--out', out);
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(JSON.parse(r.stdout));
    noTemps(tmp);
  });

  it('/dev/stdout is written through the process\'s own descriptor: the report, then the summary', () => {
    const r = cli(...SMALL, '--out', '/dev/stdout'); // stdout is a socket here: opening /dev/stdout anew would fail (ENXIO)
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\{\n {2}"scenario": "factory-maintenance"[^]*\n\}\nfactory-maintenance {2}seed/);
    const file = join(tmp, 'redirected.txt'); // a shell redirect to a file: one offset shared, nothing overwritten
    const sh = spawnSync('bash', ['-c', `node cli/bin.mjs ${SMALL.join(' ')} --out /dev/stdout > ${file}`], { cwd: ROOT, encoding: 'utf8' });
    expect(sh.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(r.stdout);
  });

  it('--out /dev/full: the write fails after the run with one message (exit 1, no stack trace)', () => {
    const r = cli(...SMALL, '--out', '/dev/full');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('edgetwin: --out /dev/full: cannot write: no space left on device (ENOSPC)\n');
    expect(r.stdout).toBe('');
  });

  it.skipIf(!isRoot)('a disk that fills up mid-run (64 KiB tmpfs, root only): the run stops, the old file stays, no temporary file', () => {
    const dir = tmpfs('fills', 'size=64k');
    expect(dir).not.toBeNull();
    const trace = join(dir!, 't.jsonl');
    writeFileSync(trace, 'the previous trace\n');
    const r = cli(...LONG_RUN, '--trace', trace);
    expect(r.error).toBeUndefined(); // stopped at the first failed write, not after 6 simulated hours
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`edgetwin: --trace ${trace}: cannot write: no space left on device (ENOSPC); '${trace}' was left as it was\n`);
    expect(readFileSync(trace, 'utf8')).toBe('the previous trace\n');
    expect(readdirSync(dir!)).toEqual(['t.jsonl']);
  });

  it('a signal during a --trace run removes the unfinished file (and the process dies by that signal)', async () => {
    const dir = join(tmp, 'signal');
    mkdirSync(dir);
    const trace = join(dir, 't.jsonl');
    const child = spawn('node', ['cli/bin.mjs', ...LONG_RUN, '--trace', trace], { cwd: ROOT, stdio: 'ignore' });
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    // Wait until the temporary file exists and has grown past its header: the run is under way.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const temps = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
      if (temps.length === 1 && readFileSync(join(dir, temps[0]!)).length > 1 << 20) break;
      if (Date.now() > deadline) throw new Error('the traced run never started writing');
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGTERM');
    expect(await ended).toEqual({ code: null, signal: 'SIGTERM' });
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(trace)).toBe(false);
  }, 90_000);
});
