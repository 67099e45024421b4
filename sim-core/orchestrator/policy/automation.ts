/**
 * Automation rules: conditions on observed state that ask for actions. The engine only reports
 * which rules fired (with targets and parameters); the control plane decides how to act.
 */
import type { PolicySet } from './compile.ts';
import { isRecord } from './expr/evaluate.ts';
import type { ObservedState, PolicyError, TriggeredAction } from './types.ts';

const LIST_OF = { node: 'nodes', workload: 'workloads', stream: 'streams', link: 'links' } as const;

/** Triggered actions (policy id order, then observed item order) and the rules that failed to evaluate. */
export function evaluateAutomation(set: PolicySet, observed: ObservedState): { triggered: TriggeredAction[]; errors: PolicyError[] } {
  const triggered: TriggeredAction[] = [];
  const errors: PolicyError[] = [];
  for (const rule of set.automation) {
    try {
      if (rule.forEach === undefined) {
        if (rule.when.test(observed)) for (const a of rule.actions) triggered.push({ policyId: rule.id, action: a.action, params: a.params });
        continue;
      }
      const items = observed[LIST_OF[rule.forEach]];
      if (items === undefined) continue;
      if (!Array.isArray(items)) throw new Error(`observed.${LIST_OF[rule.forEach]} must be a list`);
      // Collect per rule first so a failing item leaves no half-reported rule behind.
      const fired: TriggeredAction[] = [];
      const env: Record<string, unknown> = { ...observed };
      for (const item of items) {
        env[rule.forEach] = item;
        if (!rule.when.test(env)) continue;
        const target = isRecord(item) && typeof item.id === 'string' ? item.id : undefined;
        for (const a of rule.actions) fired.push(target === undefined ? { policyId: rule.id, action: a.action, params: a.params } : { policyId: rule.id, action: a.action, target, params: a.params });
      }
      triggered.push(...fired);
    } catch (e) {
      errors.push({ policyId: rule.id, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return { triggered, errors };
}
