/**
 * Edge agent benchmarks (run by npm run bench): the accept
 * decision (ed25519 verify dominates), the atomic state write (fsync dominates), and the time from
 * publishing a signed desired state on a real Mosquitto to the agent's 'applied' report, with
 * unchanged workloads (the protocol path alone) and with one new process per version. No targets
 * in the issue, so rows carry none.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import { acceptDesiredState } from '../../connectors/agent/accept.ts';
import { startAgent } from '../../connectors/agent/agent.ts';
import { saveState } from '../../connectors/agent/state-store.ts';
import type { ApplyReport } from '../../connectors/mqtt/reports.ts';
import { topicFor } from '../../connectors/mqtt/topics.ts';
import type { Workload } from '../../connectors/signing/desired-state.ts';
import { median, timeRuns, type BenchResult, type BenchSuite } from './harness.ts';
import { startMosquitto } from '../connectors/support/real-servers.ts';
import { payload, signed, testKey } from '../connectors/agent/support/states.ts';

const perSec = (count: number, ms: number[]) => count / (median(ms) / 1000);

async function publishToApplied(versions: number, workloadsOf: (v: number) => Workload[]): Promise<number[]> {
  const broker = await startMosquitto();
  const gw = testKey();
  const node = 'bench-agent';
  const agent = await startAgent({ brokerUrl: broker.url, node, trustedKeys: gw.trust, stateDir: mkdtempSync(join(tmpdir(), 'edgetwin-agent-bench-')), log: () => {} });
  const client = await connectAsync(broker.url, { protocolVersion: 5 });
  (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true); // measure the agent, not this client's Nagle delay
  const waiting = new Map<number, () => void>();
  client.on('message', (_t, b) => { const r = JSON.parse(b.toString()) as ApplyReport; if (r.outcome === 'applied' && r.version !== null) waiting.get(r.version)?.(); });
  await client.subscribeAsync(topicFor(node, 'report'), { qos: 1 });
  const out: number[] = [];
  try {
    for (let v = 1; v <= versions; v++) {
      const body = JSON.stringify(signed(gw, payload(node, v, workloadsOf(v))));
      const done = new Promise<void>((resolve) => waiting.set(v, resolve));
      const t0 = performance.now();
      await client.publishAsync(topicFor(node, 'desired'), body, { qos: 1, retain: true });
      await done;
      if (v > 1) out.push(performance.now() - t0); // version 1 starts every process: warm-up
    }
  } finally {
    await client.endAsync();
    await agent.stop();
    await broker.stop();
  }
  return out;
}

const suite: BenchSuite = {
  name: 'agent',
  async run({ quick }) {
    const rows: BenchResult[] = [];
    const gw = testKey();
    const node = 'edge-bench';
    const ten = Array.from({ length: 10 }, (_, i) => ({ service: `app/s${i}`, command: ['sleep', '60'], env: { PORT: String(8000 + i) } }));
    const state = JSON.parse(JSON.stringify(signed(gw, payload(node, 2, ten)))) as unknown;
    const N = quick ? 200 : 2000;
    const accept = await timeRuns(5, () => { for (let i = 0; i < N; i++) acceptDesiredState(state, { node, trustedKeys: gw.trust, runningVersion: 1, nowMs: Date.now() }); });
    rows.push({ name: 'acceptDesiredState, 10 workloads, valid (ed25519 verify)', value: perSec(N, accept), unit: 'states/s' });
    const dir = mkdtempSync(join(tmpdir(), 'edgetwin-agent-bench-'));
    const s = signed(gw, payload(node, 2, ten));
    const saves = await timeRuns(quick ? 10 : 50, () => saveState(dir, s));
    rows.push({ name: 'saveState, 10 workloads (tmp, fsync, rename, fsync dir)', value: median(saves), unit: 'ms', note: 'tmpfs or disk, as the machine has it' });
    const versions = quick ? 6 : 21;
    const same = await publishToApplied(versions, () => [{ service: 'app/a' }, { service: 'app/b' }]);
    rows.push({ name: 'publish → applied report, workloads unchanged (real Mosquitto)', value: median(same), unit: 'ms', note: `${same.length} versions` });
    const fresh = await publishToApplied(versions, (v) => [{ service: 'app/a' }, { service: `app/v${v}` }]);
    rows.push({ name: 'publish → applied report, one new process per version', value: median(fresh), unit: 'ms', note: `${fresh.length} versions; includes the 150 ms start grace` });
    return rows;
  },
};

export default suite;
