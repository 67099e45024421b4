/**
 * The `edgetwin` CLI for the telemetry tests: cli/main.ts's main(), plus `record` and `replay`
 * registered when main.ts does not list them yet (the lead adds them to COMMANDS on merge; then
 * this is main() itself). Exit codes as main.ts: 2 for InputError, 1 for other errors.
 */
import { Command, CommanderError } from 'commander';
import { main } from '../../../../cli/main.ts';
import { InputError } from '../../../../sim-core/text/input-error.ts';
import * as record from '../../../../cli/commands/record.ts';
import * as replay from '../../../../cli/commands/replay.ts';

/** Runs argv through main(), or through record/replay when main() does not know them. */
export async function runLiveCli(argv: string[]): Promise<number> {
  const name = argv[0];
  if (name !== 'record' && name !== 'replay') return main(argv);
  const program = new Command('edgetwin').exitOverride().configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let code = 0;
  (name === 'record' ? record : replay).register(program, (c: number) => { code = c; });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return 2;
    if (err instanceof InputError) { process.stderr.write(`${err.message}\n`); return 2; }
    process.stderr.write(`edgetwin: ${(err as Error).message}\n`);
    return 1;
  }
}
