/**
 * The scenario editor in headless Chromium, used as a person would: through roles, names and the
 * keyboard. A harness page (harness/) mounts the lazily loaded editor with the real session
 * worker on metro-operations. A misspelt key must show at its line:col with the parser's
 * did-you-mean; Apply with problems leaves the scene; Undo, Ctrl-Enter, completion, hover, Open
 * file…, drops, a scenario loaded over unapplied edits, Tab order and the light theme follow.
 * Screenshots go to .tmp/editor-e2e/ (look at them).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium, launchChromium } from '../../e2e/support/chromium.ts';
import { buildHarness, HARNESS_PAGE, removeHarness } from './harness/build-harness.ts';
import { serveHarness, type HarnessServer } from './harness/serve-harness.ts';

const ROOT = join(import.meta.dirname, '../../..');
const SHOTS = join(ROOT, '.tmp/editor-e2e');
const METRO = readFileSync(join(ROOT, 'scenarios/metro-operations.yaml'), 'utf8');

type Harness = { appStore: { getState(): { scenarioName: string; scenarioText: string } }; ready: Promise<boolean>; loadShipped(name: string): Promise<boolean>; editorText(): string | null };
const scenarioName = (page: Page) => page.evaluate(() => (globalThis as unknown as { harness: Harness }).harness.appStore.getState().scenarioName);
const editorText = (page: Page) => page.evaluate(() => (globalThis as unknown as { harness: Harness }).harness.editorText());

const unavailable = ensureChromium();
if (unavailable) console.warn(`[app/editor e2e] SKIPPED: ${unavailable}`);

let dir = '';
let server: HarnessServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

/** Selects the first match of `text` with the search panel (Ctrl-F, Enter, Escape), leaving it selected. */
async function find(text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Scenario YAML' }).focus();
  await page.keyboard.press('Control+f');
  const field = page.getByRole('textbox', { name: 'Find' });
  await field.waitFor();
  // Typed, not filled: the search panel reads its field on key events.
  await page.keyboard.press('Control+a');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(text);
}

