/**
 * Calls into the bundled browser-entry.ts from the test process. The page exposes the module as
 * `globalThis.edgetwin` (static-server.ts INDEX_HTML); the functions passed to page.evaluate
 * touch nothing but that global, because they are serialized into the page as source text.
 */
import type { Page } from 'playwright-core';
import type { RunInput } from '../../../sim-core/whatif/simulate-run.ts';
import type * as Entry from './browser-entry.ts';
import type { ScenarioRunOutcome, ScenarioRunRequest } from './run-scenario.ts';

type PageGlobals = { edgetwin?: typeof Entry; edgetwinLoadError?: string };

/** Waits until the page imported the bundle; throws with the page's import error if it failed. */
export async function waitForBundle(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const g = globalThis as unknown as PageGlobals;
    return g.edgetwin !== undefined || g.edgetwinLoadError !== undefined;
  });
  const error = await page.evaluate(() => (globalThis as unknown as PageGlobals).edgetwinLoadError ?? '');
  if (error) throw new Error(`the page could not import the bundle: ${error}`);
}

/** runScenarioText in the page's main thread. */
export function runScenarioInPage(page: Page, req: ScenarioRunRequest): Promise<ScenarioRunOutcome> {
  return page.evaluate((r) => (globalThis as unknown as PageGlobals).edgetwin!.runScenarioText(r), req);
}

/** runOnBrowserPool in the page: `inputs` through the 'simulate' job on a fresh pool of `size` Web Workers. */
export function runOnPoolInPage(page: Page, inputs: RunInput[], size: number): ReturnType<typeof Entry.runOnBrowserPool> {
  return page.evaluate(([i, s]) => (globalThis as unknown as PageGlobals).edgetwin!.runOnBrowserPool(i, s), [inputs, size] as const);
}
