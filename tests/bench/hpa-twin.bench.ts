/**
 * The HPA inside the twin (npm run bench -- hpa-twin): events/s of a 1,000-node fabric for one
 * simulated hour, with ten autoscaled apps (cpu 50 %, 15 s syncs, a node pool of 40 workers) vs
 * the same fabric without autoscalers (each service on 4 fixed replicas), in one run. The issue
 * names no target, so the rows carry none.
 */
import { parseScenario } from '../../sim-core/scenario/parse.ts';
import { Simulation } from '../../sim-core/twin/simulation.ts';
import { median, timeRuns, type BenchSuite } from './harness.ts';

/** 40 gateways × 20 sensors, 10 apps (one service each, fed by 4 gateways), 119 workers + 40 pool nodes + core = 1,000 nodes. */
function fabric(autoscale: boolean, minutes: number): string {
  const lines: string[] = [];
  const nodes: string[] = ['    - {id: core, tier: edge, cores: 1, memory: 1Gi}'];
  const links: string[] = [];
  for (let g = 1; g <= 40; g++) {
    nodes.push(`    - {id: gw-${g}, class: gateway}`);
    links.push(`    - {between: [gw-${g}, core], type: fibre, latency: 1ms}`);
    for (let k = 1; k <= 20; k++) { nodes.push(`    - {id: s${g}-${k}, class: sensor, labels: {app: a${Math.ceil(g / 4)}}}`); links.push(`    - {between: [s${g}-${k}, gw-${g}], type: ethernet, latency: 0.3ms}`); }
  }
  for (let w = 1; w <= 119; w++) { nodes.push(`    - {id: w${w}, class: worker}`); links.push(`    - {between: [w${w}, core], type: ethernet, latency: 0.2ms}`); }
  const apps: string[] = [], streams: string[] = [], hpas: string[] = [];
  for (let a = 1; a <= 10; a++) {
    apps.push(`    - {id: a${a}, slo: {latency: 1s, percentile: 95}, services: [{id: svc, cpuWork: 100ms, requests: {cpu: 1000m, memory: 2Gi}, replicas: ${autoscale ? 1 : 4}}]}`);
    streams.push(`    - {id: r${a}, app: a${a}, sources: {selector: {labels: {app: a${a}}}}, size: 1KB, arrival: {poisson: {rate: 0.3}}}`);
    hpas.push(`    - {apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, metadata: {name: a${a}}, spec: {scaleTargetRef: {kind: Deployment, name: a${a}/svc}, minReplicas: 1, maxReplicas: 16, metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]}, x-edgetwin: {startupDelay: 30s}}`);
  }
  lines.push(`apiVersion: edgetwin.io/v1alpha1
kind: Scenario
metadata: {name: hpa-bench}
spec:
  seed: 5
  duration: ${minutes}m
  sampleEvery: 1h
  nodeClasses:
    sensor: {tier: sensor, arch: microcontroller, power: {idle: 0.1, max: 0.2}}
    gateway: {tier: gateway, cores: 1, memory: 1Gi, power: {idle: 5, max: 10}}
    worker: {tier: edge, cores: 1, memory: 8Gi, power: {idle: 40, max: 120}, costPerHour: 0.25}
  nodes:
${nodes.join('\n')}
  links:
${links.join('\n')}
  apps:
${apps.join('\n')}
  streams:
${streams.join('\n')}
  nodePools:
    - {name: burst, class: worker, attachTo: core, max: 40, provisioningDelay: 3m}`);
  if (autoscale) lines.push(`  autoscalers:\n${hpas.join('\n')}`);
  return lines.join('\n') + '\n';
}

const suite: BenchSuite = {
  name: 'hpa-twin',
  async run({ quick }) {
    const minutes = quick ? 6 : 60;
    const rows = [];
    for (const autoscale of [false, true]) {
      const model = parseScenario(fabric(autoscale, minutes), 'hpa-bench.yaml');
      if (model.nodes.length !== 1000) throw new Error(`bench fabric has ${model.nodes.length} nodes, expected 1,000`);
      let events = 0;
      const ms = await timeRuns(1, () => { const sim = new Simulation(model); sim.runToEnd(); events = sim.report().events; });
      rows.push({ name: `twin, 1,000 nodes, ${minutes} min, autoscalers ${autoscale ? 'on (10 HPAs, node pool)' : 'off (4 fixed replicas each)'}`, value: events / (median(ms) / 1000), unit: 'events/s', note: `${events} events, median ${Math.round(median(ms))} ms` });
    }
    return rows;
  },
};
export default suite;
