/** A small site for the autoscaler tests: sensors behind two gateways, workers on a core switch. */
import { parseScenario } from '../../../../sim-core/scenario/parse.ts';
import type { ScenarioModel } from '../../../../sim-core/scenario/model.ts';

export interface SiteOptions {
  /** Worker nodes (1 core, 1000m) besides w1, which runs the first replica. */
  workers?: number;
  /** Sensors per gateway, each periodic every `periodMs` with constant `cpuWorkMs` on a 1-core worker. */
  sensorsPerGw?: number;
  periodMs?: number;
  cpuWorkMs?: number;
  duration?: string;
  /** YAML of spec.autoscalers entries (indented list items), spec.nodePools, spec.faults. */
  autoscalers?: string;
  nodePools?: string;
  faults?: string;
  workerCores?: number;
}

/** The site's YAML text. */
export function siteYaml(o: SiteOptions = {}): string {
  const workers = o.workers ?? 3, per = o.sensorsPerGw ?? 5, cores = o.workerCores ?? 1;
  const sensors: string[] = [];
  for (const g of [1, 2]) for (let k = 1; k <= per; k++) sensors.push(`s${g}-${k}`);
  return `apiVersion: edgetwin.io/v1alpha1
kind: Scenario
metadata: {name: hpa-site}
spec:
  seed: 7
  duration: ${o.duration ?? '5m'}
  sampleEvery: 1h
  nodeClasses:
    sensor: {tier: sensor, arch: microcontroller, power: {idle: 0.1, max: 0.2}}
    gateway: {tier: gateway, cores: 1, coreSpeed: 1, memory: 1Gi, power: {idle: 5, max: 10}}
    worker: {tier: edge, cores: ${cores}, coreSpeed: 1, memory: 8Gi, power: {idle: 40, max: 120}, costPerHour: 0.36}
  nodes:
    - {id: core, tier: edge, cores: 1, memory: 1Gi}
    - {id: gw-1, class: gateway}
    - {id: gw-2, class: gateway}
${Array.from({ length: workers + 1 }, (_, k) => `    - {id: w${k + 1}, class: worker}`).join('\n')}
${sensors.map((id) => `    - {id: ${id}, class: sensor}`).join('\n')}
  links:
    - {between: [gw-1, core], type: fibre, latency: 1ms}
    - {between: [gw-2, core], type: fibre, latency: 1ms}
${Array.from({ length: workers + 1 }, (_, k) => `    - {between: [core, w${k + 1}], type: ethernet, latency: ${(0.2 + 0.1 * k).toFixed(1)}ms}`).join('\n')}
${sensors.map((id) => `    - {between: [${id}, gw-${id[1]}], type: ethernet, latency: 0.3ms}`).join('\n')}
  apps:
    - id: app
      slo: {latency: 100ms, percentile: 95}
      services:
        - id: svc
          cpuWork: ${o.cpuWorkMs ?? 10}ms
          serviceTime: constant
          requests: {cpu: ${cores * 1000}m, memory: 2Gi}
          replicas: 1
  streams:
    - id: readings
      app: app
      sources: {selector: {tier: sensor}}
      size: 1KB
      arrival: {periodic: {period: ${o.periodMs ?? 200}ms}}
${o.faults ? `  faults:\n${o.faults}` : ''}
${o.autoscalers ? `  autoscalers:\n${o.autoscalers}` : ''}
${o.nodePools ? `  nodePools:\n${o.nodePools}` : ''}
`;
}

export function site(o: SiteOptions = {}): ScenarioModel {
  return parseScenario(siteYaml(o), 'hpa-site.yaml');
}

/** An autoscaling/v2 HPA on app/svc with a cpu Utilization target, as a YAML list item. */
export function cpuHpa(o: { target: number; min?: number; max?: number; ext?: string; behavior?: string; name?: string }): string {
  return `    - apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: {name: ${o.name ?? 'svc-hpa'}}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app/svc}
        minReplicas: ${o.min ?? 1}
        maxReplicas: ${o.max ?? 10}
        metrics:
          - type: Resource
            resource: {name: cpu, target: {type: Utilization, averageUtilization: ${o.target}}}
${o.behavior ? `        behavior:\n${o.behavior}\n` : ''}${o.ext ? `      x-edgetwin: ${o.ext}\n` : ''}`;
}
