/**
 * Policy engine throughput: route decisions per second against a realistic 20-policy set (the
 * twin asks once per routed message), and compiled expression evaluations per second, with a
 * hand-written JavaScript closure of the same condition as the baseline measured in the same run.
 */
import { compilePolicies } from '../../sim-core/orchestrator/policy/compile.ts';
import { routeDecision, type RouteQuery } from '../../sim-core/orchestrator/policy/decide.ts';
import { compileExpr } from '../../sim-core/orchestrator/policy/expr/evaluate.ts';
import type { PolicyDoc } from '../../sim-core/orchestrator/policy/types.ts';
import os from 'node:os';
import { median, timeRuns, type BenchResult, type BenchSuite } from './harness.ts';

/** Like timeRuns but in process CPU ms (user + system): on a shared, oversubscribed machine it
 * shows what the engine costs rather than how long it waited for a core. */
function cpuRuns(reps: number, fn: () => void): number[] {
  fn();
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(t0);
    out.push((d.user + d.system) / 1000);
  }
  return out;
}

const REGION = 'topology.kubernetes.io/region';

/** 20 policies: 14 consulted on route (residency, encryption, access allow/deny), 6 on other actions. */
function policySet(): PolicyDoc[] {
  const docs: PolicyDoc[] = [
    { id: 'eu-camera-residency', spec: { type: 'residency', tags: ['camera-footage', 'pii'], regions: ['eu-west', 'eu-central'] } },
    { id: 'us-health-residency', spec: { type: 'residency', tags: ['phi'], regions: ['us-east', 'us-west'] } },
    { id: 'plant-zone-residency', spec: { type: 'residency', tags: ['plant-secrets'], zones: ['plant-a', 'plant-b'] } },
    { id: 'encrypt-wireless-wan', spec: { type: 'encryption', linkTypes: ['satellite', 'lte'] } },
    { id: 'encrypt-pii-wifi', spec: { type: 'encryption', linkTypes: ['wifi', '5g'], tags: ['pii'] } },
    { id: 'allow-route-default', spec: { type: 'access', effect: 'allow', actions: ['route'] } },
    { id: 'deny-lora-video', spec: { type: 'access', effect: 'deny', actions: ['route'], match: { stream: { tags: ['raw-video'] }, link: { type: 'lora' } } } },
    { id: 'deny-low-to-cloud', spec: { type: 'access', effect: 'deny', actions: ['route'], when: 'stream.priority == "low" && to.tier == "cloud" && context.wanUtilization > 0.9' } },
    { id: 'deny-quarantined-dest', spec: { type: 'access', effect: 'deny', actions: ['route'], when: 'to.labels has "quarantine" && to.labels["quarantine"] == "true"' } },
    { id: 'deny-pii-to-thirdparty', spec: { type: 'access', effect: 'deny', actions: ['route'], match: { stream: { tags: ['pii'] }, to: { labels: { owner: 'third-party' } } } } },
    { id: 'deny-sat-bulk', spec: { type: 'access', effect: 'deny', actions: ['route'], when: 'stream.sizeBytes > 5000000 && stream.priority != "high" && to.tier == "cloud" && from.tier == "gateway"' } },
    { id: 'deny-test-streams-prod', spec: { type: 'access', effect: 'deny', actions: ['route'], when: 'stream.id startsWith "test-" && to.labels[REGION] matches "eu-*"'.replace('REGION', `"${REGION}"`) } },
    { id: 'deny-decommissioned', spec: { type: 'access', effect: 'deny', actions: ['route'], match: { to: { labels: { lifecycle: ['decommissioning', 'retired'] } } } } },
    { id: 'deny-cross-tenant', spec: { type: 'access', effect: 'deny', actions: ['route'], when: 'from.labels has "tenant" && to.labels has "tenant" && from.labels.tenant != to.labels.tenant' } },
    { id: 'raw-video-24h', spec: { type: 'retention', tags: ['raw-video'], maxRetentionMs: 86_400_000 } },
    { id: 'telemetry-30d', spec: { type: 'retention', tags: ['telemetry'], maxRetentionMs: 30 * 86_400_000 } },
    { id: 'attested-sensitive', spec: { type: 'attestation' } },
    { id: 'least-privilege', spec: { type: 'talk', sameApp: true, allow: [] } },
    { id: 'gpu-inference', spec: { type: 'placement', match: { workload: { labels: { accelerator: 'gpu' } } }, require: [{ when: 'node.gpus > 0' }], prefer: [{ weight: 70, node: { tier: 'edge' } }] } },
    { id: 'change-freeze', spec: { type: 'access', effect: 'deny', actions: ['push', 'approve-plan'], when: 'context.changeFreeze == true' } },
  ];
  return docs;
}

