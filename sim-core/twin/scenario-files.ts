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
import type { RateCurve } from '../workload/rate-curve.ts';
import type { BuildOptions } from './build.ts';
import { withPolicies } from './profiles.ts';
import { InputError } from '../text/input-error.ts';
import { parseRateTraceCsv } from '../workload/rate-trace-csv.ts';
import type { RateTraces } from './source-arrivals.ts';

/** Resolves `rel` against the directory of `scenarioFile` ('/'-separated paths; absolute `rel` wins). */
export function resolveRelative(scenarioFile: string, rel: string): string {
  if (rel.startsWith('/')) return rel;
  const cut = scenarioFile.lastIndexOf('/');
  return cut < 0 ? rel : `${scenarioFile.slice(0, cut + 1)}${rel}`;
}

/** Every file the scenario names (policies, scheduler configuration, rate traces), as written in it. */
export function scenarioFileNames(model: ScenarioModel): string[] {
  const traces = model.streams.flatMap((st) => (st.arrival.kind === 'curve' && st.arrival.traceFile !== undefined ? [st.arrival.traceFile] : []));
  return [...new Set([...model.orchestrator.policies, ...(model.orchestrator.schedulerConfig ? [model.orchestrator.schedulerConfig] : []), ...traces])];
}

/** Reads and parses the rate trace CSVs of `arrival: {curve: {trace: {file}}}` streams; errors are InputErrors located in the CSV (or naming the stream when it cannot be read). */
export function readRateTraces(model: ScenarioModel, scenarioFile: string, readText: (path: string) => string): RateTraces | undefined {
  const out: Record<string, Extract<RateCurve, { kind: 'trace' }>> = {};
  model.streams.forEach((st, i) => {
    const rel = st.arrival.kind === 'curve' ? st.arrival.traceFile : undefined;
    if (rel === undefined || rel in out) return;
    const path = resolveRelative(scenarioFile, rel);
    const field = `spec.streams[${i}].arrival.curve`;
    let text: string;
    try {
      text = readText(path);
    } catch (err) {
      const why = err instanceof InputError ? err.issues.map((x) => x.message).join('; ') : (err as Error).message;
      throw new InputError([{ file: path, line: 0, col: 0, path: '', message: `${why} (the rate trace of stream '${st.id}', ${field}…trace.file: ${rel} in ${scenarioFile})` }]);
    }
    try {
      out[rel] = parseRateTraceCsv(text, path);
    } catch (err) {
      const msg = (err as Error).message;
      // parseRateTraceCsv says "<file>:<line>: …" or "<file>: …".
      const m = msg.startsWith(`${path}:`) ? /^:(\d+)?:? ?(.*)$/s.exec(msg.slice(path.length)) : null;
      throw new InputError([{ file: path, line: m?.[1] ? Number(m[1]) : 0, col: 0, path: '', message: m ? m[2]!.replace(/^\s+/, '') : msg }]);
    }
  });
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Reads and compiles the scenario's policy files and scheduler configuration into build options. */
export function scenarioBuildOptions(model: ScenarioModel, scenarioFile: string, readText: (path: string) => string): BuildOptions {
  const opts: BuildOptions = {};
  const rateTraces = readRateTraces(model, scenarioFile, readText);
  if (rateTraces) opts.rateTraces = rateTraces;
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
