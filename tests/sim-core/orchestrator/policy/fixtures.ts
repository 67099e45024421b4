/** Shared test helpers: load the fixture policy files from tests/fixtures/policies. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadPolicySet } from '../../../../sim-core/orchestrator/policy/load.ts';
import type { PolicySet } from '../../../../sim-core/orchestrator/policy/compile.ts';

/** Absolute path of a fixture policy file. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../../fixtures/policies/${name}`, import.meta.url));
}

/** Loads and compiles one or more fixture files as one set (their texts joined as documents). */
export function loadFixtures(...names: string[]): PolicySet {
  const text = names.map((n) => readFileSync(fixturePath(n), 'utf8')).join('\n---\n');
  return loadPolicySet(text, names.join('+'));
}
