/**
 * The files a scenario names (policy files, a KubeSchedulerConfiguration), turned into build
 * options. Reading is the caller's job (CLI, worker, browser): it passes `readText`, which gets
 * paths resolved against the scenario's directory. Errors in those files are InputErrors
 * located in them.
 */
import type { PolicySet } from '../orchestrator/policy/compile.ts';
import { compilePolicies } from '../orchestrator/policy/compile.ts';
import { parsePolicyYaml } from '../orchestrator/policy/load.ts';
import { parseSchedulerConfig } from '../orchestrator/scheduler/config.ts';
import { buildProfile } from '../orchestrator/scheduler/profile.ts';
import { edgeRegistry } from '../orchestrator/scheduler/plugins/edge-profile.ts';
import { parseYamlSource } from '../text/yaml-source.ts';
import type { ScenarioModel } from '../scenario/model.ts';
import type { BuildOptions } from './build.ts';
import { withPolicies } from './profiles.ts';

/** Resolves `rel` against the directory of `scenarioFile` ('/'-separated paths; absolute `rel` wins). */
export function resolveRelative(scenarioFile: string, rel: string): string {
  if (rel.startsWith('/')) return rel;
  const cut = scenarioFile.lastIndexOf('/');
  return cut < 0 ? rel : `${scenarioFile.slice(0, cut + 1)}${rel}`;
}

/** Reads and compiles the scenario's policy files and scheduler configuration into build options. */
export function scenarioBuildOptions(model: ScenarioModel, scenarioFile: string, readText: (path: string) => string): BuildOptions {
  const opts: BuildOptions = {};
  let policies: PolicySet | undefined;
  if (model.orchestrator.policies.length > 0) {
    const bundles = model.orchestrator.policies.map((rel) => {
      const path = resolveRelative(scenarioFile, rel);
      return parsePolicyYaml(readText(path), path);
    });
    policies = compilePolicies({
      policies: bundles.flatMap((b) => b.policies),
      guardedActions: [...new Set(bundles.flatMap((b) => b.guardedActions))],
    });
    opts.policies = policies;
  }
  const cfg = model.orchestrator.schedulerConfig;
  if (cfg !== undefined) {
    const path = resolveRelative(scenarioFile, cfg);
    // The edge plugins are registered too, so a configuration may enable them by name.
    const registry = edgeRegistry();
    const parsed = parseSchedulerConfig(parseYamlSource(readText(path), path), registry);
    let spec = parsed.profiles[0]!;
    if (policies) spec = withPolicies(spec, registry, policies);
    opts.schedulerProfile = buildProfile(spec, registry);
  }
  return opts;
}
