/**
 * What the gateway tests share: a gateway over a fresh SQLite file in a temporary directory with
 * one token per role (plus a revoked one), and real plans made by the real planner
 * (`edgetwin plan` on tests/fixtures/whatif/plan-small.experiment.yaml): variant `edge` is
 * approvable, variant `gateway` is blocked by its capacity-headroom gate.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayModule, GatewayOptions, Role } from '../../../../connectors/gateway/context.ts';
import { gatewayModules, type GatewayModulesInput } from '../../../../connectors/gateway/modules.ts';
import { buildGateway, type BuildGatewayInput, type Gateway } from '../../../../connectors/gateway/server.ts';
import { createToken, revokeToken } from '../../../../connectors/gateway/tokens.ts';
import type { Plan } from '../../../../sim-core/whatif/plan/index.ts';

export const ROOT = join(import.meta.dirname, '../../../..');

/** Options with every connector off. */
export function offlineOptions(approvalsRequired: 1 | 2 = 1): GatewayOptions {
  return { mqttUrl: null, prometheusUrl: null, kubeconfig: null, signingKeyPath: null, approvalsRequired };
}

/** A gateway under test with its tokens. */
export interface TestGateway extends Gateway {
  dir: string;
  dbPath: string;
  tokens: Record<Role | 'revoked' | 'operator2', string>;
  /** Authorization header for a token. */
  auth(token: string): { authorization: string };
}

/** Builds a gateway in a fresh temporary directory with tokens viewer, planner, operator, operator2 and a revoked operator one. */
export async function testGateway(over: Partial<BuildGatewayInput> & { approvals?: 1 | 2; extraModules?: GatewayModule[]; modulesInput?: GatewayModulesInput } = {}): Promise<TestGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'edgetwin-gw-'));
  const dbPath = join(dir, 'gateway.db');
  const gw = await buildGateway({ dbPath, options: offlineOptions(over.approvals ?? 1), modules: [...gatewayModules(over.modulesInput).modules, ...(over.extraModules ?? [])], ...over });
  const make = (role: Role, name: string) => createToken(gw.ctx.db, { role, name });
  const revoked = make('operator', 'revoked-op');
  revokeToken(gw.ctx.db, revoked.info.id);
  const tokens = {
    viewer: make('viewer', 'vera').token, planner: make('planner', 'pat').token,
    operator: make('operator', 'olga').token, operator2: make('operator', 'omar').token, revoked: revoked.token,
  };
  return { ...gw, dir, dbPath, tokens, auth: (t) => ({ authorization: `Bearer ${t}` }) };
}

let cached: { approvable: Plan; blocked: Plan } | null = null;

/** Two real plans from the real planner (cached per test file): approvable (variant edge) and blocked (variant gateway). */
export function realPlans(): { approvable: Plan; blocked: Plan } {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'edgetwin-gw-plans-'));
  const make = (variant: string, extra: string[]) => {
    const out = join(dir, `${variant}.json`);
    const r = spawnSync(process.execPath, ['cli/bin.mjs', 'plan', 'tests/fixtures/whatif/plan-small.experiment.yaml', '--variant', variant, '--out', out, ...extra], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: '1' } });
    if (r.status !== 0 && r.status !== 1) throw new Error(`edgetwin plan --variant ${variant} failed (${r.status}): ${r.stderr}`);
    return JSON.parse(readFileSync(out, 'utf8')) as Plan;
  };
  cached = { approvable: make('edge', []), blocked: make('gateway', ['--seeds', '1']) };
  if (cached.approvable.status !== 'approvable' || cached.blocked.status !== 'blocked') throw new Error('the plan-small fixture no longer gives one approvable and one blocked plan');
  return cached;
}
