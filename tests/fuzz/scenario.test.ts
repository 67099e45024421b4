/**
 * Seeded fuzz of the shipped scenarios (issue 14): each case mutates one of scenarios/*.yaml —
 * its structure (deleted, duplicated, retyped fields, extreme numbers, bad references), its text
 * (tabs, indentation, quotes, aliases, deep nesting, truncation) or a --set flag — and parses and
 * runs it in process, capped at FUZZ_UNTIL_MS simulated and an event budget. Every input must be
 * refused with located issues or run to a sane report. A failure prints its seed, case and
 * input; FUZZ_SEED / FUZZ_CASES / FUZZ_CASE rerun other seeds, more cases or one case.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ScenarioCase } from './support/checks.ts';
import { shippedScenarios, type Seed } from './support/corpus.ts';
import { allPaths, EXTREME_NUMBERS, EXTREME_STRINGS, mutateValue } from './support/mutate-value.ts';
import { aliasBomb, deepBlockNesting, mutateText } from './support/mutate-text.ts';
import { cut, formatFailure, type FuzzFailure } from './support/oracle.ts';
import { caseRng, fuzzSettings, type Prng } from './support/prng.ts';
import { Sandbox } from './support/sandbox.ts';

const TEST_FILE = 'tests/fuzz/scenario.test.ts';
const { seed, cases } = fuzzSettings(1402, 240);
const seeds = shippedScenarios();
/** large-fabric expands to ~10k nodes: it costs ~20× the others, so it is drawn less often. */
const weighted: Seed[] = seeds.flatMap((s) => (s.name === 'large-fabric' ? [s] : [s, s, s, s]));

interface Case { source: Seed; what: string; text: string; sets?: string[] }

/** `a.b[2].c` (keys with dots or brackets quoted) for --set. */
function setPath(p: (string | number)[]): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : /^[\w-]+$/.test(k) ? `${i ? '.' : ''}${k}` : `["${k}"]`)).join('');
}

function makeCase(rng: Prng): Case {
  const source = rng.pick(weighted);
  const r = rng.next();
  if (r < 0.45) {
    const m = mutateValue(rng, source.value);
    return { source, what: m.what, text: stringify(m.value, { aliasDuplicateObjects: false }) };
  }
  if (r < 0.8) {
    const m = mutateText(rng, source.text);
    return { source, what: m.what, text: m.text };
  }
  const paths = allPaths(source.value).filter((p) => p.length > 1);
  const p = rng.pick(paths);
  const v = rng.chance(0.5) ? String(rng.pick(EXTREME_NUMBERS)) : rng.pick(EXTREME_STRINGS);
  const set = `${setPath(p)}=${v}`;
  return { source, what: `--set ${cut(set, 120)}`, text: source.text, sets: [set] };
}

/** Inputs named in issue 14 or found by earlier runs, checked before the random cases. */
function pinned(): Case[] {
  const s = seeds.find((x) => x.name === 'factory-maintenance')!;
  const svc = /services:\n\s+(?:- )?(?:id: )?([\w-]+)/.exec(s.text)?.[1];
  return [
    { source: s, what: 'alias bomb', text: `${aliasBomb()}\n${s.text}` },
    { source: s, what: '3,000 nested levels then a dedent', text: `${s.text}\nnested:\n${deepBlockNesting(3000).replace(/^/gm, '  ')}\n` },
    { source: s, what: 'an undefined alias', text: s.text.replace(/^(\s+duration:).*$/m, '$1 *nowhere') },
    { source: s, what: 'a tab in the indentation', text: s.text.replace(/\n {4}/, '\n\t') },
    ...(svc ? [{ source: s, what: 'cpuWork=1e308', text: s.text, sets: [`spec.services.${svc}.cpuWork=1e308`] }] : []),
  ];
}

const sandbox = new Sandbox<ScenarioCase>(new URL('./support/checks.ts', import.meta.url).href, 'scenarioCase', { maxHeapMb: 768, timeoutMs: 20_000 });
afterAll(() => sandbox.close());

describe(`scenario fuzz (seed ${seed}, ${cases.length} cases over ${seeds.map((s) => s.name).join(', ')})`, () => {
  it('every mutated scenario is refused with located issues or runs, capped, to a sane report', async () => {
    const failures: FuzzFailure[] = [];
    const tally: Record<string, number> = {};
    const inputs = [
      ...(process.env.FUZZ_CASE === undefined ? pinned().map((c, i) => ({ index: -1 - i, c })) : []),
      ...cases.map((index) => ({ index, c: makeCase(caseRng(seed, index)) })),
    ];
    for (const c of pinned()) expect(c.sets !== undefined || c.text !== c.source.text, `pinned input '${c.what}' changes nothing`).toBe(true);
    for (const { index, c } of inputs) {
      const { outcome, problems } = await sandbox.run({ text: c.text, file: c.source.file, ...(c.sets ? { sets: c.sets } : {}) });
      tally[outcome] = (tally[outcome] ?? 0) + 1;
      if (problems.length) {
        failures.push({ seed, index, source: c.source.name, what: c.what, problems, input: c.sets ? `${c.sets.join(' ')}\n(on ${c.source.file})` : c.text });
      }
    }
    for (const f of failures.slice(0, 12)) console.error(formatFailure(f, TEST_FILE));
    expect(failures.map((f) => cut(`case ${f.index} (${f.source}: ${f.what}): ${f.problems.join(' | ')}`, 400))).toEqual([]);
    if (cases.length >= 100) expect(tally.refused! > 0 && tally.ran! > 0).toBe(true); // both outcomes exercised
  });
});
