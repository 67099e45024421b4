import { describe, expect, it } from 'vitest';
import { compilePolicies } from '../../../../sim-core/orchestrator/policy/compile.ts';
import { evaluateAutomation } from '../../../../sim-core/orchestrator/policy/automation.ts';
import { loadFixtures } from './fixtures.ts';

describe('evaluateAutomation (fixture placement-automation.yaml)', () => {
  const set = loadFixtures('placement-automation.yaml');
  const nodes = [
    { id: 'edge-1', tier: 'edge', cpuUtilization: 0.95, storageUsedBytes: 10, storageBytes: 100 },
    { id: 'edge-2', tier: 'edge', cpuUtilization: 0.5, storageUsedBytes: 96, storageBytes: 100 },
    { id: 'rdc-1', tier: 'regional', cpuUtilization: 0.99, storageUsedBytes: 0, storageBytes: 100 },
  ];

  it('returns the triggered rules with targets and parameters, in policy-id then node order', () => {
    const { triggered, errors } = evaluateAutomation(set, { nodes, fleet: { wanUtilization: 0.85 } });
    expect(errors).toEqual([]);
    expect(triggered).toEqual([
      { policyId: 'disk-pressure-purge', action: 'purge', target: 'edge-2', params: { tags: ['raw-video'], olderThan: '6h' } },
      { policyId: 'hot-edge-node', action: 'migrate', target: 'edge-1', params: { count: 1, prefer: 'regional' } },
      { policyId: 'hot-edge-node', action: 'alert', target: 'edge-1', params: { severity: 'warning' } },
      { policyId: 'wan-congestion-throttle', action: 'throttle', params: { priority: 'low', factor: 0.5 } },
    ]);
  });

  it('nothing fires on a calm fleet', () => {
    const calm = nodes.map((n) => ({ ...n, cpuUtilization: 0.1, storageUsedBytes: 1 }));
    expect(evaluateAutomation(set, { nodes: calm, fleet: { wanUtilization: 0.2 } })).toEqual({ triggered: [], errors: [] });
  });

  it('a rule that cannot be evaluated is reported and fires nothing, the others still fire', () => {
    // disk-pressure-purge divides by storageBytes = 0 on edge-2; fleet is missing for the throttle rule.
    const broken = [nodes[0]!, { ...nodes[1]!, storageBytes: 0 }];
    const { triggered, errors } = evaluateAutomation(set, { nodes: broken });
    expect(errors.map((e) => e.policyId)).toEqual(['disk-pressure-purge', 'wan-congestion-throttle']);
    expect(errors[0]!.message).toContain('division by zero');
    expect(errors[1]!.message).toContain('"fleet" is not part of this request');
    expect(triggered.map((t) => `${t.policyId}:${t.action}:${t.target}`)).toEqual(['hot-edge-node:migrate:edge-1', 'hot-edge-node:alert:edge-1']);
  });

  it('forEach over an absent list fires nothing and is not an error', () => {
    const set2 = compilePolicies([{ id: 'lossy-link', spec: { type: 'automation', forEach: 'link', when: 'link.loss > 0.1', actions: [{ action: 'alert', params: {} }] } }]);
    expect(evaluateAutomation(set2, {})).toEqual({ triggered: [], errors: [] });
    expect(evaluateAutomation(set2, { links: [{ id: 'l1', loss: 0.2 }, { id: 'l2', loss: 0 }] }).triggered).toEqual([{ policyId: 'lossy-link', action: 'alert', target: 'l1', params: {} }]);
  });
});
