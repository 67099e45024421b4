/**
 * `edgetwin approve PLAN.json|HASH --gateway URL [--comment TEXT] [--token T | $EDGETWIN_TOKEN]`
 * approves a plan on the gateway as the operator whose token it is: a plan file is uploaded first
 * when the gateway does not have it. The gateway decides (a blocked plan, one whose hash does not
 * verify, or a second approval by the same token is refused, with the reason) and audits.
 * Exit 0: the approval was recorded (it says how many of the required approvals there are now);
 * 1: refused; 2: bad input.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../sim-core/text/input-error.ts';
import { callJson, gatewayBaseUrl, GatewayError, gatewayToken } from '../../connectors/live/gateway-client.ts';
import { readTextFile } from '../lib/files.ts';

const bad = (where: string, message: string) => new InputError([{ file: where, line: 0, col: 0, path: '', message }]);

/** A 64-hex-digit hash, or the plan file holding one (with its JSON to upload). */
export function planRef(arg: string): { hash: string; plan: unknown | null } {
  if (/^[0-9a-f]{64}$/.test(arg) && !existsSync(arg)) return { hash: arg, plan: null };
  const text = readTextFile(arg);
  let plan: unknown;
  try { plan = JSON.parse(text); } catch (e) { throw bad(arg, `not JSON: ${(e as Error).message}`); }
  const hash = (plan as { hash?: unknown } | null)?.hash;
  if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) throw bad(arg, 'the plan has no 64-hex-digit "hash" (edgetwin plan --out writes one)');
  return { hash, plan };
}

interface ApproveAnswer { approved: boolean; approvals: { by: string }[] }

/** Registers `approve`. */
export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('approve')
    .description('approve a plan on the gateway (operator); a plan file is uploaded first when the gateway lacks it')
    .argument('<plan>', 'the plan file (edgetwin plan --out) or its hash')
    .requiredOption('--gateway <url>', 'the gateway, e.g. http://127.0.0.1:8080')
    .option('--comment <text>', 'why, for the audit log')
    .option('--token <token>', 'an operator token (default: $EDGETWIN_TOKEN)')
    .action(async (arg: string, flags: { gateway: string; comment?: string; token?: string }) => {
      const base = gatewayBaseUrl(flags.gateway);
      const token = gatewayToken(flags.token);
      const { hash, plan } = planRef(arg);
      try {
        if (plan !== null) {
          const up = await callJson<{ status: string }>(base, 'api/v1/plans', token, plan);
          if (up.status === 201) process.stderr.write(`uploaded plan ${hash} (${up.json.status})\n`);
        }
        const r = await callJson<ApproveAnswer>(base, `api/v1/plans/${hash}/approve`, token, flags.comment ? { comment: flags.comment } : {});
        const by = r.json.approvals.map((a) => a.by).join(', ');
        process.stdout.write(r.json.approved
          ? `plan ${hash} approved (by ${by}); push it with edgetwin push\n`
          : `plan ${hash}: approval recorded (by ${by}); it needs another operator's approval before it can be pushed\n`);
      } catch (e) {
        if (!(e instanceof GatewayError)) throw e;
        process.stderr.write(`edgetwin approve: ${e.message}\n`);
        setExit(e.status === 400 ? 2 : 1);
      }
    });
}
