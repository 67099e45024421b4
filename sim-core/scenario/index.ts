/**
 * Public surface of the scenario format: parse YAML with locations, units, fault specs,
 * --set edits, the scenario parser and the JSON Schema export.
 */
export { parseYamlSource, type YamlSource, type SourcePos, type FieldPath } from '../text/yaml-source.ts';
export {
  parseDurationMs, parseBytes, parseBitrate, parseCpuMillicores,
  formatDurationMs, formatBytes, formatBitrate, formatCpuMillicores, showValue, type UnitResult,
} from '../text/units.ts';
export { parseFaultSpec, FaultSpecError, FAULT_GRAMMAR, FAULT_KINDS } from './fault-spec.ts';
export { applySet, parseSetPath, SetPathError } from './set-path.ts';
export { parseScenario, type ScenarioOverrides } from './parse.ts';
export { scenarioJsonSchema, scenarioJsonSchemaText, SCENARIO_SCHEMA_ID } from './json-schema.ts';
export { zScenarioDocument, SCENARIO_API_VERSION } from './schema/scenario.ts';
export { InputError, formatIssue, type InputIssue } from '../text/input-error.ts';
export { levenshtein, closest, didYouMean } from '../text/did-you-mean.ts';
export type * from './model.ts';
