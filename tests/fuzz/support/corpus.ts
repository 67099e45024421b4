/** The shipped inputs the fuzzer starts from: scenarios, experiments and their fault specs. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** Repository root. */
export const ROOT = join(import.meta.dirname, '../../..');
const SCENARIOS = join(ROOT, 'scenarios');
const EXPERIMENTS = join(SCENARIOS, 'experiments');

/** A shipped YAML file: its path, text and parsed value. */
export interface Seed { name: string; file: string; text: string; value: unknown }

function load(dir: string): Seed[] {
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => {
    const file = join(dir, f);
    const text = readFileSync(file, 'utf8');
    return { name: f.replace(/\.yaml$/, ''), file, text, value: parseYaml(text) as unknown };
  });
}

/** scenarios/*.yaml (sorted by name). */
export const shippedScenarios = (): Seed[] => load(SCENARIOS);
/** scenarios/experiments/*.yaml (sorted by name). */
export const shippedExperiments = (): Seed[] => load(EXPERIMENTS);

/** Every fault spec string in the shipped scenarios and experiments, plus one of each kind. */
export function shippedFaultSpecs(): string[] {
  const out = new Set<string>(['control-plane@30s+1m', 'power:edge-1@1m', 'node:edge-1@0s+1s', 'link:a~b@1s+2s:loss=0.05', 'partition:north@5m+8m']);
  const walk = (v: unknown, key: string) => {
    if (Array.isArray(v)) { for (const x of v) { if (key === 'faults' && typeof x === 'string') out.add(x); else walk(x, key); } return; }
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  for (const s of [...shippedScenarios(), ...shippedExperiments()]) walk(s.value, '');
  return [...out].sort();
}
