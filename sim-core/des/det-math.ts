/**
 * Deterministic elementary functions: the same bits for the same input on every JS engine, so
 * a scenario and seed give one trace hash in Node and in any browser. Engines are free to
 * implement Math.log, Math.exp, Math.sin, Math.pow, ... with any libm (Chromium 156 moved to
 * LLVM's, which differs from Node 20 in last bits); these are pure-JS ports of fdlibm 5.3 as V8's
 * src/base/ieee754.cc has it, built on IEEE + - * / only, which every engine rounds alike.
 * On Node 20 each returns exactly the bits of the Math function it replaces, so pinned trace
 * hashes are unchanged. Math.sqrt, Math.abs, Math.floor & co. are exact by specification and
 * stay as they are. sim-core/ uses these instead of Math's (tests/sim-core/des/det-math-lint.test.ts).
 */
export { exp, log, log1p, log10 } from './det-math-exp-log.ts';
export { cos, sin, tan } from './det-math-trig.ts';
export { pow } from './det-math-pow.ts';
export { hypot } from './det-math-hypot.ts';
