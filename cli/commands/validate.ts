/**
 * `edgetwin validate <file.yaml>...`: parses each scenario, prints "ok <file>: N nodes, …" per
 * valid file; any invalid file → every message of every file, exit 2.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError, type InputIssue } from '../../sim-core/scenario/input-error.ts';
import { parseScenario } from '../../sim-core/scenario/parse.ts';

/** Registers the validate subcommand. */
export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('validate')
    .description('check scenario files (prints every problem with file:line:col and field path)')
    .argument('<files...>', 'scenario YAML files')
    .action((files: string[]) => {
      const issues: InputIssue[] = [];
      for (const file of files) {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (err) {
          issues.push({ file, line: 0, col: 0, path: '', message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
          continue;
        }
        try {
          const m = parseScenario(text, file);
          process.stdout.write(`ok ${file}: ${m.nodes.length} nodes, ${m.links.length} links, ${m.apps.length} apps, ${m.streams.length} streams\n`);
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