function queries(): RouteQuery[] {
  const tiers = ['gateway', 'edge', 'regional', 'cloud'];
  const regions = ['eu-west', 'eu-central', 'us-east'];
  const tagSets = [['camera-footage', 'raw-video'], ['telemetry'], ['pii'], [], ['phi']];
  const links = ['fibre', 'ethernet', 'lte', 'satellite', 'wifi', '5g'];
  const out: RouteQuery[] = [];
  for (let i = 0; i < 64; i++) {
    const node = (k: number) => {
      const region = regions[(i + k) % regions.length]!;
      return { id: `n${i}-${k}`, tier: tiers[(i * 3 + k) % tiers.length]!, region, zone: `${region}-a`, labels: { [REGION]: region, tenant: k % 5 === 0 ? 'a' : 'b' } };
    };
    out.push({
      stream: { id: `s${i}`, tags: tagSets[i % tagSets.length]!, priority: i % 3 === 0 ? 'low' : 'normal', sizeBytes: 1000 * (i + 1) },
      from: node(1), to: node(2),
      path: [{ type: links[i % links.length]! }, { type: links[(i + 2) % links.length]! }],
      context: { wanUtilization: (i % 10) / 10 },
    });
  }
  return out;
}

const suite: BenchSuite = {
  name: 'policy',
  async run({ quick }) {
    const rows: BenchResult[] = [];
    const set = compilePolicies(policySet());
    const qs = queries();
    const n = quick ? 100_000 : 2_000_000;
    const reps = quick ? 3 : 7;
    let sink = 0;
    const loop = () => { for (let i = 0; i < n; i++) if (routeDecision(set, qs[i & 63]!).decision === 'deny') sink++; };
    const times = await timeRuns(reps, loop);
    const cpu = cpuRuns(reps, loop);
    const denied = qs.filter((q) => routeDecision(set, q).decision === 'deny').length;
    const perS = n / (median(times) / 1000);
    const perCpuS = n / (median(cpu) / 1000);
    const load = `load avg ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`;
    rows.push({
      name: 'route decisions, 20-policy set (14 on route)', value: perS, unit: 'decisions/s', target: '>= 1M decisions/s', ok: perS >= 1e6,
      note: `wall clock; ${denied}/64 queries denied; ${load}`,
    });
    rows.push({
      name: 'route decisions, same, per CPU second', value: perCpuS, unit: 'decisions/s', target: '>= 1M decisions/s', ok: perCpuS >= 1e6,
      note: 'process CPU time (user+system), insensitive to waiting for a core',
    });

    const src = `node.labels["${REGION}"] == "eu-west" && stream.tags contains "pii" && workload.requests.cpuMillicores * 2 <= 4000`;
    const expr = compileExpr(src);
    const envs = Array.from({ length: 64 }, (_, i) => ({
      node: { labels: { [REGION]: i % 2 ? 'eu-west' : 'us-east' } },
      stream: { tags: i % 3 ? ['pii', 'raw-video'] : ['telemetry'] },
      workload: { requests: { cpuMillicores: 250 * (i % 12) } },
    }));
    const hand = (e: (typeof envs)[number]) => e.node.labels[REGION] === 'eu-west' && e.stream.tags.includes('pii') && e.workload.requests.cpuMillicores * 2 <= 4000;
    const m = quick ? 200_000 : 5_000_000;
    const tExpr = await timeRuns(reps, () => { for (let i = 0; i < m; i++) if (expr.test(envs[i & 63]!)) sink++; });
    const tHand = await timeRuns(reps, () => { for (let i = 0; i < m; i++) if (hand(envs[i & 63]!)) sink++; });
    const exprPerS = m / (median(tExpr) / 1000);
    const handPerS = m / (median(tHand) / 1000);
    rows.push({ name: 'expression evaluations (3 clauses, 9 nodes)', value: exprPerS, unit: 'evals/s', note: `hand-written JS baseline ${Math.round(handPerS).toLocaleString('en-US')}/s (${(handPerS / exprPerS).toFixed(1)}× faster)` });
    const tCompile = await timeRuns(reps, () => { for (let i = 0; i < 10_000; i++) compileExpr(src); });
    rows.push({ name: 'expression compiles (same expression)', value: 10_000 / (median(tCompile) / 1000), unit: 'compiles/s' });
    if (sink < 0) throw new Error('unreachable');
    return rows;
  },
};
export default suite;
