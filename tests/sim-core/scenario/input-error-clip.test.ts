/** Error messages quote the offending value, cut short when it is long (found by the fuzz tests). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../sim-core/text/input-error.ts';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';

describe('InputError', () => {
  it('cuts quoted values over 80 characters and says how long they were', () => {
    const e = new InputError([{ file: 'a.yaml', line: 3, col: 5, path: 'spec.x', message: `expected a whole number, got '16${'y'.repeat(200_000)}'` }]);
    expect(e.message).toMatch(/^a\.yaml:3:5: spec\.x: expected a whole number, got '16y+… \(200,033 characters\)$/);
    expect(e.message.length).toBeLessThan(1_000);
    expect(e.issues[0]!.message.length).toBeLessThanOrEqual(810);
    const short = new InputError([{ file: 'a.yaml', line: 1, col: 1, path: 'p', message: "got 'abc'" }]);
    expect(short.message).toBe("a.yaml:1:1: p: got 'abc'");
  });

  it('a scenario with a 200k-character value gets a short located message', () => {
    const shipped = readFileSync(join(import.meta.dirname, '../../../scenarios/factory-maintenance.yaml'), 'utf8');
    const line = shipped.split('\n').findIndex((l) => /^\s+duration:/.test(l)) + 1;
    const text = shipped.replace(/^(\s+duration:\s*)(\S+)/m, (_, k: string, v: string) => `${k}${v}${'z'.repeat(200_000)}`);
    let msg = '';
    try { parseScenario(text, 'x.yaml'); } catch (e) { expect(e).toBeInstanceOf(InputError); msg = (e as Error).message; }
    expect(line).toBeGreaterThan(0);
    expect(msg).toMatch(new RegExp(`^x\\.yaml:${line}:\\d+: `));
    expect(msg.length).toBeLessThan(1_000);
  });
});
