/**
 * Shadow mode for `edgetwin serve`: the twin it shadows comes from a scenario file (its nodes'
 * cores and core speeds, its services' cpuWorkMs, its links' latencyMs), and the Prometheus
 * mapping from an optional YAML/JSON file (docs/live/prometheus-mapping.md). Bad files are
 * InputErrors naming file, line:col and field, so the CLI can print them and exit 2.
 */
import { readFileSync } from 'node:fs';
import type { GatewayModule } from '../gateway/context.ts';
import { DEFAULT_PROMETHEUS_MAPPING, loadPrometheusMapping } from '../prometheus/mapping.ts';
import { parseScenario } from '../../sim-core/scenario/parse.ts';
import { InputError } from '../../sim-core/text/input-error.ts';
import { shadowModelFromScenario, type ShadowModel } from './predict.ts';
import { shadowModule, type ShadowModuleOptions } from './shadow-routes.ts';

/** The shadow model of a scenario file. */
export function loadShadowModel(scenarioPath: string): ShadowModel {
  let text: string;
  try { text = readFileSync(scenarioPath, 'utf8'); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError([{ file: scenarioPath, line: 0, col: 0, path: '', message: `cannot read the scenario to shadow: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}` }]);
  }
  return shadowModelFromScenario(parseScenario(text, scenarioPath));
}

/** What `edgetwin serve` passes: the scenario to shadow, the mapping file (null: the default mapping) and the live fleet when MQTT is on. */
export interface ShadowFiles extends Omit<ShadowModuleOptions, 'model' | 'mapping'> { scenarioPath: string; mappingPath: string | null }

/** The shadow module from files; throws InputError on a bad scenario or mapping, before the gateway starts. */
export function shadowModuleFromFiles(f: ShadowFiles): GatewayModule {
  const { scenarioPath, mappingPath, ...rest } = f;
  const model = loadShadowModel(scenarioPath);
  const mapping = mappingPath ? loadPrometheusMapping(mappingPath) : DEFAULT_PROMETHEUS_MAPPING;
  return shadowModule({ ...rest, model, mapping });
}
