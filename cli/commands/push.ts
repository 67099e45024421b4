/**
 * `edgetwin push PLAN.json --gateway URL [--via mqtt|kubernetes] [--waves 1,10%,50%,100%]
 * [--dry-run] [--token T | $EDGETWIN_TOKEN] [--wait] [--slo-ms N] [--max-error-rate F]
 * [--gate-timeout S] [--soak S]` — pushes an approved plan to the fleet in waves through the
 * gateway: uploads the plan when the gateway does not have it, starts the push (the gateway
 * refuses a plan that is not approved or whose hash does not match its approval), and with
 * --wait follows it, printing wave progress, until it is done or rolled back. --dry-run prints
 * the waves and each node's change; nothing is stored or sent. Exit 0: started (or done with
 * --wait); 1: refused or rolled back; 2: bad input.
 */
import type { Command } from 'commander';
import { InputError } from '../../sim-core/text/input-error.ts';
import { DEFAULT_WAVES, parseWaves, WaveSpecError } from '../../sim-core/orchestrator/rollout/waves.ts';
import { TRANSPORT_NAMES, type TransportName } from '../../connectors/push/transport.ts';
import type { PushView } from '../../connectors/push/store.ts';
import type { DryRun } from '../../connectors/push/request.ts';
import { readTextFile } from '../lib/files.ts';

/** How often --wait asks the gateway (ms). */
export const WAIT_POLL_MS = 500;

interface PushFlags { gateway: string; via: string; waves: string; dryRun?: boolean; token?: string; wait?: boolean; sloMs?: string; maxErrorRate?: string; gateTimeout?: string; soak?: string }

const bad = (where: string, message: string) => new InputError([{ file: where, line: 0, col: 0, path: '', message }]);

/** A gateway answer that is not a success. */
class GatewayRefusal extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

function positive(flag: string, v: string | undefined, opts: { max?: number; integer?: boolean } = {}): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v.trim()) || !(n > 0) || (opts.max !== undefined && n > opts.max) || (opts.integer && !Number.isInteger(n))) {
    throw bad(`<${flag}>`, `expected a ${opts.integer ? 'whole ' : ''}number above 0${opts.max !== undefined ? ` and at most ${opts.max}` : ''}, got '${v}'`);
  }
  return n;
}

/** The request body from the flags; throws InputError naming the flag (pure). */
export function pushBodyOf(flags: PushFlags): Record<string, unknown> {
  if (!TRANSPORT_NAMES.includes(flags.via as TransportName)) throw bad('<--via>', `expected one of ${TRANSPORT_NAMES.join(', ')}, got '${flags.via}'`);
  try { parseWaves(flags.waves); } catch (e) { if (e instanceof WaveSpecError) throw bad('<--waves>', e.message); throw e; }
  const gates: Record<string, number> = {};
  const slo = positive('--slo-ms', flags.sloMs);
  if (slo !== undefined) gates.sloLatencyMsP95 = slo;
  const err = positive('--max-error-rate', flags.maxErrorRate, { max: 1 });
  if (err !== undefined) gates.maxErrorRate = err;
  const timeout = positive('--gate-timeout', flags.gateTimeout);
  if (timeout !== undefined) gates.timeoutMs = Math.round(timeout * 1000);
  const soak = positive('--soak', flags.soak);
  if (soak !== undefined) gates.minSoakMs = Math.round(soak * 1000);
  return { via: flags.via, waves: flags.waves, ...(flags.dryRun ? { dryRun: true } : {}), ...(Object.keys(gates).length ? { gates } : {}) };
}

/** The plan file's JSON and hash; InputError when it is not a plan. */
function readPlan(path: string): { plan: Record<string, unknown>; hash: string } {
  const text = readTextFile(path);
  let plan: unknown;
  try { plan = JSON.parse(text); } catch (e) { throw bad(path, `not JSON: ${(e as Error).message}`); }
  if (typeof plan !== 'object' || plan === null || Array.isArray(plan)) throw bad(path, 'expected a plan object (edgetwin plan --out writes one)');
  const hash = (plan as { hash?: unknown }).hash;
  if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) throw bad(path, 'the plan has no 64-hex-digit "hash" (edgetwin plan --out writes one)');
  return { plan: plan as Record<string, unknown>, hash };
}

