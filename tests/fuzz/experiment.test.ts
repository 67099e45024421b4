/**
 * Seeded fuzz of the shipped experiments (issue 14): each case mutates one of
 * scenarios/experiments/*.yaml (structure or text, as in scenario.test.ts) and prepares it in
 * process (in a worker with a heap and time limit, so a case that exhausts either is reported,
 * not fatal). It must be refused with located issues, or validate to a run matrix of a bounded size
 * whose every run input parses; one run of it, capped at FUZZ_UNTIL_MS simulated and an event
 * budget, must reach a sane report. A failure prints its seed, case and input; FUZZ_SEED /
 * FUZZ_CASES / FUZZ_CASE rerun other seeds, more cases or one case.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ExperimentCase } from './support/checks.ts';
import { shippedExperiments, type Seed } from './support/corpus.ts';
import { mutateValue } from './support/mutate-value.ts';
import { mutateText } from './support/mutate-text.ts';
import { cut, formatFailure, type FuzzFailure } from './support/oracle.ts';
import { caseRng, fuzzSettings, type Prng } from './support/prng.ts';
import { Sandbox } from './support/sandbox.ts';

const TEST_FILE = 'tests/fuzz/experiment.test.ts';
const { seed, cases } = fuzzSettings(1403, 120);
const seeds = shippedExperiments().filter((s) => /^kind:\s*Experiment/m.test(s.text));

interface Case { source: Seed; what: string; text: string }

function makeCase(rng: Prng): Case {
  const source = rng.pick(seeds);
  if (rng.chance(0.6)) {
    const m = mutateValue(rng, source.value);
    return { source, what: m.what, text: stringify(m.value, { aliasDuplicateObjects: false }) };
  }
  const m = mutateText(rng, source.text);
  return { source, what: m.what, text: m.text };
}

/** Inputs named in issue 14, checked before the random cases. */
function pinned(): Case[] {
  const s = seeds.find((x) => x.name === 'fog-placement')!;
  return [
    { source: s, what: 'seeds: {count: 1000000}', text: s.text.replace(/seeds: \{[^}]*\}/, 'seeds: {count: 1000000, from: 1}') },
    { source: s, what: 'a sweep from 1e15 to 1e15+10 step 1', text: s.text.replace(/sweep:\n\s+path: (.*)\n\s+values: .*/, 'sweep:\n    path: $1\n    values: {from: 1000000000000000, to: 1000000000000010, step: 1}') },
  ];
}

const sandbox = new Sandbox<ExperimentCase>(new URL('./support/checks.ts', import.meta.url).href, 'experimentCase', { maxHeapMb: 768, timeoutMs: 20_000 });
afterAll(() => sandbox.close());

describe(`experiment fuzz (seed ${seed}, ${cases.length} cases over ${seeds.map((s) => s.name).join(', ')})`, () => {
  it('every mutated experiment is refused with located issues, or validates to a bounded matrix whose runs are sane', async () => {
    const failures: FuzzFailure[] = [];
    const tally: Record<string, number> = {};
    const inputs = [
      ...(process.env.FUZZ_CASE === undefined ? pinned().map((c, i) => ({ index: -1 - i, c })) : []),
      ...cases.map((index) => ({ index, c: makeCase(caseRng(seed, index)) })),
    ];
    for (const c of pinned()) expect(c.text !== c.source.text, `pinned input '${c.what}' changes nothing`).toBe(true);
    for (const { index, c } of inputs) {
      const { outcome, problems } = await sandbox.run({ text: c.text, file: c.source.file, runSeed: (seed ^ 0x5eed) + index });
      tally[outcome] = (tally[outcome] ?? 0) + 1;
      if (problems.length) failures.push({ seed, index, source: c.source.name, what: c.what, problems, input: c.text });
    }
    for (const f of failures.slice(0, 12)) console.error(formatFailure(f, TEST_FILE));
    expect(failures.map((f) => cut(`case ${f.index} (${f.source}: ${f.what}): ${f.problems.join(' | ')}`, 400))).toEqual([]);
    if (cases.length >= 100) expect(tally.refused! > 0 && tally.ran! > 0).toBe(true); // both outcomes exercised
  });
});
