/**
 * What the verdicts of an experiment mean together. Each verdict is a paired t test at 95 % on
 * its own; an experiment makes one per metric × variant × sweep point × fault set, so without a
 * correction about 1 in 20 comparisons where nothing differs still shows better/worse. The note
 * says which case a result is in, for the terminal and the HTML report.
 */
import type { ExperimentResult } from './result.ts';
import { holmAdjust, type Correction } from './stats/index.ts';

/** The comparisons of a result taken as one family. */
export interface ComparisonFamily {
  correction: Correction;
  /** Comparisons with at least two seed pairs (a test was made). */
  tests: number;
  /** Of those, how many are significant at 95 % on their own (p < 0.05). */
  uncorrected: number;
  /** Of those, how many remain significant after Holm's correction over the family. */
  underHolm: number;
}

/** Counts a result's comparisons and what Holm's correction does to them (pure). */
export function comparisonFamily(result: Pick<ExperimentResult, 'meta' | 'cells'>): ComparisonFamily {
  const tested = result.cells.flatMap((c) => Object.values(c.vsBaseline)).filter((cmp) => cmp.n >= 2);
  const p = tested.map((cmp) => cmp.pValue);
  return {
    correction: result.meta.correction ?? 'none',
    tests: tested.length,
    uncorrected: p.filter((x) => x < 0.05).length,
    underHolm: holmAdjust(p).filter((x) => x < 0.05).length,
  };
}

/** One paragraph on multiple comparisons: what the verdicts control, and the option. */
export function multipleComparisonsNote(result: Pick<ExperimentResult, 'meta' | 'cells'>): string {
  const f = comparisonFamily(result);
  if (f.tests === 0) return 'No paired comparisons with two or more seeds: no verdicts to correct.';
  const family = `${f.tests} comparison${f.tests === 1 ? '' : 's'} (metrics × variants × sweep points × fault sets)`;
  if (f.correction === 'holm') {
    return `Verdicts corrected for multiple comparisons with Holm–Bonferroni over the ${family}: better/worse only where the adjusted p is below 0.05, so the chance of any false better/worse verdict in the whole experiment is at most 5 %. ${f.underHolm} of the ${f.uncorrected} uncorrected better/worse verdicts remain.`;
  }
  return `Each verdict is a paired t test at 95 % on its own, with no correction across the ${family}: where nothing differs, about 1 comparison in 20 still shows better/worse by chance. ${f.uncorrected} are better/worse; ${f.underHolm} would remain under Holm–Bonferroni (spec.correction: holm, or compare --correction holm).`;
}
