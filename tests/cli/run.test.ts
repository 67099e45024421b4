/**
 * `edgetwin run` end to end, as a user runs it: the stable JSON shape the README documents, the trace
 * file, overrides, and bad input (exit 2, located message, no stack trace unless --debug).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const cli = (...args: string[]) => spawnSync('node', ['cli/bin.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
const tmp = mkdtempSync(join(tmpdir(), 'edgetwin-run-'));

describe('edgetwin run', () => {
  it('--json prints the report with every field the README promises', () => {
    const r = cli('run', 'scenarios/factory-maintenance.yaml', '--until', '2m', '--seed', '9', '--json');
    expect(r.status).toBe(0);
    const rep = JSON.parse(r.stdout);
    expect(Object.keys(rep)).toEqual(expect.arrayContaining(['scenario', 'seed', 'simulatedMs', 'events', 'traceHash', 'apps', 'nodes', 'lifecycle', 'network', 'faults', 'energyWh', 'costUsd']));
    expect(rep.seed).toBe(9);
    expect(rep.simulatedMs).toBe(120_000);
    expect(Object.keys(rep.apps[0])).toEqual(expect.arrayContaining(['id', 'latencyMs', 'completed', 'dropped', 'sloViolationRate']));
    expect(Object.keys(rep.apps[0].latencyMs)).toEqual(['mean', 'p50', 'p95', 'p99']);
    expect(Object.keys(rep.nodes[0])).toEqual(expect.arrayContaining(['id', 'tier', 'cpuUtilization', 'downMs']));
    expect(Object.keys(rep.lifecycle)).toEqual(expect.arrayContaining(['ingested', 'filtered', 'forwarded', 'processed', 'stored', 'expired', 'lost', 'actions']));
    expect(Object.keys(rep.network)).toEqual(expect.arrayContaining(['wanBytes', 'messagesDropped']));
    expect(rep.traceHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('--trace writes JSON lines whose footer repeats the report hash; --out writes the report', () => {
    const trace = join(tmp, 't.jsonl');
    const out = join(tmp, 'r.json');
    const r = cli('run', 'scenarios/remote-site-satellite.yaml', '--until', '3m', '--trace', trace, '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('remote-site-satellite');
    const lines = readFileSync(trace, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'header', scenario: 'remote-site-satellite', format: 'edgetwin-trace/v2' });
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(lines.at(-1)).toMatchObject({ type: 'footer', traceHash: report.traceHash, events: report.events });
    const types = new Set(lines.map((l) => l.type));
    expect(types.has('emit')).toBe(true);
    expect(types.has('deliver')).toBe(true);
    // Emitted messages in the trace match the report's count.
    expect(lines.filter((l) => l.type === 'emit').length).toBe(report.conservation.emitted);
  });

  it('same seed twice → same hash; --fault changes the outcome', () => {
    const a = JSON.parse(cli('run', 'scenarios/factory-maintenance.yaml', '--until', '90s', '--json').stdout);
    const b = JSON.parse(cli('run', 'scenarios/factory-maintenance.yaml', '--until', '90s', '--json').stdout);
    expect(a.traceHash).toBe(b.traceHash);
    const f = JSON.parse(cli('run', 'scenarios/factory-maintenance.yaml', '--until', '90s', '--fault', 'node:edge-a@30s+20s', '--json').stdout);
    expect(f.traceHash).not.toBe(a.traceHash);
    expect(f.faults).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'node', target: 'edge-a', atMs: 30_000 })]));
    expect(f.nodes.find((n: { id: string }) => n.id === 'edge-a').downMs).toBe(20_000);
  });

  it('bad input: exit 2 with file:line:col and field path, no stack trace', () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, readFileSync(join(ROOT, 'scenarios/factory-maintenance.yaml'), 'utf8').replace('bandwidth: 100Mbps}', 'bandwith: 100Mbps}'));
    const r = cli('run', bad);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: spec\.links\[\d+\]\.bandwith: unknown field 'bandwith'; did you mean 'bandwidth'\?/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const dbg = cli('run', bad, '--debug');
    expect(dbg.status).toBe(2);
    expect(dbg.stderr).toMatch(/\n\s+at /);
  });

  it('bad flags and missing files are exit 2 too', () => {
    expect(cli('run', 'no/such.yaml').status).toBe(2);
    expect(cli('run', 'no/such.yaml').stderr).toContain('no/such.yaml: cannot read: no such file');
    const set = cli('run', 'scenarios/factory-maintenance.yaml', '--set', 'spec.nodes.edge-a.corse=4');
    expect(set.status).toBe(2);
    expect(set.stderr).toContain("did you mean 'cores'");
    const fault = cli('run', 'scenarios/factory-maintenance.yaml', '--fault', 'node:no-such@1m');
    expect(fault.status).toBe(2);
    expect(fault.stderr).toContain("no node 'no-such'");
    expect(cli('run', 'scenarios/factory-maintenance.yaml', '--seed', 'abc').status).toBe(2);
    expect(cli('run', 'scenarios/factory-maintenance.yaml', '--until', 'soon').status).toBe(2);
  });
});
