/**
 * The `edgetwin` command: thin. Each subcommand lives in cli/commands/<name>.ts and exports
 * `register(program)`. Bad input (InputError) prints its located message and exits 2; a stack
 * trace only with --debug.
 */
import { Command, CommanderError } from 'commander';
import { InputError } from '../sim-core/text/input-error.ts';

/** Subcommands in the order the README lists them; each module registers itself. */
const COMMANDS = [
  'run', 'validate', 'schema', 'schedule', 'extender', 'compare', 'merge', 'plan', 'serve', 'token', 'keygen', 'agent', 'approve', 'push', 'record', 'replay', 'audit', 'kube-stand-in',
] as const;

/** Exit code for a run or gate that failed (README: exit codes). */
export const EXIT_FAILED = 1;
/** Exit code for bad input (README: exit codes). */
export const EXIT_BAD_INPUT = 2;

/** Runs the CLI with argv (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const program = new Command('edgetwin')
    .description('EdgeTwin: digital twin and what-if planner for edge data orchestration')
    .option('--debug', 'print stack traces on errors')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let exitCode = 0;
  const setExit = (code: number) => { exitCode = code; };
  for (const name of commandsToLoad(args)) {
    const mod = await loadCommand(name);
    if (mod) mod.register(program, setExit);
  }
  try {
    await program.parseAsync(args, { from: 'user' });
    return exitCode;
  } catch (err) {
    return reportError(err, debug);
  }
}

/**
 * The modules to register: only the named subcommand when argv names one (each module pulls in
 * its part of the product, and loading all of them costs seconds per start); all of them for
 * `--help`, no subcommand or an unknown one, so the listing and commander's suggestions stay whole.
 */
export function commandsToLoad(args: readonly string[]): readonly string[] {
  const first = args.find((a) => !a.startsWith('-'));
  return first !== undefined && (COMMANDS as readonly string[]).includes(first) && args[0] === first ? [first] : COMMANDS;
}

interface CommandModule { register(program: Command, setExit: (code: number) => void): void }

async function loadCommand(name: string): Promise<CommandModule | undefined> {
  try {
    return (await import(`./commands/${name}.ts`)) as CommandModule;
  } catch (err) {
    // A command not built yet is simply absent; any other import failure is a bug worth seeing.
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String(err).includes(`commands/${name}.ts`)) return undefined;
    throw err;
  }
}

function reportError(err: unknown, debug: boolean): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    return EXIT_BAD_INPUT; // commander already printed the message
  }
  if (err instanceof InputError) {
    process.stderr.write(`${err.message}\n`);
    if (debug) process.stderr.write(`${err.stack}\n`);
    return EXIT_BAD_INPUT;
  }
  const e = err as Error;
  process.stderr.write(`edgetwin: ${e?.message ?? String(err)}\n`);
  if (debug) process.stderr.write(`${e?.stack}\n`);
  return EXIT_FAILED;
}
