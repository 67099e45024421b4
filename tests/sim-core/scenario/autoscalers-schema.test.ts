/** spec.autoscalers and spec.nodePools: bad input is refused with file:line:col, the field path and what is allowed. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import { InputError } from '../../../sim-core/text/input-error.ts';
import { cpuHpa, siteYaml } from '../twin/autoscale/fixture.ts';

function refusal(text: string): string[] {
  try { parseScenario(text, 'site.yaml'); } catch (e) {
    if (e instanceof InputError) return e.issues.map((i) => `${i.file}:${i.line}:${i.col}: ${i.path}: ${i.message}`);
    throw e;
  }
  throw new Error('expected the scenario to be refused');
}
/** 1-based line and column of the first occurrence of `needle` in `text`. */
function where(text: string, needle: string): string {
  const i = text.indexOf(needle);
  const before = text.slice(0, i).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

describe('spec.autoscalers refusals', () => {
  it('a bad target type in the manifest: located at the manifest field, with the allowed values', () => {
    const text = siteYaml({ autoscalers: cpuHpa({ target: 20 }).replace('type: Utilization', 'type: Percent') });
    expect(refusal(text)).toEqual([`site.yaml:${where(text, 'Percent')}: spec.autoscalers[0].spec.metrics[0].resource.target.type: expected one of Utilization, AverageValue, got "Percent"`]);
  });

  it('a scale target that names no service, and a metric the twin does not measure', () => {
    const text = siteYaml({ autoscalers: cpuHpa({ target: 20 }).replace('name: app/svc', 'name: app/svx') + cpuHpa({ target: 20, name: 'mem' }).replace('name: cpu', 'name: memory') });
    const [a, b] = refusal(text);
    expect(a).toMatch(new RegExp(`^site\\.yaml:${where(text, 'app/svx')}: spec\\.autoscalers\\[0\\]\\.spec\\.scaleTargetRef\\.name: no service 'app/svx' \\(write it as <app>/<service>\\).*known services include app/svc$`));
    expect(b).toBe(`site.yaml:${where(text, 'memory,')}: spec.autoscalers[1].spec.metrics[0].resource.name: the twin measures Resource metric cpu, not 'memory'`);
  });

  it('holt-winters without two seasons of history, and a pool of an unknown class', () => {
    const text = siteYaml({
      autoscalers: cpuHpa({ target: 20, ext: '{predictive: {method: holt-winters, season: 1h, every: 15m, history: [1, 2, 3]}}' }),
      nodePools: '    - {name: burst, class: wroker, attachTo: core, max: 2}',
    });
    const issues = refusal(text);
    expect(issues).toContain(`site.yaml:${where(text, '[1, 2, 3]')}: spec.autoscalers[0].x-edgetwin.predictive.history: holt-winters needs two seasons of history: 8 samples (one per 15 min), got 3; use method: ewma, or give history:`);
    expect(issues.some((i) => i.startsWith(`site.yaml:${where(text, 'wroker')}: spec.nodePools[0].class: no node class 'wroker'`))).toBe(true);
  });
});
