/**
 * Golden runs: every shipped scenario, at its own seed, produces a pinned trace hash, and its
 * message accounting balances. A deliberate behaviour change updates the pins with
 *   UPDATE_GOLDEN=1 npx vitest run tests/scenarios/golden.test.ts
 * and the diff of golden.json shows which scenarios moved.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runShipped, SCENARIOS_DIR } from './run-shipped.ts';

const GOLDEN = join(import.meta.dirname, 'golden.json');
const update = process.env.UPDATE_GOLDEN === '1';
const pinned: Record<string, { traceHash: string; events: number }> = existsSync(GOLDEN) ? JSON.parse(readFileSync(GOLDEN, 'utf8')) : {};
const seen: typeof pinned = {};

const names = readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();

describe('shipped scenarios: golden trace hashes and conservation', () => {
  it('there are at least the five documented scenarios', () => {
    expect(names).toEqual(expect.arrayContaining(['factory-maintenance', 'smart-city-cameras', 'vehicle-corridor', 'remote-site-satellite', 'large-fabric']));
  });

  for (const name of names) {
    it(name, () => {
      const { report } = runShipped(name);
      expect(report.conservation.balanced).toBe(true);
      expect(report.conservation.created).toBeGreaterThan(0);
      seen[name] = { traceHash: report.traceHash, events: report.events };
      if (!update) {
        expect(pinned[name], `no golden hash for ${name}: run with UPDATE_GOLDEN=1`).toBeDefined();
        expect({ name, traceHash: report.traceHash, events: report.events }).toEqual({ name, ...pinned[name] });
      }
    });
  }

  afterAll(() => {
    if (update) writeFileSync(GOLDEN, `${JSON.stringify(seen, null, 2)}\n`);
  });
});
