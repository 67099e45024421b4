/**
 * `edgetwin token create --role viewer|planner|operator [--name N] [--db FILE]` prints a new API
 * token once (stdout: the token alone; a note on stderr), `token list` shows ids, names, roles and
 * revocations (never secrets), `token revoke ID` revokes one; the server sees a revocation at once.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../sim-core/text/input-error.ts';
import { ROLES, type Role } from '../../connectors/gateway/context.ts';
import { openDb } from '../../connectors/gateway/db.ts';
import { createToken, listTokens, MAX_TOKEN_NAME_CHARS, revokeToken } from '../../connectors/gateway/tokens.ts';
import { DEFAULT_DB } from './serve.ts';

const bad = (flag: string, message: string) => new InputError([{ file: `<${flag}>`, line: 0, col: 0, path: '', message }]);

function dbFor(flag: string | undefined, mustExist: boolean) {
  const path = resolve(flag ?? DEFAULT_DB);
  if (mustExist && !existsSync(path)) throw bad('--db', `no gateway database at ${flag ?? DEFAULT_DB} (edgetwin serve or token create makes one)`);
  return openDb(path);
}

/** Registers `token` and its subcommands. */
export function register(program: Command): void {
  const token = program.command('token').description('API tokens of the gateway: create (shown once), list, revoke');
  token.command('create')
    .description('create a token and print it once')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <name>', 'who or what uses the token (shown in the audit log)')
    .option('--db <file>', `gateway database (default ${DEFAULT_DB})`)
    .action((flags: { role: string; name?: string; db?: string }) => {
      if (!ROLES.includes(flags.role as Role)) throw bad('--role', `expected one of ${ROLES.join(', ')}, got '${flags.role}'`);
      if (flags.name !== undefined && !/^[\w.@:-]{1,64}$/.test(flags.name)) throw bad('--name', `expected 1 to ${MAX_TOKEN_NAME_CHARS} letters, digits or . _ @ : -, got '${flags.name}'`);
      const db = dbFor(flags.db, false);
      try {
        const { token: text, info } = createToken(db, { role: flags.role as Role, ...(flags.name ? { name: flags.name } : {}) });
        process.stdout.write(`${text}\n`);
        process.stderr.write(`token ${info.id} '${info.name}' (${info.role}) created; it is shown only now, the gateway keeps its SHA-256\n`);
      } finally { db.close(); }
    });
  token.command('list')
    .description('list tokens (id, name, role, created, revoked)')
    .option('--db <file>', `gateway database (default ${DEFAULT_DB})`)
    .option('--json', 'print JSON')
    .action((flags: { db?: string; json?: boolean }) => {
      const db = dbFor(flags.db, true);
      try {
        const list = listTokens(db);
        if (flags.json) { process.stdout.write(`${JSON.stringify({ tokens: list }, null, 2)}\n`); return; }
        process.stdout.write(`${'ID'.padEnd(18)}${'NAME'.padEnd(24)}${'ROLE'.padEnd(10)}${'CREATED'.padEnd(26)}REVOKED\n`);
        for (const t of list) process.stdout.write(`${t.id.padEnd(18)}${t.name.padEnd(24)}${t.role.padEnd(10)}${t.createdAt.padEnd(26)}${t.revokedAt ?? '-'}\n`);
      } finally { db.close(); }
    });
  token.command('revoke')
    .description('revoke a token by its id (token list shows ids)')
    .argument('<id>', 'token id')
    .option('--db <file>', `gateway database (default ${DEFAULT_DB})`)
    .action((id: string, flags: { db?: string }) => {
      const db = dbFor(flags.db, true);
      try {
        const r = revokeToken(db, id);
        if (r === 'unknown') throw bad('id', `no token with id '${id}' (edgetwin token list shows them)`);
        process.stderr.write(r === 'revoked' ? `token ${id} revoked\n` : `token ${id} was already revoked\n`);
      } finally { db.close(); }
    });
}
