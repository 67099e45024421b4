/**
 * The controller (sim-core/orchestrator/control) on its own, as the gateway will call it: one
 * `decide()` over a centralized fleet of 1,000 nodes (two services desired on each, heartbeats
 * every second, a phi detector), (1) in steady state — every node healthy, desired = observed, so
 * the step is detection plus reconciliation over every node — and (2) right after 10 nodes were
 * declared failed past their grace period: 20 relocations, each scheduled by the production
 * scheduler over the 990 others. The bench checks what it measures: steady state yields no action,
 * the failure step 20 relocate actions.
 */
import os from 'node:os';
import { decide } from '../../sim-core/orchestrator/control/controller.ts';
import type { ControllerConfig, ObservedState, WatchedNode } from '../../sim-core/orchestrator/control/observed.ts';
import { schedulerPlacer } from '../../sim-core/orchestrator/control/scheduler-placer.ts';
import { newHistory, recordHeartbeat, type DetectorSpec } from '../../sim-core/orchestrator/detector/failure-detector.ts';
import type { Node, Pod } from '../../sim-core/orchestrator/scheduler/api-types.ts';
import { edgeProfileSpec, edgeRegistry } from '../../sim-core/orchestrator/scheduler/plugins/edge-profile.ts';
import { buildProfile } from '../../sim-core/orchestrator/scheduler/profile.ts';
import { fmt, median, timeRuns, type BenchResult, type BenchSuite } from './harness.ts';

const GI = 1024 ** 3;
const HB_MS = 1000;
const NOW_MS = 120_000;
const PHI: DetectorSpec = { kind: 'phi', threshold: 8, windowSize: 50, minSdMs: 100, firstIntervalMs: HB_MS };
const SERVICES = ['app/ingest', 'app/detect', 'app/store', 'app/alert'];

function fleet(n: number, failed: number) {
  const ids = Array.from({ length: n }, (_, i) => `edge-${String(i).padStart(4, '0')}`);
  const master = 'cloud-0';
  const desired: Record<string, string[]> = {};
  const running: Record<string, string[]> = {};
  const byService: Record<string, string[]> = Object.fromEntries(SERVICES.map((s) => [s, []]));
  ids.forEach((id, i) => {
    const mine = [SERVICES[i % 4]!, SERVICES[(i + 1) % 4]!];
    desired[id] = mine;
    running[id] = i < failed ? [] : mine;
    if (i >= failed) for (const s of mine) byService[s]!.push(id);
  });
  const watched: WatchedNode[] = ids.map((id, i) => {
    const h = newHistory(PHI, 0);
    const last = i < failed ? NOW_MS - 30_000 : NOW_MS;
    for (let t = HB_MS; t <= last; t += HB_MS) recordHeartbeat(h, t);
    return { node: id, history: h, declaredAtMs: i < failed ? NOW_MS - 20_000 : null, reportsTo: master };
  });
  const observed: ObservedState = {
    nodes: [{ id: master, region: 'r', component: 0 }, ...ids.map((id, i) => ({ id, region: 'r', component: i < failed ? -1 : 0 }))],
    watched: { [master]: watched }, desired, running,
  };
  const k8s: Node[] = ids.map((id) => ({ name: id, labels: { 'kubernetes.io/hostname': id }, allocatable: { cpu: 8000, memory: 16 * GI, pods: 110 }, edge: { zone: `z-${id}` } }));
  const tpl: Omit<Pod, 'name'> = { namespace: 'default', containers: [{ requests: { cpu: 500, memory: GI } }] };
  return { observed, k8s, byService, templates: Object.fromEntries(SERVICES.map((s) => [s, tpl])) };
}

const suite: BenchSuite = {
  name: 'controller',
  async run({ quick }) {
    const n = 1000;
    const cfg: ControllerConfig = { model: 'centralized', master: 'cloud-0', regional: {}, members: [], heartbeatEveryMs: HB_MS, detector: PHI, gracePeriodMs: 10_000 };
    const profile = buildProfile(edgeProfileSpec(), edgeRegistry());
    const load = `load avg ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`;
    const rows: BenchResult[] = [];

    const steady = fleet(n, 0);
    const idle = decide(cfg, steady.observed, NOW_MS, () => null);
    if (idle.length !== 0) throw new Error(`steady state should need no action, got ${idle.length}`);
    const reps = quick ? 5 : 30;
    const steadyMs = median(await timeRuns(reps, () => decide(cfg, steady.observed, NOW_MS, () => null)));
    rows.push({ name: `controller: decide(), ${fmt(n)} healthy nodes`, value: 1000 / steadyMs, unit: 'steps/s', note: `${steadyMs.toFixed(2)} ms a step (detect + reconcile over every node); median of ${reps}; ${load}` });

    const broken = fleet(n, 10);
    const placerFor = () => schedulerPlacer({ nodes: broken.k8s, running: broken.byService, templates: broken.templates, profile });
    const acts = decide(cfg, broken.observed, NOW_MS, placerFor());
    const relocations = acts.filter((a) => a.kind === 'relocate').length;
    if (relocations !== 20) throw new Error(`expected 20 relocations, got ${relocations} (${acts.map((a) => a.kind).join(', ')})`);
    // The placer is built per step outside the timing (a gateway keeps its cluster state between steps).
    const times: number[] = [];
    for (let i = 0; i < (quick ? 3 : 10); i++) {
      const placer = placerFor();
      const t0 = performance.now();
      decide(cfg, broken.observed, NOW_MS, placer);
      times.push(performance.now() - t0);
    }
    const stepMs = median(times);
    rows.push({
      name: `controller: decide() with 20 relocations, ${fmt(n)} nodes`, value: stepMs, unit: 'ms',
      note: `${fmt((20 * 1000) / stepMs)} relocations/s, each scheduled over ${fmt(n - 10)} nodes with the edge profile's scores; median of ${times.length}; ${load}`,
    });
    return rows;
  },
};
export default suite;
