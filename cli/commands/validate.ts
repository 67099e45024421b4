/**
 * `edgetwin validate <file.yaml>...`: checks any EdgeTwin document by its `kind` — Scenario (and
 * the policy and scheduler files it names), Experiment (with its scenario and every variant),
 * Policy / PolicySet, KubeSchedulerConfiguration — and prints "ok <file>: …" per valid file;
 * any invalid file → every message of every file, exit 2.
 */
import type { Command } from 'commander';
import { InputError, type InputIssue } from '../../sim-core/text/input-error.ts';
import { parsePolicyYaml } from '../../sim-core/orchestrator/policy/load.ts';
import { parseSchedulerConfig } from '../../sim-core/orchestrator/scheduler/config.ts';
import { edgeRegistry } from '../../sim-core/orchestrator/scheduler/plugins/edge-profile.ts';
import { parseYamlSource } from '../../sim-core/text/yaml-source.ts';
import { readTextFile } from '../lib/files.ts';
import type { WorkLimits } from '../../sim-core/text/limits.ts';
import { limitOption, limitsFromFlags, type LimitFlags } from '../lib/limits.ts';
import { loadScenario } from '../lib/scenario.ts';
import { loadExperiment } from './compare.ts';

/** The document kind named on a top-level `kind:` line (the first one), default Scenario. */
export function documentKind(text: string): string {
  return /^kind:\s*["']?([A-Za-z]+)/m.exec(text)?.[1] ?? 'Scenario';
}

/** Validates one file; returns the "ok" line or throws InputError. */
function validateOne(file: string, limits: Partial<WorkLimits> = {}): string {
  const text = readTextFile(file);
  switch (documentKind(text)) {
    case 'Experiment': {
      const p = loadExperiment(file, { limits });
      return `ok ${file}: experiment ${p.meta.name}, ${p.meta.variants.length} variants, ${p.meta.totalRuns} runs`;
    }
    case 'Policy':
    case 'PolicySet': {
      const b = parsePolicyYaml(text, file);
      return `ok ${file}: ${b.policies.length} policies`;
    }
    case 'KubeSchedulerConfiguration': {
      const c = parseSchedulerConfig(parseYamlSource(text, file), edgeRegistry());
      return `ok ${file}: ${c.profiles.length} scheduler profile(s)${c.notes.length ? ` (${c.notes.join('; ')})` : ''}`;
    }
    default: {
      const { model: m, build } = loadScenario(file, { limits });
      const extra = build.policies ? `, ${build.policies.policies.length} policies` : '';
      return `ok ${file}: ${m.nodes.length} nodes, ${m.links.length} links, ${m.apps.length} apps, ${m.streams.length} streams${extra}`;
    }
  }
}

/** Registers the validate subcommand. */
export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('validate')
    .description('check scenario, experiment, policy and scheduler-config files (every problem with file:line:col and field path)')
    .argument('<files...>', 'YAML files')
    .option(...limitOption('maxFileBytes')).option(...limitOption('maxNodes')).option(...limitOption('maxEvents')).option(...limitOption('maxRuns'))
    .action((files: string[], opts: LimitFlags) => {
      const limits = limitsFromFlags(opts);
      const issues: InputIssue[] = [];
      for (const file of files) {
        try {
          process.stdout.write(`${validateOne(file, limits)}\n`);
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          issues.push(...err.issues);
        }
      }
      if (issues.length) {
        setExit(2);
        throw new InputError(issues);
      }
    });
}