function gatewayUrl(text: string): URL {
  let u: URL;
  try { u = new URL(text.endsWith('/') ? text : `${text}/`); } catch { throw bad('<--gateway>', `expected a URL like http://127.0.0.1:8080, got '${text}'`); }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw bad('<--gateway>', `expected an http or https URL, got '${u.protocol.slice(0, -1)}'`);
  return u;
}

/** One JSON request to the gateway; a non-2xx answer is a GatewayRefusal with the gateway's message. */
async function call<T>(base: URL, token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: T }> {
  let res: Response;
  try {
    res = await fetch(new URL(path, base), {
      method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (e) {
    throw new GatewayRefusal(0, `cannot reach the gateway at ${base.href}: ${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}`);
  }
  const text = await res.text();
  let json: unknown = null;
  try { json = JSON.parse(text); } catch { /* not JSON: reported below */ }
  if (!res.ok) throw new GatewayRefusal(res.status, `${method} /${path}: ${res.status} ${(json as { message?: string } | null)?.message ?? text.slice(0, 200)}`);
  return { status: res.status, json: json as T };
}

/** Whether a gateway answer has the fields --wait reads (bytes from the network). */
function isPushView(p: unknown): p is PushView {
  const v = p as PushView | null;
  return typeof v === 'object' && v !== null && typeof v.state === 'string' && Array.isArray(v.waves)
    && v.waves.every((w) => typeof w === 'object' && w !== null && Number.isInteger(w.index) && Array.isArray(w.nodes) && typeof w.state === 'string');
}

/** Lines for a dry run (pure). */
export function dryRunLines(d: DryRun): string[] {
  const out = [`dry run of plan ${d.planHash} over ${d.via}, waves ${d.wavesSpec}: nothing stored or sent`];
  if (!d.approved) out.push(`note: the gateway would refuse this push now: ${d.refusal}`);
  for (const w of d.waves) out.push(`wave ${w.index}: ${w.nodes.length} node(s) (${w.cumulative} in all): ${w.nodes.join(', ')}`);
  for (const [node, c] of Object.entries(d.nodes)) {
    const change = [...c.added.map((s) => `+${s}`), ...c.removed.map((s) => `-${s}`)].join(' ') || 'no change';
    out.push(`  ${node} (wave ${c.wave}, version ${c.nextVersion}): ${change}`);
  }
  return out;
}

/** A line per wave whose state changed since `seen` (pure; updates `seen`). */
export function progressLines(p: PushView, seen: Map<number, string>): string[] {
  const out: string[] = [];
  for (const w of p.waves) {
    if (seen.get(w.index) === w.state) continue;
    seen.set(w.index, w.state);
    out.push(`wave ${w.index} (${w.nodes.length} node(s)): ${w.state}`);
  }
  return out;
}

/** Registers `push`. */
export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('push')
    .description('push an approved plan to the fleet in waves (canary first, health gates between waves, automatic rollback)')
    .argument('<plan>', 'the plan file (edgetwin plan --out)')
    .requiredOption('--gateway <url>', 'the gateway, e.g. http://127.0.0.1:8080')
    .option('--via <transport>', `how desired states reach the nodes: ${TRANSPORT_NAMES.join(' or ')}`, 'mqtt')
    .option('--waves <spec>', 'cumulative waves: node counts or percentages', DEFAULT_WAVES)
    .option('--dry-run', 'show the waves and per-node changes; store and send nothing')
    .option('--token <token>', 'an operator token (default: $EDGETWIN_TOKEN)')
    .option('--wait', 'follow the push until it is done (exit 0) or rolled back (exit 1)')
    .option('--slo-ms <n>', 'health gate: app p95 latency must be at most this (ms)')
    .option('--max-error-rate <f>', 'health gate: app error rate must be at most this (0..1)')
    .option('--gate-timeout <s>', 'health gate: fail when a wave is not healthy after this many seconds')
    .option('--soak <s>', 'health gate: wait at least this many seconds before passing a wave')
    .action(async (file: string, flags: PushFlags) => {
      const body = pushBodyOf(flags);
      const base = gatewayUrl(flags.gateway);
      const token = flags.token ?? process.env.EDGETWIN_TOKEN;
      if (!token) throw bad('<--token>', 'no token: pass --token or set EDGETWIN_TOKEN (edgetwin token create --role operator)');
      const { plan, hash } = readPlan(file);
      try {
        setExit(await run(base, token, plan, hash, body, flags));
      } catch (e) {
        if (!(e instanceof GatewayRefusal)) throw e;
        process.stderr.write(`edgetwin push: ${e.message}\n`);
        setExit(e.status === 400 ? 2 : 1);
      }
    });
}

async function run(base: URL, token: string, plan: Record<string, unknown>, hash: string, body: Record<string, unknown>, flags: PushFlags): Promise<number> {
  const err = (l: string) => process.stderr.write(`${l}\n`);
  try {
    await call(base, token, 'GET', `api/v1/plans/${hash}`);
  } catch (e) {
    if (!(e instanceof GatewayRefusal) || e.status !== 404) throw e;
    const up = await call<{ status: string }>(base, token, 'POST', 'api/v1/plans', plan);
    err(`uploaded plan ${hash} (${up.json.status})`);
  }
  const started = await call<DryRun | { pushId: string; state: string; push: PushView }>(base, token, 'POST', `api/v1/plans/${hash}/pushes`, body);
  if (typeof started.json !== 'object' || started.json === null) throw new GatewayRefusal(0, `the gateway answered ${JSON.stringify(started.json)?.slice(0, 200)}, not a push`);
  if ('dryRun' in started.json) {
    if (!Array.isArray(started.json.waves) || typeof started.json.nodes !== 'object' || started.json.nodes === null) throw new GatewayRefusal(0, 'the gateway answered a dry run without waves or nodes');
    for (const l of dryRunLines(started.json)) process.stdout.write(`${l}\n`);
    return 0;
  }
  const { pushId, push } = started.json;
  if (typeof pushId !== 'string' || !isPushView(push)) throw new GatewayRefusal(0, `the gateway answered something that is not a push: ${JSON.stringify(started.json)?.slice(0, 200)}`);
  process.stdout.write(started.status === 201
    ? `push ${pushId} started: plan ${hash} over ${push.via} in ${push.waves.length} wave(s)\n`
    : `push ${pushId} of plan ${hash} already exists (${push.state}); a plan is pushed once\n`);
  if (!flags.wait) return push.state === 'rolled-back' ? 1 : 0;
  const seen = new Map<number, string>();
  let lastGate = '';
  for (let p = push; ; p = (await call<PushView>(base, token, 'GET', `api/v1/pushes/${pushId}`)).json) {
    if (!isPushView(p)) throw new GatewayRefusal(0, `the gateway answered something that is not a push: ${JSON.stringify(p)?.slice(0, 200)}`);
    for (const l of progressLines(p, seen)) process.stdout.write(`${l}\n`);
    const gate = p.gate && p.gate.verdict === 'inconclusive' ? p.gate.reasons.join('; ') : '';
    if (gate && gate !== lastGate) err(`  gate of wave ${p.currentWave} waits: ${gate}`);
    lastGate = gate;
    if (p.state === 'done') { process.stdout.write(`push ${pushId} done: every wave passed its gate\n`); return 0; }
    if (p.state === 'rolled-back') { process.stdout.write(`push ${pushId} rolled back: ${p.reason ?? 'no reason given'}\n`); return 1; }
    await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
  }
}
