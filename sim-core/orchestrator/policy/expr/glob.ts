/**
 * Glob matching for the `matches` operator: `*` any run of characters, `?` exactly one,
 * `\*` `\?` `\\` literals. No regex, no backtracking beyond the greedy leftmost search of each
 * segment, so the cost is bounded by O(text × pattern) and never explodes on hostile input.
 */

/** A compiled glob: literal segments between stars; `?` inside a segment is a one-char wildcard. */
export interface Glob {
  /** Segments between `*`; each is an array of chars where `null` means `?`. */
  segments: (string | null)[][];
}

/** Compiles a glob pattern; throws on a dangling backslash. */
export function compileGlob(pattern: string): Glob {
  const segments: (string | null)[][] = [[]];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const e = pattern[i + 1];
      if (e === undefined) throw new Error(`glob ${JSON.stringify(pattern)} ends with a lone backslash`);
      segments[segments.length - 1]!.push(e);
      i++;
    } else if (c === '*') segments.push([]);
    else if (c === '?') segments[segments.length - 1]!.push(null);
    else segments[segments.length - 1]!.push(c);
  }
  return { segments };
}

/** True when the whole of `text` matches the glob. */
export function globMatch(g: Glob, text: string): boolean {
  const segs = g.segments;
  if (segs.length === 1) return segs[0]!.length === text.length && segAt(segs[0]!, text, 0);
  const first = segs[0]!;
  const last = segs[segs.length - 1]!;
  if (first.length + last.length > text.length) return false;
  if (!segAt(first, text, 0)) return false;
  const tailStart = text.length - last.length;
  if (!segAt(last, text, tailStart)) return false;
  // Middle segments: leftmost match of each is optimal because `*` can absorb any gap.
  let at = first.length;
  for (let s = 1; s < segs.length - 1; s++) {
    const seg = segs[s]!;
    let found = -1;
    for (let i = at; i + seg.length <= tailStart; i++) {
      if (segAt(seg, text, i)) { found = i; break; }
    }
    if (found < 0) return false;
    at = found + seg.length;
  }
  return true;
}

function segAt(seg: (string | null)[], text: string, at: number): boolean {
  for (let j = 0; j < seg.length; j++) {
    const c = seg[j];
    if (c !== null && text[at + j] !== c) return false;
  }
  return true;
}
