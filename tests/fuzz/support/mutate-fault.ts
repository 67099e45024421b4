/**
 * Mutations of `--fault` specs (node:<id>@<at>[+<for>], link:<a>~<b>@…[:latency=x3,…], …):
 * characters deleted, separators added or doubled, kinds and keys swapped or misspelt, times and
 * factors replaced by extreme numbers, truncation, whitespace and unicode.
 */
import type { Prng } from './prng.ts';

/** A mutated spec and what was done to it. */
export interface FaultMutation { spec: string; what: string }

const SEPARATORS = ['@', '+', ':', '~', '=', ',', ' ', '\t', '@@', '++', '::'];
const KINDS = ['node', 'link', 'partition', 'control-plane', 'power', 'Node', 'nod', 'links', '', 'cpu'];
const TIMES = ['0s', '0', '-1s', '1e308h', '99999999999999999999999h', '1.5s', '1h30m', '1m1m', 'NaN', 'Infinity', '', '10', '5 m', '1d', '1ms', '0.0001ms', '2147483648s'];
const FACTORS = ['x3', 'x0', 'x0.0', 'x-1', 'x1e308', `x${'9'.repeat(400)}`, `x0.${'0'.repeat(330)}1`, `x0.${'0'.repeat(300)}1`, 'x', '3', 'xNaN', 'x.5', 'x5.', 'x0.1'];
const LOSSES = ['0.05', '1', '0.999999', '-0.1', '1e-300', 'NaN', '', '5e-324', '0x1', '.5'];
const KEYS = ['latency', 'bandwidth', 'loss', 'latancy', 'Bandwidth', '', 'cpu'];

const OPS: Record<string, (rng: Prng, s: string) => FaultMutation> = {
  deleteChar(rng, s) { const i = rng.int(s.length); return { spec: s.slice(0, i) + s.slice(i + 1), what: `delete character ${i}` }; },
  insertSeparator(rng, s) {
    const i = rng.int(s.length + 1), sep = rng.pick(SEPARATORS);
    return { spec: s.slice(0, i) + sep + s.slice(i), what: `insert ${JSON.stringify(sep)} at ${i}` };
  },
  swapKind(rng, s) { const k = rng.pick(KINDS); return { spec: s.replace(/^[^:@]*/, k), what: `kind → ${JSON.stringify(k)}` }; },
  extremeTime(rng, s) {
    const t = rng.pick(TIMES);
    return rng.chance(0.5)
      ? { spec: s.replace(/@[^+:]*/, `@${t}`), what: `at → ${JSON.stringify(t)}` }
      : { spec: /\+/.test(s) ? s.replace(/\+[^:]*/, `+${t}`) : s.replace(/(@[^:]*)/, `$1+${t}`), what: `for → ${JSON.stringify(t)}` };
  },
  degradeOptions(rng, s) {
    const opts = Array.from({ length: 1 + rng.int(3) }, () => {
      const k = rng.pick(KEYS);
      return `${k}=${k === 'loss' ? rng.pick(LOSSES) : rng.pick(FACTORS)}`;
    }).join(',');
    const base = s.replace(/:(latency|bandwidth|loss)=.*$/, '');
    return { spec: `${base}:${opts}`, what: `options → ${JSON.stringify(opts.length > 80 ? `${opts.slice(0, 80)}…` : opts)}` };
  },
  target(rng, s) {
    const t = rng.pick(['', '~', 'a~', '~b', 'a~b~c', 'x'.repeat(300), 'ü', 'a b', 'a@b', 'edge-1']);
    return { spec: s.replace(/^([^:@]*:)[^@]*/, `$1${t}`), what: `target → ${JSON.stringify(t.length > 40 ? `${t.slice(0, 40)}…` : t)}` };
  },
  truncate(rng, s) { const i = rng.int(s.length + 1); return { spec: s.slice(0, i), what: `truncate at ${i}` }; },
  whitespace(rng, s) { const w = rng.pick([' ', '\n', '\u00a0', '\u200b']); return { spec: rng.chance(0.5) ? `${w}${s}${w}` : s.replace('@', `${w}@${w}`), what: `whitespace ${JSON.stringify(w)}` }; },
};

/** One to three mutations of `spec`. */
export function mutateFault(rng: Prng, spec: string): FaultMutation {
  let s = spec;
  const what: string[] = [];
  if (s.startsWith('link:') && rng.chance(0.4)) { const m = OPS.degradeOptions!(rng, s); s = m.spec; what.push(m.what); }
  for (let n = 1 + rng.int(3); n > 0; n--) {
    const m = OPS[rng.pick(Object.keys(OPS))]!(rng, s);
    s = m.spec;
    what.push(m.what);
  }
  return { spec: s, what: what.join('; ') };
}
