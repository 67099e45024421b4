/**
 * Live node → NodeModel fields, checked by a round trip through the twin's own Kubernetes view:
 * every node of the shipped scenarios, rendered as the core/v1 Node JSON an API server would
 * serve (the shapes the Kubernetes API STAND-IN serves; no API server installs here), comes back
 * with its arch, tier, cpu, memory, GPUs, accelerators, region, zone, attestation, labels and taints.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeModelPatch } from '../../../connectors/kubernetes/node-model.ts';
import { nodeToTwin } from '../../../connectors/kubernetes/to-fabric.ts';
import { nodeObject } from '../support/kube-stand-in.ts';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import { toK8sNode } from '../../../sim-core/twin/k8s-view.ts';

console.log('[node-model.test.ts] NOTE: Node JSON as the Kubernetes API STAND-IN serves it (no API server installs on this machine).');

const DIR = join(import.meta.dirname, '../../../scenarios');
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'large-fabric.yaml');

/** A scheduler Node as core/v1 JSON: quantities as strings (cpu in millicores). */
function asJson(n: ReturnType<typeof toK8sNode>) {
  const allocatable = Object.fromEntries(Object.entries(n.allocatable ?? {}).map(([k, v]) => [k, k === 'cpu' ? `${v}m` : String(v)]));
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: n.name, labels: n.labels }, spec: { taints: n.taints }, status: { allocatable, conditions: [{ type: 'Ready', status: 'True' }] } };
}

describe('nodeModelPatch (inverse of the twin\'s toK8sNode)', () => {
  it.each(files)('%s: every node round-trips', (file) => {
    const model = parseScenario(readFileSync(join(DIR, file), 'utf8'), file);
    expect(model.nodes.length).toBeGreaterThan(0);
    for (const n of model.nodes) {
      const c = nodeToTwin(asJson(toK8sNode(n)));
      expect(c.problems).toEqual([]);
      const p = nodeModelPatch(c.value!);
      const acc = [...n.accelerators.reduce((m, a) => m.set(a.type, (m.get(a.type) ?? 0) + a.count), new Map<string, number>())].sort().map(([type, count]) => ({ type, count }));
      expect(p).toMatchObject({
        id: n.id, arch: n.arch, tier: n.tier, cpuMillicores: n.cpuMillicores, memoryBytes: n.memoryBytes, gpus: n.gpus,
        accelerators: acc, region: n.region, zone: n.zone, attested: n.attested, labels: n.labels, taints: n.taints.map((t) => ({ value: '', ...t })),
      });
      if (n.cpuMillicores === n.cores * 1000) expect(p.cores).toBe(n.cores);
    }
  });

  it('a cluster node: taints, ephemeral storage, unknown arch and tier left out', () => {
    const p = nodeModelPatch(nodeToTwin(nodeObject({
      name: 'k1', cpu: '2500m', memory: '1Gi', labels: { 'kubernetes.io/arch': 's390x', 'edgetwin.io/tier': 'orbit', 'topology.kubernetes.io/zone': 'z' },
      taints: [{ key: 'edge', value: 'x', effect: 'NoExecute' }], extra: { 'ephemeral-storage': '10Gi', 'accelerator.edgetwin.io/tpu': '2' },
    })).value!);
    expect(p).toEqual({
      id: 'k1', cpuMillicores: 2500, cores: 3, memoryBytes: 2 ** 30, storageBytes: 10 * 2 ** 30, gpus: 0, accelerators: [{ type: 'tpu', count: 2 }],
      zone: 'z', attested: false, labels: { 'topology.kubernetes.io/zone': 'z' }, taints: [{ key: 'edge', value: 'x', effect: 'NoExecute' }],
    });
  });
});
