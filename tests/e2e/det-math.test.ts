/**
 * sim-core/des/det-math.ts gives the same bits in Chromium as in Node: a few thousand inputs
 * (random bit patterns, sampler-like values, near multiples of π/2, huge, subnormal, special
 * values; pairs for pow and hypot), evaluated by the Vite bundle of support/det-math-entry.ts in
 * headless Chromium and by the same module in this process. The engines' own Math.* are
 * evaluated too, and how often they disagree is printed: that is the difference det-math exists
 * to remove. Chromium is installed by apt-get when missing; the suite is skipped (with the
 * reason) only if that install fails.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleBrowserEntry, removeBundle, type BrowserBundle } from './support/bundle.ts';
import { ensureChromium, launchChromium, openPage, type WatchedPage } from './support/chromium.ts';
import { evaluateDetMath, type DetMathInputs, type DetMathOutputs } from './support/det-math-entry.ts';
import { waitForBundle } from './support/edgetwin-page.ts';
import { serveDirectory, type StaticServer } from './support/static-server.ts';

const ENTRY = join(import.meta.dirname, 'support/det-math-entry.ts');

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);
const hex = (x: number): string => {
  F64[0] = x;
  return U64[0]!.toString(16).padStart(16, '0');
};

/** Deterministic inputs (a fixed xorshift32 stream), as bit patterns. */
function inputs(): DetMathInputs {
  let state = 0x2545f491;
  const next32 = () => { state ^= state << 13; state ^= state >>> 17; state ^= state << 5; return state >>> 0; };
  const unit = () => next32() / 4294967296;
  const bitsOf = () => { U64[0] = (BigInt(next32()) << 32n) | BigInt(next32()); return F64[0]!; };
  const logUniform = (lo: number, hi: number) => lo * (hi / lo) ** unit();
  const special = [0, -0, Infinity, -Infinity, NaN, 5e-324, 2.2250738585072014e-308, 1, -1, 0.5, 2, 10, 1e22, 709.782712893384,
    -745.1332191019411, Math.PI / 2, Math.PI, 1e300, -1e300, 6381956970095103 * 2 ** 797];
  const gens: (() => number)[] = [
    bitsOf, unit, () => 1 - unit(), () => -Math.log(1 - unit()), () => unit() * 1500 - 750,
    () => Math.round((unit() - 0.5) * 2e6) * (Math.PI / 2) * (1 + (unit() - 0.5) * 1e-15),
    () => logUniform(1e6, 1e300), () => -logUniform(1e-300, 1), () => unit() * 2.2250738585072014e-308,
    () => 1 + (unit() - 0.5) * 2 ** -20,
  ];
  const unary = [...special];
  for (const g of gens) for (let i = 0; i < 400; i++) unary.push(g());
  const pairGens: (() => [number, number])[] = [
    () => [bitsOf(), bitsOf()], () => [unit() * 10, unit() * 100 - 50], () => [-unit() * 10, (next32() % 201) - 100],
    () => [1 + (unit() - 0.5) * 1e-6, (unit() - 0.5) * 1e12], () => [-Math.log(1 - unit()), 1 / (0.2 + unit() * 5)],
    () => [logUniform(1e-300, 1e300), unit() * 4 - 2],
  ];
  const binary: [number, number][] = special.flatMap((a) => special.map((b) => [a, b] as [number, number]));
  for (const g of pairGens) for (let i = 0; i < 400; i++) binary.push(g());
  return { unary: unary.map(hex), binary: binary.map(([a, b]) => [hex(a), hex(b)]) };
}

type PageGlobals = { edgetwin?: { evaluateDetMath: typeof evaluateDetMath } };

const unavailable = ensureChromium();
if (unavailable) console.warn(`[e2e/det-math] SKIPPED: ${unavailable}`);

let bundle: BrowserBundle;
let server: StaticServer;
let browser: Browser;
let tab: WatchedPage;

describe.skipIf(unavailable !== '')('det-math: the same bits in Chromium and in Node', () => {
  const given = inputs();
  let node: DetMathOutputs;
  let page: DetMathOutputs;

  beforeAll(async () => {
    bundle = await bundleBrowserEntry(ENTRY);
    server = await serveDirectory(bundle.dir);
    browser = await launchChromium();
    tab = await openPage(browser, server.origin);
    await waitForBundle(tab.page);
    node = evaluateDetMath(given);
    page = await tab.page.evaluate((i) => (globalThis as unknown as PageGlobals).edgetwin!.evaluateDetMath(i), given);
  });
  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await server?.close();
    if (bundle?.dir) removeBundle(bundle.dir);
  });

  it('evaluates thousands of inputs per function', () => {
    expect(given.unary.length).toBeGreaterThan(4000);
    expect(given.binary.length).toBeGreaterThan(2500);
    expect(Object.keys(page.det).sort()).toEqual(['cos', 'exp', 'hypot', 'log', 'log10', 'log1p', 'pow', 'sin', 'tan']);
  });

  it.each(['log', 'log1p', 'log10', 'exp', 'sin', 'cos', 'tan', 'pow', 'hypot'])('%s: identical bits', (name) => {
    const differing = page.det[name]!.flatMap((bits, i) => (bits === node.det[name]![i] ? [] : [i]));
    expect(differing.slice(0, 5).map((i) => ({ input: name === 'pow' || name === 'hypot' ? given.binary[i] : given.unary[i], chromium: page.det[name]![i], node: node.det[name]![i] }))).toEqual([]);
    expect(page.det[name]).toEqual(node.det[name]);
    const engineDiffs = page.engine[name]!.filter((bits, i) => bits !== node.engine[name]![i]).length;
    console.info(`[e2e/det-math] ${name}: Chromium's and Node's own Math.${name} differ on ${engineDiffs} of ${page.engine[name]!.length} inputs; det-math on none`);
    expect(tab.errors).toEqual([]);
    expect(tab.foreignRequests).toEqual([]);
  });
});
