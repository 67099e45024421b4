/**
 * `edgetwin schema`: prints the JSON Schema of the scenario format (the same text as
 * scenarios/scenario.schema.json).
 */
import type { Command } from 'commander';
import { scenarioJsonSchemaText } from '../../sim-core/scenario/json-schema.ts';

/** Registers the schema subcommand. */
export function register(program: Command, _setExit: (code: number) => void): void {
  program
    .command('schema')
    .description('print the JSON Schema of the scenario format (for editors: yaml-language-server)')
    .action(() => {
      process.stdout.write(scenarioJsonSchemaText());
    });
}
