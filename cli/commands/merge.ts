/**
 * `edgetwin merge <shard.json>...` — join the shard results of `compare --shard i/N --json` into
 * the full ExperimentResult (identical to an unsharded run) and print it as JSON.
 */
import type { Command } from 'commander';
import { InputError } from '../../sim-core/text/input-error.ts';
import type { ExperimentResult } from '../../sim-core/whatif/result.ts';
import { mergeShards } from '../../sim-core/whatif/shard.ts';
import { readTextFile } from '../lib/files.ts';
import { checkOutputs, writeOutput } from '../lib/output-file.ts';
import { renderComparison, runsCsv } from './compare.ts';

/** Registers `merge`. */
export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('merge')
    .description('join shard results of `compare --shard i/N --json` and recompute the statistics')
    .argument('<shards...>', 'shard JSON files')
    .option('--out <file>', 'also write the merged JSON to a file')
    .option('--csv <file>', 'write one row per run')
    .option('--table', 'print the comparison table instead of JSON')
    .action((files: string[], flags: { out?: string; csv?: string; table?: boolean }) => {
      const outputs = checkOutputs({ '--out': flags.out, '--csv': flags.csv });
      const shards = files.map((f) => {
        const text = readTextFile(f);
        try {
          return JSON.parse(text) as ExperimentResult;
        } catch (err) {
          throw new InputError([{ file: f, line: 0, col: 0, path: '', message: `not JSON: ${(err as Error).message}` }]);
        }
      });
      const merged = mergeShards(shards, files);
      const json = JSON.stringify(merged);
      if (outputs['--out']) writeOutput(outputs['--out'], `${json}\n`);
      if (outputs['--csv']) writeOutput(outputs['--csv'], runsCsv(merged));
      process.stdout.write(flags.table ? `${renderComparison(merged)}\n` : `${json}\n`);
      if (merged.failedRuns > 0) setExit(1);
    });
}
