/**
 * `edgetwin agent --broker mqtt://HOST:PORT --node NAME --trust KEY.pub [--trust OLD.pub]
 * [--state-dir DIR] [--heartbeat-ms N] [--metrics-ms N] [--leave-running]` — the reference edge
 * agent for nodes outside Kubernetes (connectors/agent/agent.ts): runs its last good state from
 * DIR, then takes signed desired states from the broker, applies them as local processes and
 * reports. --trust may be given more than once (key rotation). Logs go to stderr; SIGINT or
 * SIGTERM stops it (and its workloads, unless --leave-running).
 */
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../sim-core/text/input-error.ts';
import { startAgent, type AgentOptions } from '../../connectors/agent/agent.ts';
import { MAX_ID_CHARS } from '../../connectors/agent/accept.ts';
import { validTopicNode } from '../../connectors/mqtt/topics.ts';
import { keyId, readPublicKey } from '../../connectors/signing/keys.ts';
import { parseIntFlag } from '../lib/files.ts';

/** The flags as commander hands them over. */
export interface AgentFlags { broker?: string; node?: string; trust?: string[]; stateDir?: string; heartbeatMs?: string; metricsMs?: string; leaveRunning?: boolean }

const bad = (flag: string, message: string) => new InputError([{ file: `<${flag}>`, line: 0, col: 0, path: '', message }]);

/** Where the agent keeps its state when --state-dir is not given (relative to the current directory). */
export function defaultStateDir(node: string): string {
  return `.edgetwin/agent-${node}`;
}

function periodFlag(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = parseIntFlag(flag, value);
  if (n < 10 || n > 3_600_000) throw bad(flag, `expected a period from 10 to 3600000 ms, got ${n}`);
  return n;
}

/** Reads the --trust public keys; throws InputError naming the flag and the file. */
export function trustedKeysOf(files: readonly string[]): Map<string, KeyObject> {
  if (files.length === 0) throw bad('--trust', 'expected at least one public key file (edgetwin keygen writes edgetwin.pub)');
  const keys = new Map<string, KeyObject>();
  for (const f of files) {
    let k: KeyObject;
    try {
      // createPublicKey would derive the public half of a private key: refuse, the agent must never hold the signing key.
      if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(readFileSync(resolve(f), 'utf8'))) throw bad('--trust', `${f}: is a private key; give the agent the public key (the .pub file edgetwin keygen wrote)`);
      k = readPublicKey(resolve(f));
    } catch (e) {
      if (e instanceof InputError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      throw bad('--trust', `${f}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `not an ed25519 public key in PEM (${(e as Error).message})`}`);
    }
    keys.set(keyId(k), k);
  }
  return keys;
}

/** The agent options from the flags; throws InputError naming the bad flag and what it allows. */
export function agentOptionsOf(flags: AgentFlags): Omit<AgentOptions, 'log'> {
  if (!flags.broker) throw bad('--broker', 'required: the MQTT broker, e.g. mqtt://127.0.0.1:1883');
  let u: URL;
  try { u = new URL(flags.broker); } catch { throw bad('--broker', `expected a URL like mqtt://127.0.0.1:1883, got '${flags.broker}'`); }
  if (!['mqtt:', 'mqtts:', 'ws:', 'wss:'].includes(u.protocol)) throw bad('--broker', `expected a URL with scheme mqtt, mqtts, ws or wss, got '${u.protocol.slice(0, -1)}'`);
  if (!flags.node) throw bad('--node', 'required: this node\'s id, as the plan and the gateway name it');
  if (!validTopicNode(flags.node) || flags.node.length > MAX_ID_CHARS || /[\u0000-\u001f]/.test(flags.node)) {
    throw bad('--node', `expected 1 to ${MAX_ID_CHARS} characters without '/', '+', '#' or control characters, got '${flags.node}'`);
  }
  return {
    brokerUrl: flags.broker,
    node: flags.node,
    trustedKeys: trustedKeysOf(flags.trust ?? []),
    stateDir: resolve(flags.stateDir ?? defaultStateDir(flags.node)),
    heartbeatMs: periodFlag('--heartbeat-ms', flags.heartbeatMs, 1000),
    metricsMs: periodFlag('--metrics-ms', flags.metricsMs, 5000),
  };
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Registers `agent`. */
export function register(program: Command): void {
  program
    .command('agent')
    .description('the reference edge agent: verify signed desired state from the broker, run it as local processes, report')
    .option('--broker <url>', 'MQTT broker, e.g. mqtt://127.0.0.1:1883')
    .option('--node <name>', 'this node\'s id')
    .option('--trust <file>', 'gateway public key (edgetwin keygen); repeat during a key rotation', collect, [] as string[])
    .option('--state-dir <dir>', 'where the last good state is kept (default .edgetwin/agent-<node>)')
    .option('--heartbeat-ms <n>', 'heartbeat period, ms', '1000')
    .option('--metrics-ms <n>', 'metrics report period, ms', '5000')
    .option('--leave-running', 'on stop, leave the workloads running')
    .action(async (flags: AgentFlags) => {
      const options = agentOptionsOf(flags);
      const log = (line: string) => process.stderr.write(`${new Date().toISOString()} agent ${options.node}: ${line}\n`);
      log(`trusting key(s) ${[...options.trustedKeys.keys()].join(', ')}; state in ${options.stateDir}; broker ${options.brokerUrl}`);
      const agent = await startAgent({ ...options, log });
      await new Promise<void>((done) => {
        const stop = () => { void agent.stop({ leaveWorkloads: !!flags.leaveRunning }).then(done, done); };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
