/**
 * The README's examples as data (tests only): fenced blocks with their language, line and
 * `<!-- readme-test … -->` marker; the commands of a shell block; the commands and expected
 * output of a console block; and the matcher for shown output ("…" = any text). The convention
 * is described in the README's "This README is tested" section.
 */

/** One fenced block of the README. */
export interface Block {
  /** Info string's first word: 'ts', 'sh', 'console', 'yaml', '' … */
  lang: string;
  /** 1-based line of the opening fence. */
  line: number;
  body: string;
  /** The marker on the line before the fence: null when absent, else its argument ('' for a bare marker). */
  marker: string | null;
}

const MARKER = /^<!--\s*readme-test(?::\s*(.*?))?\s*-->$/;

/** Every top-level fenced block (fences at column 0), in order. */
export function parseBlocks(text: string): Block[] {
  const lines = text.split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)/.exec(lines[i]!);
    if (!open) continue;
    let j = i + 1;
    while (j < lines.length && !/^```\s*$/.test(lines[j]!)) j++;
    const m = i > 0 ? MARKER.exec(lines[i - 1]!.trim()) : null;
    out.push({ lang: open[1]!, line: i + 1, body: lines.slice(i + 1, j).join('\n'), marker: m ? (m[1] ?? '') : null });
    i = j;
  }
  return out;
}

/** Commands of a shell block: one per line, `\` continuations joined, blank and comment-only lines skipped. */
export function shellCommands(body: string): string[] {
  const out: string[] = [];
  let acc = '';
  for (const raw of body.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (acc === '' && (line.trim() === '' || line.trim().startsWith('#'))) continue;
    if (line.endsWith('\\')) { acc += `${line.slice(0, -1)} `; continue; }
    out.push((acc + line).trim());
    acc = '';
  }
  if (acc.trim()) out.push(acc.trim());
  return out;
}

/** A console block's steps: `$ command` and the output lines shown under it. */
export interface ConsoleStep { command: string; expected: string[] }

/** Splits a console block into commands and their shown output. */
export function consoleSteps(body: string): ConsoleStep[] {
  const steps: ConsoleStep[] = [];
  for (const line of body.split('\n')) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2).trim(), expected: [] });
    else if (steps.length && line.trim() !== '') steps.at(-1)!.expected.push(line);
  }
  return steps;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A shown line as a pattern over a real line: spacing is not compared, "…" stands for any text. */
export function linePattern(shown: string): RegExp {
  const parts = squash(shown).split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`);
}

/**
 * The shown lines that do not appear, in order, among the output's lines; [] when all do. A line
 * of just "…" stands for any number of lines and is not looked for.
 */
export function missingLines(shown: readonly string[], output: string): string[] {
  const lines = output.split('\n').map(squash);
  const missing: string[] = [];
  let at = 0;
  for (const s of shown) {
    if (squash(s) === '…') continue;
    const re = linePattern(s);
    const k = lines.findIndex((l, i) => i >= at && re.test(l));
    if (k < 0) missing.push(s);
    else at = k + 1;
  }
  return missing;
}

/** The expected exit code of a block's last command from its marker ("exit 2" → 2), 0 by default. */
export function expectedExit(marker: string | null): number {
  const m = /\bexit\s+(\d+)/.exec(marker ?? '');
  return m ? Number(m[1]) : 0;
}

/** The file a yaml block is saved as and validated under ("validate my-site.yaml" → "my-site.yaml"), or null. */
export function validateTarget(marker: string | null): string | null {
  return /^validate\s+(\S+)$/.exec(marker ?? '')?.[1] ?? null;
}

/** The packages the test code installs: `execSync('apt-get install -y chromium …')` and the like → ['chromium', …]. */
export function aptPackages(sources: readonly string[]): string[] {
  const out = new Set<string>();
  for (const src of sources) {
    for (const m of src.matchAll(/(?:exec|execSync|execFileSync|spawn|spawnSync)\(\s*['"`](?:sudo\s+)?apt-get\s+install\s+([^'"`]+)['"`]/g)) {
      for (const p of m[1]!.trim().split(/\s+/)) if (!p.startsWith('-')) out.add(p);
    }
    // The live tests' helper: ensureDebianPackage(binary, package) installs `package` when `binary` is missing.
    for (const m of src.matchAll(/ensureDebianPackage\(\s*['"`][^'"`]+['"`]\s*,\s*['"`]([^'"`]+)['"`]/g)) out.add(m[1]!);
  }
  return [...out].sort();
}
