/** The README test's parser and matcher: they must find what is there and refuse what is not. */
import { describe, expect, it } from 'vitest';
import { aptPackages, consoleSteps, expectedExit, linePattern, missingLines, parseBlocks, shellCommands, validateTarget } from './readme-blocks.ts';

const DOC = [
  '# t', '', '<!-- readme-test -->', '```sh', 'npx edgetwin run a.yaml   # comment', '', '# only a comment', 'npx edgetwin run b.yaml \\', '    --seed 2', '```',
  'text', '```ts', 'console.log(1)', '```', '<!-- readme-test: exit 2 -->', '```console', '$ npx edgetwin validate x.yaml', 'x.yaml:1:1: … bad', '…', 'done', '```',
  '<!-- readme-test: validate my.yaml -->', '```yaml', 'kind: Policy', '```', '- inline ```` ```ts ```` is not a fence',
].join('\n');

describe('parseBlocks', () => {
  it('finds fenced blocks with language, line and marker; inline backticks are not fences', () => {
    const b = parseBlocks(DOC);
    expect(b.map((x) => [x.lang, x.line, x.marker])).toEqual([['sh', 4, ''], ['ts', 12, null], ['console', 16, 'exit 2'], ['yaml', 23, 'validate my.yaml']]);
    expect(b[1]!.body).toBe('console.log(1)');
  });

  it('reads commands, continuations, exit codes and validate targets', () => {
    const [sh, , con, yaml] = parseBlocks(DOC);
    expect(shellCommands(sh!.body)).toEqual(['npx edgetwin run a.yaml   # comment', 'npx edgetwin run b.yaml      --seed 2']);
    expect(consoleSteps(con!.body)).toEqual([{ command: 'npx edgetwin validate x.yaml', expected: ['x.yaml:1:1: … bad', '…', 'done'] }]);
    expect([expectedExit(sh!.marker), expectedExit(con!.marker)]).toEqual([0, 2]);
    expect([validateTarget(yaml!.marker), validateTarget(sh!.marker)]).toEqual(['my.yaml', null]);
  });
});

describe('missingLines', () => {
  const out = 'header\ntraffic          0          —    35,990     0\nnote  traffic completed no message\nstatus     APPROVABLE: every gate passed\n';
  it('accepts shown lines in order, with any spacing and … for any text', () => {
    expect(missingLines(['traffic 0 — … 0', '…', 'status APPROVABLE: every gate passed'], out)).toEqual([]);
    expect(linePattern('a … (b)').test('a 1 2 (b)')).toBe(true);
  });

  it('reports a line that is absent, altered or out of order', () => {
    expect(missingLines(['traffic 1 — … 0'], out)).toEqual(['traffic 1 — … 0']);
    expect(missingLines(['status APPROVABLE: every gate passed', 'traffic 0 — … 0'], out)).toEqual(['traffic 0 — … 0']);
    // A shown line must match a whole output line, not a piece of one.
    expect(missingLines(['completed no message'], out)).toEqual(['completed no message']);
    // Regex characters in shown text are literal.
    expect(missingLines(['note .* message'], out)).toEqual(['note .* message']);
  });
});

describe('aptPackages', () => {
  it('finds packages in install calls, not in messages about them', () => {
    const src = "execSync('apt-get install -y chromium', { stdio: 'ignore' });\nconst m = `apt-get install -y chromium did not provide ${x}`;\nspawnSync(`apt-get install -y --no-install-recommends mosquitto prometheus`);";
    expect(aptPackages([src])).toEqual(['chromium', 'mosquitto', 'prometheus']);
  });
  it('finds the package (not the binary) named to ensureDebianPackage', () => {
    const src = "ensureDebianPackage('prometheus-node-exporter', 'prometheus-node-exporter');\nensureDebianPackage(\n  'node_exporter', 'prometheus-node-exporter');\nensureDebianPackage('mosquitto_pub', 'mosquitto-clients');";
    expect(aptPackages([src])).toEqual(['mosquitto-clients', 'prometheus-node-exporter']);
  });
});
