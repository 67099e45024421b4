/**
 * Child process of the SIGKILL durability test: opens the gateway on DB, stores the plan in PLAN
 * (a file), then approves it through the real route, over and over, each time with a fresh
 * operator token (an approval row plus its audit entry, in one transaction), mixed with refused
 * approvals (audit entry only) and plain audit appends. Prints `progress N` after each round so
 * the parent can kill it at any point. Run: node --import tsx approve-loop.ts DB PLAN
 */
import { readFileSync } from 'node:fs';
import { buildGateway } from '../../../../connectors/gateway/server.ts';
import { gatewayModules } from '../../../../connectors/gateway/modules.ts';
import { createToken } from '../../../../connectors/gateway/tokens.ts';

const [dbPath, planPath] = process.argv.slice(2) as [string, string];
const plan = JSON.parse(readFileSync(planPath, 'utf8')) as { hash: string };
const gw = await buildGateway({ dbPath, options: { mqttUrl: null, prometheusUrl: null, kubeconfig: null, signingKeyPath: null, approvalsRequired: 1 }, modules: gatewayModules().modules, limits: { rateLimit: { burst: 1e9, perSecond: 1e9 } } });
const planner = createToken(gw.ctx.db, { role: 'planner', name: 'loop-planner' }).token;
const created = await gw.app.inject({ method: 'POST', url: '/api/v1/plans', headers: { authorization: `Bearer ${planner}` }, payload: plan });
if (created.statusCode !== 201 && created.statusCode !== 200) throw new Error(`plan not stored: ${created.body}`);
for (let round = 0; ; round++) {
  const op = createToken(gw.ctx.db, { role: 'operator', name: `op-${process.pid}-${round}` }).token;
  const url = `/api/v1/plans/${plan.hash}/approve`;
  const ok = await gw.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${op}` }, payload: { comment: `round ${round}` } });
  if (ok.statusCode !== 200) throw new Error(`approval refused: ${ok.body}`);
  const twice = await gw.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${op}` }, payload: {} });
  if (twice.statusCode !== 409) throw new Error(`second approval by the same token answered ${twice.statusCode}`);
  gw.ctx.audit.append({ actor: 'system', action: 'test.tick', target: `round-${round}`, outcome: 'ok', reason: 'filler', detail: { round, pad: 'x'.repeat(round % 200) } });
  process.stdout.write(`progress ${round}\n`);
}
