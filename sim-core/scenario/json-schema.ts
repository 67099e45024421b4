/**
 * JSON Schema (draft 2020-12) of the scenario format, generated from the zod schema so editors
 * (yaml-language-server) validate and show the same help as `edgetwin validate`.
 */
import { z } from 'zod';
import { zScenarioDocument } from './schema/scenario.ts';

/** Id of the published schema. */
export const SCENARIO_SCHEMA_ID = 'https://edgetwin.io/schemas/scenario.v1alpha1.json';

/** The scenario JSON Schema: input shapes (unit strings or numbers), with field descriptions. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(zScenarioDocument, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { $schema: schema.$schema, $id: SCENARIO_SCHEMA_ID, title: 'EdgeTwin Scenario', ...schema };
}

/** The schema as the text of scenarios/scenario.schema.json (2-space JSON, trailing newline). */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
