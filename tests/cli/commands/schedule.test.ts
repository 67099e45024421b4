/** `edgetwin schedule` end to end: spawns `node cli/bin.mjs schedule …` on the shipped fixtures. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fx = (f: string) => `tests/fixtures/k8s/${f}`;
const run = (...args: string[]) => spawnSync('node', ['cli/bin.mjs', 'schedule', ...args], { cwd: root, encoding: 'utf8' });

describe('edgetwin schedule', () => {
  it('prints the selected node', () => {
    const r = run('--cluster', fx('edge-cluster.json'), '--pod', fx('pod-gpu.yaml'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('gpu-1\n');
  });

  it('--json prints { selected, nodes: [{ name, feasible, reasons, scores, total }] }', () => {
    const r = run('--cluster', fx('edge-cluster.json'), '--pod', fx('pod-web.yaml'), '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { selected: string; nodes: { name: string; feasible: boolean; reasons: string[]; scores: Record<string, number>; total: number }[] };
    expect(Object.keys(j)).toEqual(['selected', 'nodes']);
    expect(j.nodes.length).toBe(8);
    for (const n of j.nodes) {
      expect(Object.keys(n)).toEqual(['name', 'feasible', 'reasons', 'scores', 'total']);
      for (const s of Object.values(n.scores)) expect(s >= 0 && s <= 100).toBe(true);
    }
    const feasible = j.nodes.filter((n) => n.feasible).map((n) => n.name);
    expect(feasible).toEqual(['edge-srv-1', 'edge-srv-2', 'regional-1']);
    const best = Math.max(...j.nodes.filter((n) => n.feasible).map((n) => n.total));
    expect(j.nodes.find((n) => n.name === j.selected)!.total).toBe(best);
    expect(j.nodes.find((n) => n.name === 'edge-gw-1')!.reasons).toEqual(["node(s) didn't match Pod's node affinity/selector"]);
  });

  it('unschedulable: kube\'s FitError message and exit 1', () => {
    const r = run('--cluster', fx('edge-cluster.json'), '--pod', fx('pod-too-big.yaml'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('unschedulable: 0/8 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had untolerated taint {nvidia.com/gpu: present}, 1 node(s) were unschedulable, 5 Insufficient cpu, 5 Insufficient memory, 5 Insufficient nvidia.com/gpu.\n');
  });

  it('--explain prints a table with per-plugin scores; --config changes the strategy', () => {
    const r = run('--cluster', fx('edge-cluster.json'), '--pod', fx('pod-web.yaml'), '--explain', '--config', fx('scheduler-config.yaml'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^node\s+feasible\s+NodeResourcesFit\s+TaintToleration/m);
    expect(r.stdout).not.toMatch(/ImageLocality/);
    expect(r.stdout).toMatch(/NodeResourcesFit=5/);
  });

  it('bad input exits 2 with file:line:col and field path, no stack', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'edgetwin-')), 'bad-pod.yaml');
    writeFileSync(file, 'kind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n    - resources: {requests: {cpu: lots}}\n');
    const r = run('--cluster', fx('edge-cluster.json'), '--pod', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad-pod\.yaml:5:\d+: spec\.containers\[0\]\.resources\.requests\.cpu: not a valid non-negative quantity: "lots"/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