describe.skipIf(unavailable !== '')('scenario editor in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = await buildHarness();
    server = await serveHarness(dir, HARNESS_PAGE);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // Offline but for the page's own origin.
    await context.route('**/*', (route) => (route.request().url().startsWith(`${server.origin}/`) ? route.continue() : route.abort()));
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
    await page.goto(`${server.origin}/`);
    await page.getByRole('textbox', { name: 'Scenario YAML' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) removeHarness(dir);
  });

  it('opens on the loaded scenario, checked: valid', async () => {
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^valid · \d+ nodes$/ }).count()).toBe(1);
    expect(await editorText(page)).toContain('name: metro-operations');
    expect(await scenarioName(page)).toBe('metro-operations');
  });

  it('a misspelt key is reported at its line:col with the did-you-mean, as a diagnostic and in the problems list', async () => {
    await find('bandwidth: 10Gbps');
    await page.keyboard.type('bandwith: 10Gbps');
    const problems = page.getByRole('list', { name: 'Problems' });
    await problems.waitFor();
    const items = problems.getByRole('button');
    expect(await items.count()).toBe(1);
    expect(await items.first().innerText()).toMatch(/^80:67\s+spec\.links\[0\]\.bandwith: unknown field 'bandwith'; did you mean 'bandwidth'\?$/);
    expect(await page.getByRole('status').filter({ hasText: /problem/ }).innerText()).toBe('1 problem');
    // The underline covers the word, on line 80 at column 67 of the editor's text.
    const mark = page.locator('.cm-lintRange-error');
    expect(await mark.innerText()).toBe('bandwith');
    const where = await mark.evaluate((span) => {
      const line = span.closest('.cm-line')!;
      const lines = Array.from(document.querySelectorAll('.cm-content .cm-line'));
      let col = 1;
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n && !span.contains(n); n = walker.nextNode()) col += n.textContent!.length;
      const first = lines[0]!.textContent!;
      return { col, text: line.textContent, firstShown: first, index: lines.indexOf(line) };
    });
    expect(where.col).toBe(67);
    expect(where.text).toBe(METRO.split('\n')[79]!.replace('bandwidth', 'bandwith'));
    const gutter = page.locator('.cm-lineNumbers .cm-gutterElement', { hasText: /^80$/ });
    const [g, m] = [await gutter.boundingBox(), await mark.boundingBox()];
    expect(Math.abs(g!.y - m!.y)).toBeLessThan(8);
    await page.screenshot({ path: join(SHOTS, 'typo.png') });
  });

  it('Apply with a problem: not applied, the scene keeps metro-operations', async () => {
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('alert').filter({ hasText: 'Not applied' }).waitFor();
    expect(await scenarioName(page)).toBe('metro-operations');
    // The app's toast says so too; dismiss it (it sits over the problems list).
    const toast = page.locator('.toast.error', { hasText: 'the current scenario stays loaded' });
    await toast.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('clicking a problem puts the cursor on it; Undo fixes the typo; an edit and Ctrl-Enter apply', async () => {
    await page.getByRole('list', { name: 'Problems' }).getByRole('button').first().click();
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe('bandwith');
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('status').filter({ hasText: /^valid · \d+ nodes$/ }).waitFor();
    expect(await editorText(page)).toBe(METRO);
    await find('seed: 7');
    await page.keyboard.type('seed: 8');
    await page.getByRole('status').filter({ hasText: /^no problems$/ }).waitFor();
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => scenarioName(page)).toBe('custom');
    await page.getByRole('status').filter({ hasText: /^Applied/ }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { harness: Harness }).harness.appStore.getState().scenarioText)).toContain('seed: 8');
    expect(await page.getByRole('button', { name: 'Revert' }).isDisabled()).toBe(true);
  });

  it('completion offers the keys allowed here, with their descriptions; hover explains a field', async () => {
    await find('sampleEvery: 5s');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('mob');
    const option = page.getByRole('option', { name: /mobility/ });
    await option.waitFor();
    expect(await page.getByRole('option').count()).toBe(1);
    await page.locator('.cm-completionInfo').waitFor();
    expect(await page.locator('.cm-completionInfo').innerText()).not.toBe('');
    await page.screenshot({ path: join(SHOTS, 'completion.png') });
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Revert' }).click();
    expect(await editorText(page)).toContain('seed: 8');
    // Hover the key `sampleEvery`.
    await page.locator('.cm-line', { hasText: 'sampleEvery: 5s' }).locator('span', { hasText: /^sampleEvery$/ }).hover();
    const hover = page.locator('.cm-schema-hover');
    await hover.waitFor();
    expect(await hover.innerText()).toMatch(/^spec\.sampleEvery\s+string \| number\s+Sample period of time series/);
    await page.screenshot({ path: join(SHOTS, 'hover.png') });
    await page.mouse.move(5, 5);
  });

  it('Open file… with an Experiment: a clear message, nothing changes', async () => {
    const before = await editorText(page);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open file…' }).click();
    await (await chooser).setFiles({ name: 'experiment.yaml', mimeType: 'text/yaml', buffer: readFileSync(join(ROOT, 'scenarios/experiments/control-plane-partition.yaml')) });
    const alert = page.getByRole('alert').filter({ hasText: 'experiment.yaml was not opened' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('it is not a scenario (expected kind Scenario, got "Experiment"). Nothing changed.');
    expect(await editorText(page)).toBe(before);
    expect(await scenarioName(page)).toBe('custom');
  });

  it('a scenario with a mistake dropped on the editor opens with its problem; a binary dropped on the page is refused', async () => {
    const drop = (selector: string, name: string, bytes: number[]) => page.evaluate(([sel, n, b]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b as number[])], n as string));
      const target = document.querySelector(sel as string)!;
      for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, [selector, name, bytes] as const);
    await drop('.cm-content', 'typo.yaml', [...Buffer.from(METRO.replace('seed: 7', 'sed: 7'))]);
    await page.getByRole('list', { name: 'Problems' }).getByRole('button', { name: /unknown field 'sed'; did you mean 'seed'\?/ }).waitFor();
    expect(await page.locator('.scenario-editor-file').innerText()).toBe('typo.yaml');
    expect(await scenarioName(page)).toBe('custom');
    await drop('main', 'photo.png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    await page.locator('.toast.error', { hasText: 'photo.png was not opened: it is a binary file' }).waitFor();
    // Undo brings the text from before the drop back.
    await page.getByRole('button', { name: 'Undo' }).click();
    expect(await editorText(page)).toContain('seed: 8');
  });

  it('a scenario loaded over unapplied edits asks; keeping them keeps them, Revert then goes to the loaded one', async () => {
    await find('seed: 8');
    await page.keyboard.type('seed: 9');
    await page.evaluate(() => (globalThis as unknown as { harness: Harness }).harness.loadShipped('region-partition'));
    const ask = page.getByRole('alert').filter({ hasText: 'region-partition was loaded while you have unapplied edits here.' });
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Keep my edits' }).click();
    expect(await editorText(page)).toContain('seed: 9');
    await page.getByRole('button', { name: 'Revert' }).click();
    expect(await editorText(page)).toContain('name: region-partition');
    await page.getByRole('status').filter({ hasText: /^valid · \d+ nodes$/ }).waitFor();
  });

  it('everything is reachable by Tab; in the text Tab indents and Esc, Tab leaves', async () => {
    await page.getByRole('button', { name: 'Apply' }).focus();
    const names: string[] = [];
    // Up to the text (where Tab indents).
    for (let i = 0; i < 10 && names[names.length - 1] !== 'Scenario YAML'; i++) {
      if (i > 0) await page.keyboard.press('Tab');
      names.push(await page.evaluate(() => { const a = document.activeElement as HTMLElement; return a.getAttribute('aria-label') ?? a.textContent ?? ''; }));
    }
    // In this order, with whatever messages are showing in between (disabled buttons are skipped).
    const order = ['Apply', 'Undo', 'Find…', 'Open file…', 'Scenario YAML'].map((n) => names.indexOf(n));
    expect(order.every((at, k) => at >= 0 && (k === 0 || at > order[k - 1]!)), names.join(' → ')).toBe(true);
    const before = await editorText(page);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Scenario YAML');
    expect(await editorText(page)).not.toBe(before);
    await page.keyboard.press('Control+z');
    expect(await editorText(page)).toBe(before);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).not.toBe('Scenario YAML');
  });

  it('follows the light theme', async () => {
    const bg = () => page.locator('.cm-editor').evaluate((e) => getComputedStyle(e).backgroundColor);
    const dark = await bg();
    await page.getByRole('button', { name: 'Toggle theme' }).click();
    await expect.poll(bg).not.toBe(dark);
    await page.screenshot({ path: join(SHOTS, 'light.png') });
  });

  it('no page or console errors on the way', () => {
    expect(errors).toEqual([]);
    expect(server.notFound).toEqual([]);
  });
});
