/** spec.releases and service image: resolution, defaults, and located refusals (issue 12). */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import { InputError, type InputIssue } from '../../../sim-core/text/input-error.ts';
import { planRelease } from '../../../sim-core/twin/rollout-plan.ts';

const doc = (releases: string, image = 'image: {name: score, version: 1}, ') => `apiVersion: edgetwin.io/v1alpha1
kind: Scenario
metadata: {name: rel}
spec:
  nodes:
    - {id: gw, tier: gateway}
    - {id: s1, tier: sensor}
  links:
    - {between: [s1, gw], type: ethernet, latency: 1ms, bandwidth: 100Mbps}
  apps:
    - id: a
      slo: {latency: 50ms}
      services:
        - {id: svc, cpuWork: 5ms, ${image}placement: [gw]}
  streams:
    - {id: r, app: a, sources: [s1], arrival: {periodic: {period: 1s}}, size: 1KiB}
  orchestrator: {placement: static}
  releases:
${releases}`;

function refusal(text: string): InputIssue[] {
  try { parseScenario(text, 'rel.yaml'); } catch (err) { if (err instanceof InputError) return err.issues; throw err; }
  throw new Error('expected a refusal');
}

describe('spec.releases resolution', () => {
  it('a canary: setWeight steps become cumulative weights with the pause after each; analysis defaults to the app SLO', () => {
    const m = parseScenario(doc(`    - service: a/svc
      at: 1m
      to: {version: 2, errorRate: 0.1}
      strategy: {steps: [{setWeight: 10}, {pause: 2m}, {pause: 30s}, {setWeight: 50}, {pause: 1m}], analysis: {maxErrorRate: 0.02}}`), 'rel.yaml');
    const r = m.releases![0]!;
    expect(r.weights).toEqual([10, 50, 100]); // 100 appended: Argo ends at full weight
    expect(r.pausesMs).toEqual([150_000, 60_000, 0]);
    expect(r.analysis).toEqual({ maxErrorRate: 0.02, latencyMsP95: 50, timeoutMs: 120_000 });
    expect(r.from).toEqual({ name: 'score', version: 1, errorRate: 0, latencyFactor: 1, cpuWorkFactor: 1, crashLoop: false });
    expect(r.to).toEqual({ name: 'score', version: 2, errorRate: 0.1, latencyFactor: 1, cpuWorkFactor: 1, crashLoop: false });
    expect([r.strategy, r.atMs, r.restartDelayMs, r.observeEveryMs]).toEqual(['canary', 60_000, 5_000, 10_000]);
    expect(m.apps[0]!.services[0]!.image).toEqual({ name: 'score', version: 1 });
  });

  it('all-at-once is one wave of 100% with no analysis; a chained release starts from the one before', () => {
    const m = parseScenario(doc(`    - {service: a/svc, at: 5m, to: {version: 3}, strategy: all-at-once}
    - {service: a/svc, at: 1m, to: {version: 2, latencyFactor: 2}, strategy: all-at-once}`, ''), 'rel.yaml');
    const [first, second] = m.releases!;
    expect([first!.to.version, second!.to.version]).toEqual([2, 3]); // ordered by at
    expect(first!.from.name).toBe('svc'); // no image: the service id, version 1
    expect(second!.from).toEqual(first!.to);
    expect([first!.weights, first!.pausesMs, first!.analysis]).toEqual([[100], [0], null]);
  });

  it('refusals are located and say what is allowed', () => {
    const issues = refusal(doc(`    - {service: a/nope, at: 1m, to: {version: 2}, strategy: all-at-once}
    - {service: svc, at: 1m, to: {version: 2}, strategy: all-at-once}
    - {service: a/svc, at: 2m, to: {version: 1}, strategy: all-at-once}
    - {service: a/svc, at: 3m, to: {version: 2, errorRate: 0.5}, strategy: {steps: [{pause: 1m}, {setWeight: 20, pause: 1m}, {setWeight: 10}]}}`));
    const lines = issues.map((i) => `${i.line}:${i.col} ${i.path}: ${i.message}`);
    expect(lines[0]).toMatch(/^19:\d+ spec\.releases\[0\]\.service: no service 'a\/nope'/);
    expect(lines[0]).toContain('a/svc');
    expect(lines).toContainEqual(expect.stringMatching(/^20:\d+ spec\.releases\[1\]\.service: expected <app>\/<service>, got 'svc'; services: a\/svc$/));
    expect(lines).toContainEqual(expect.stringMatching(/^21:\d+ spec\.releases\[2\]\.to\.version: a\/svc already runs score version 1 at 120000 ms; a release needs a different version$/));
    expect(lines).toContainEqual(expect.stringMatching(/spec\.releases\[3\]\.strategy\.steps\[0\]\.pause: a pause must follow a setWeight/));
    expect(lines).toContainEqual(expect.stringMatching(/spec\.releases\[3\]\.strategy\.steps\[1\]: a step is exactly one of \{setWeight: <percent>\} or \{pause: <duration>\}, got both/));
    expect(lines).toHaveLength(5);
    // Schema errors are reported before resolution, also located.
    const schema = refusal(doc('    - {service: a/svc, at: 4m, to: {version: 2}, strategy: canary}'));
    expect(schema.map((i) => `${i.line} ${i.path}: ${i.message}`)).toEqual(['19 spec.releases[0].strategy: expected all-at-once or {steps: [{setWeight: 10}, {pause: 2m}, …], analysis: {maxErrorRate, latencyP95, timeout}}, got "canary"']);
  });

  it('versions are immutable: the same name and version with another behaviour is refused where it is written', () => {
    const issues = refusal(doc(`    - {service: a/svc, at: 1m, to: {version: 2, errorRate: 0.2}, strategy: all-at-once}
    - {service: a/svc, at: 2m, to: {version: 3}, strategy: all-at-once}
    - {service: a/svc, at: 3m, to: {version: 2}, strategy: all-at-once}`));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('spec.releases[2].to');
    expect(issues[0]!.line).toBe(21);
    expect(issues[0]!.message).toBe('image score version 2 is immutable: defined at spec.releases[0].to with errorRate 0.2, latencyFactor 1, cpuWorkFactor 1, crashLoop false, here with errorRate 0, latencyFactor 1, cpuWorkFactor 1, crashLoop false; give the changed image a new version');
  });
});

describe('planRelease', () => {
  it('maps weights onto planWaves over sorted replica nodes; a weight that adds no replica folds its pause into the wave before', () => {
    const m = parseScenario(doc(`    - service: a/svc
      at: 1m
      to: {version: 2}
      strategy: {steps: [{setWeight: 10}, {pause: 1m}, {setWeight: 20}, {pause: 2m}, {setWeight: 50}, {pause: 3m}], analysis: {}}`), 'rel.yaml');
    // 3 replicas: 10% → 1, 20% → 1 (adds nobody), 50% → 2, 100% → 3.
    const p = planRelease(m.releases![0]!, ['n3', 'n1', 'n2', 'n1']);
    expect(p.nodes).toEqual(['n1', 'n2', 'n3']);
    expect(p.waves.map((w) => w.added)).toEqual([['n1'], ['n2'], ['n3']]);
    expect(p.options).toEqual([{ pauseMs: 180_000, analysis: true }, { pauseMs: 180_000, analysis: true }, { pauseMs: 0, analysis: true }]);
    expect(p.thresholds).toEqual({ sloLatencyMsP95: 50, maxErrorRate: 0.05, timeoutMs: 120_000, minSoakMs: 0, requireMetrics: false });
  });
});
