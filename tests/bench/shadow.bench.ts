/**
 * Shadow mode's cost per poll: scoring every node's prediction (M/M/c utilisation and latency
 * percentiles) and refitting the calibration on the window, for fleets of 100 and 1,000 nodes
 * in steady state (a 5-minute window at 15 s polls: 20 observations per node in the fit). The
 * issue sets no target; the CPU-only poll (no latency reported, so no percentiles to solve)
 * measured in the same run is the baseline.
 */
import type { Observations } from '../../connectors/shadow/observation.ts';
import type { ShadowModel } from '../../connectors/shadow/predict.ts';
import { Shadow } from '../../connectors/shadow/shadow.ts';
import { median, type BenchResult, type BenchSuite } from './harness.ts';

function pollMs(nodes: number, withLatency: boolean, polls: number): number[] {
  const model: ShadowModel = { nodes: new Map(), services: new Map([['cam/detect', { cpuWorkMs: 2 }], ['cam/track', { cpuWorkMs: 1 }]]), links: new Map() };
  for (let i = 0; i < nodes; i++) model.nodes.set(`edge-${i}`, { cores: 4, coreSpeed: 1 });
  let now = 0;
  const shadow = new Shadow({ model, nowMs: () => now, windowMs: 300_000, intervalMs: 15_000 });
  const out: number[] = [];
  for (let t = 0; t < polls; t++) {
    now = t * 15_000;
    const obs: Observations = { nodes: new Map(), links: new Map(), problems: [] };
    for (let i = 0; i < nodes; i++) {
      obs.nodes.set(`edge-${i}`, {
        cpu: 0.3 + ((i + t) % 7) / 100,
        ratesPerS: new Map([['cam/detect', 200 + ((i * 7 + t) % 50)], ['cam/track', 100]]),
        ...(withLatency ? { latency: new Map([['cam/detect', { p50Ms: 3, p95Ms: 9 }], ['cam/track', { p50Ms: 1.5, p95Ms: 4 }]]) } : {}),
      });
    }
    const t0 = performance.now();
    shadow.record(obs, now);
    shadow.state();
    // Only steady-state polls count: the window is full after 20.
    if (t >= 20) out.push(performance.now() - t0);
  }
  return out;
}

const suite: BenchSuite = {
  name: 'shadow',
  async run({ quick }) {
    const polls = quick ? 26 : 40;
    const rows: BenchResult[] = [];
    for (const n of quick ? [100] : [100, 1000]) {
      const full = median(pollMs(n, true, polls));
      const cpuOnly = median(pollMs(n, false, polls));
      rows.push({ name: `poll: score + calibrate, ${n.toLocaleString('en-US')} nodes, cpu + latency`, value: full, unit: 'ms', note: `cpu-only poll ${cpuOnly.toFixed(1)} ms (${(full / cpuOnly).toFixed(1)}×); window 20 polls` });
    }
    return rows;
  },
};
export default suite;
