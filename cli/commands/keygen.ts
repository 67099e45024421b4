/**
 * `edgetwin keygen [--out DIR] [--name edgetwin]` — makes the gateway's ed25519 signing key:
 * DIR/NAME.key (PKCS#8 PEM, mode 0600; `edgetwin serve --key`) and DIR/NAME.pub (SPKI PEM; what
 * every agent is given with `--trust`). It never overwrites an existing key (a clear error, exit
 * 2). Prints the key id on stdout (the id desired states name), the paths on stderr.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../sim-core/text/input-error.ts';
import { generateKeyPair, keyId, writeKeyPair } from '../../connectors/signing/keys.ts';

/** Where keys go when --out is not given (relative to the current directory). */
export const DEFAULT_KEY_DIR = '.edgetwin';
/** The key files' base name when --name is not given. */
export const DEFAULT_KEY_NAME = 'edgetwin';

const bad = (flag: string, message: string) => new InputError([{ file: `<${flag}>`, line: 0, col: 0, path: '', message }]);

/** A key made: its id and files. */
export interface KeygenResult { keyId: string; privatePath: string; publicPath: string }

/** Makes a key pair in `out` (created if missing); throws InputError naming the flag when a file exists or a flag is bad. */
export function keygen(flags: { out?: string; name?: string }): KeygenResult {
  const name = flags.name ?? DEFAULT_KEY_NAME;
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(name)) throw bad('--name', `expected 1 to 64 letters, digits, '.', '_' or '-', not starting with '.' or '-', got '${name}'`);
  const dir = resolve(flags.out ?? DEFAULT_KEY_DIR);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw bad('--out', `${flags.out}: not a directory`);
  for (const ext of ['key', 'pub']) {
    const f = join(dir, `${name}.${ext}`);
    if (existsSync(f)) throw bad('--out', `${f} already exists; keygen never overwrites a key (move it away, or choose another --name or --out)`);
  }
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw bad('--out', `cannot create ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const pair = generateKeyPair();
  const paths = writeKeyPair(pair, dir, name);
  return { keyId: keyId(pair.publicKey), ...paths };
}

/** Registers `keygen`. */
export function register(program: Command): void {
  program
    .command('keygen')
    .description('make the gateway\'s ed25519 signing key (NAME.key, 0600) and its public key (NAME.pub) for agents\' --trust')
    .option('--out <dir>', `directory to write the key files to (default ${DEFAULT_KEY_DIR})`)
    .option('--name <name>', `base name of the key files (default ${DEFAULT_KEY_NAME})`)
    .action((flags: { out?: string; name?: string }) => {
      const r = keygen(flags);
      process.stdout.write(`${r.keyId}\n`);
      process.stderr.write(`key ${r.keyId}: private ${r.privatePath} (mode 0600, for edgetwin serve --key), public ${r.publicPath} (for edgetwin agent --trust)\n`);
    });
}
