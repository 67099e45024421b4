/**
 * The Pods (queue_length) and Object (latency_p95_ms) metrics the twin provides, on an overloaded
 * replica: 10 sensors × 10/s × 15 ms = 1.5 cores on one 1-core worker, so the queue grows by
 * ~33 messages/s (~500 waiting at the first sync) and latencies climb past a second. Either metric
 * asks for far more than the default scale-up policy allows in one sync: max(1 + 4 pods, 1 + 100 %)
 * = 5 replicas (ScaleUpLimit).
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../../sim-core/twin/simulation.ts';
import { site } from './fixture.ts';

const hpa = (metric: string) => `    - apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: {name: h}
      spec:
        scaleTargetRef: {kind: Deployment, name: app/svc}
        maxReplicas: 8
        metrics:
          - ${metric}
`;

function firstEvent(metric: string) {
  const sim = new Simulation(site({ workers: 8, periodMs: 100, cpuWorkMs: 15, duration: '20s', autoscalers: hpa(metric) }));
  sim.runToEnd();
  const a = (sim.report({ exact: true }) as unknown as { autoscaling: { scaleEvents: { atMs: number; from: number; to: number; reason: string; metrics: Record<string, number> }[] }[] }).autoscaling[0]!;
  return a.scaleEvents[0]!;
}

describe('HPA metrics in the twin', () => {
  it('Pods queue_length (messages waiting per pod)', () => {
    const e = firstEvent('{type: Pods, pods: {metric: {name: queue_length}, target: {type: AverageValue, averageValue: "50"}}}');
    expect(e).toMatchObject({ atMs: 15_000, from: 1, to: 5, reason: 'ScaleUpLimit' });
    // 100 arrivals/s against 66.7 served/s: ~33 more waiting every second, ~500 at 15 s.
    expect(e.metrics.queue_length).toBeGreaterThan(400);
    expect(e.metrics.queue_length).toBeLessThan(600);
  });

  it('Object latency_p95_ms (the app\'s p95 over the last sync period)', () => {
    const e = firstEvent('{type: Object, object: {describedObject: {kind: Service, name: app}, metric: {name: latency_p95_ms}, target: {type: Value, value: "50"}}}');
    expect(e).toMatchObject({ atMs: 15_000, from: 1, to: 5, reason: 'ScaleUpLimit' });
    expect(e.metrics.latency_p95_ms).toBeGreaterThan(1000);
  });
});
