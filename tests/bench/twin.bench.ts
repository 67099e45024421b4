/**
 * Whole-twin throughput and scale (issue "Simulation foundation", benchmark section). Each run
 * is a child process (fixtures/run-workload.ts), so peak RSS is that run's alone and one
 * workload's garbage never slows the next. Workloads: fixtures/twin-workloads.ts.
 *  1. events/s on a mid-size fabric (8,445 nodes, 8,000 sensors every 2 s, 10 simulated min);
 *  2. 10,000 nodes + 100,000 sensors (one reading a minute, gateway threshold filter), 1 h;
 *  3. EdgeCloudSim's sample-app size: 1,000 mobile devices, WLAN/MAN/WAN, 30 min, ~95k tasks.
 * Quick mode runs a tenth of each (simulated time) and leaves the size targets unjudged. Wall times suffer when other processes load
 * the machine, so each row also gives the run's own CPU time and the load average.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { checkRouterLeafChanges } from './fixtures/router-leaf-check.ts';
import { fmt, median, type BenchResult, type BenchSuite } from './harness.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** What fixtures/run-workload.ts prints. */
interface RunOut {
  nodes: number; buildMs: number; runMs: number; runCpuMs: number; events: number; peakRssBytes: number;
  traceHash: string; lifecycle: Record<string, number>; apps: { id: string; completed: number; dropped: number; p95: number }[];
}

function runChild(workload: 'mid' | 'big' | 'ecs', scale: number): RunOut {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'fixtures/run-workload.ts'), workload, String(scale)], {
    cwd: join(here, '../..'), encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as RunOut;
}

function runs(workload: 'mid' | 'big' | 'ecs', scale: number, reps: number): RunOut[] {
  const out = Array.from({ length: reps }, () => runChild(workload, scale));
  // Same model, same seed: every repetition must replay the same events.
  if (new Set(out.map((r) => r.traceHash)).size !== 1) throw new Error(`${workload}: trace hashes differ between runs`);
  return out;
}

const load = () => `load avg ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`;

const suite: BenchSuite = {
  name: 'twin',
  async run({ quick }) {
    const scale = quick ? 0.1 : 1;
    const rows: BenchResult[] = [];
    // The workloads lean on the router's leaf-change patching (handovers): check it first.
    checkRouterLeafChanges(quick ? 300 : 2000);

    const mid = runs('mid', scale, quick ? 1 : 3);
    const evps = median(mid.map((r) => r.events / (r.runMs / 1000)));
    const evpsCpu = median(mid.map((r) => r.events / (r.runCpuMs / 1000)));
    rows.push({
      name: `twin: events/s, mid fabric (${fmt(mid[0]!.nodes)} nodes)`, value: evps, unit: 'events/s', target: '>= 1M events/s', ok: evps >= 1e6,
      note: `${fmt(mid[0]!.events)} events, median of ${mid.length}; per CPU-second ${fmt(evpsCpu)}; ${load()}`,
    });

    const big = runs('big', scale, 1)[0]!;
    const wallS = (big.buildMs + big.runMs) / 1000;
    const rssMb = big.peakRssBytes / 2 ** 20;
    rows.push({
      name: `twin: 10k nodes + 100k sensors, ${quick ? '6 min' : '1 h'} simulated`, value: wallS, unit: 's', target: quick ? '< 60 s at full size' : '< 60 s',
      ok: quick ? undefined : wallS < 60,
      note: `build ${fmt(big.buildMs / 1000)} s + run ${fmt(big.runMs / 1000)} s (CPU ${fmt(big.runCpuMs / 1000)} s); ${fmt(big.events)} events, ${fmt(big.events / (big.runMs / 1000))} events/s; ${load()}`,
    });
    rows.push({ name: 'twin: 10k nodes + 100k sensors, peak RSS', value: rssMb, unit: 'MB', target: '< 2 GB', ok: rssMb < 2048, note: 'max RSS of the child process (OS figure)' });

    const ecs = runs('ecs', scale, quick ? 1 : 3);
    const ecsMs = median(ecs.map((r) => r.buildMs + r.runMs));
    const tasks = ecs[0]!.apps.reduce((n, a) => n + a.completed + a.dropped, 0);
    rows.push({
      name: `twin: EdgeCloudSim-sized (1,000 devices, ${quick ? '3' : '30'} min)`, value: ecsMs, unit: 'ms', target: quick ? '< 1 s at full size' : '< 1 s',
      ok: quick ? undefined : ecsMs < 1000,
      note: `build + run, ${fmt(tasks)} tasks, ${fmt(ecs[0]!.events)} events, median of ${ecs.length}; run CPU ${fmt(median(ecs.map((r) => r.runCpuMs)))} ms; EdgeCloudSim: 10–18 s; ${load()}`,
    });
    return rows;
  },
};
export default suite;
