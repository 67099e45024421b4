/**
 * "Did you mean …?" suggestions for misspelt keys and ids (Levenshtein edit distance).
 */

/** Edit distance (insert, delete, substitute; each costs 1) between a and b. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Edit distance between a and b when it is at most `max`; any number above `max` otherwise
 * (it stops as soon as every entry of a row exceeds `max`, and skips b when the lengths alone
 * differ by more). Equal to levenshtein(a, b) whenever that is ≤ max.
 */
export function levenshteinWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The closest candidate within a distance of 1 for words of up to 3 letters, else max(2, a
 * third of the word), case-insensitively;
 * ties go to the earlier candidate. Undefined when nothing is close enough to be a typo.
 * Distances are computed only as far as they could still win, so a pasted megabyte against ten
 * thousand ids costs a length comparison each.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const limit = word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3));
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    // Only a distance ≤ limit is returned, and only one below the best so far replaces it.
    const bound = Math.min(limit, bestDistance - 1);
    if (bound < 0) break;
    const d = levenshteinWithin(w, c.toLowerCase(), bound);
    if (d <= bound) { best = c; bestDistance = d; }
  }
  return best;
}

/** "; did you mean 'x'?" or "" — ready to append to a message. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : `; did you mean '${c}'?`;
}

/** "a, b, c" or "a, b, c… (N in all)" for long lists, so messages stay one line. */
export function listSome(items: readonly string[], max = 8): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')}… (${items.length} in all)`;
}
