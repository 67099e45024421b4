/**
 * The agent's state file: saved and loaded back verified; a leftover temporary file from a crash
 * mid-write leaves the last good state intact; truncated, tampered, foreign-key and other-node
 * files are refused with a reason, never thrown.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadState, saveState, statePath, TMP_PREFIX } from '../../../connectors/agent/state-store.ts';
import { payload, signed, testKey } from './support/states.ts';

const NODE = 'edge-s';
const gw = testKey();
const ctx = { node: NODE, trustedKeys: gw.trust };
const dir = () => mkdtempSync(join(tmpdir(), 'edgetwin-agent-state-'));
const v = (version: number) => signed(gw, payload(NODE, version, [{ service: 'shop/api', command: ['sleep', '9'] }]));

describe('state store', () => {
  it('loads what it saved, verified, and leaves no temporary file; the file is private (0600)', () => {
    const d = dir();
    const s = v(5);
    saveState(d, s);
    const r = loadState(d, ctx);
    expect(r).toMatchObject({ ok: true, state: s });
    expect(readdirSync(d)).toEqual(['state.json']);
    expect(statSync(statePath(d)).mode & 0o777).toBe(0o600);
  });

  it('a later save replaces the earlier one', () => {
    const d = dir();
    saveState(d, v(1));
    saveState(d, v(2));
    const r = loadState(d, ctx);
    expect(r.ok && r.state.payload.version).toBe(2);
  });

  it('no saved state: absent, not an error', () => {
    expect(loadState(join(dir(), 'never-made'), ctx)).toMatchObject({ ok: false, reason: 'absent' });
  });

  it('a crash mid-write (a leftover half-written temporary file) keeps the last good state, and the leftover is removed', () => {
    const d = dir();
    saveState(d, v(3));
    const half = JSON.stringify(v(4)).slice(0, 40);
    writeFileSync(join(d, `${TMP_PREFIX}99999`), half);
    const r = loadState(d, ctx);
    expect(r.ok && r.state.payload.version).toBe(3);
    expect(existsSync(join(d, `${TMP_PREFIX}99999`))).toBe(false);
  });

  it('a truncated state file is refused as corrupt', () => {
    const d = dir();
    saveState(d, v(3));
    const text = readFileSync(statePath(d), 'utf8');
    writeFileSync(statePath(d), text.slice(0, Math.floor(text.length / 2)));
    const r = loadState(d, ctx);
    expect(r).toMatchObject({ ok: false, reason: 'corrupt' });
    expect(r.ok ? '' : r.message).toMatch(/not JSON/);
  });

  it('an empty state file is refused as corrupt', () => {
    const d = dir();
    saveState(d, v(3));
    writeFileSync(statePath(d), '');
    expect(loadState(d, ctx)).toMatchObject({ ok: false, reason: 'corrupt' });
  });

  it('a tampered state file (a command edited on disk) is refused: bad-signature', () => {
    const d = dir();
    saveState(d, v(3));
    const j = JSON.parse(readFileSync(statePath(d), 'utf8'));
    j.payload.workloads[0].command = ['sh', '-c', 'echo pwned'];
    writeFileSync(statePath(d), JSON.stringify(j));
    const r = loadState(d, ctx);
    expect(r).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(r.ok ? '' : r.message).toContain(statePath(d));
  });

  it('a version bumped on disk is refused (the signature covers it)', () => {
    const d = dir();
    saveState(d, v(3));
    const j = JSON.parse(readFileSync(statePath(d), 'utf8'));
    j.payload.version = 1000;
    writeFileSync(statePath(d), JSON.stringify(j));
    expect(loadState(d, ctx)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('a state signed by a key no longer trusted, or for another node, is refused', () => {
    const d = dir();
    saveState(d, v(3));
    expect(loadState(d, { ...ctx, trustedKeys: testKey().trust })).toMatchObject({ ok: false, reason: 'unknown-key' });
    expect(loadState(d, { ...ctx, node: 'edge-other' })).toMatchObject({ ok: false, reason: 'wrong-node' });
  });

  it('a JSON file that is not a desired state is refused as malformed', () => {
    const d = dir();
    saveState(d, v(3));
    writeFileSync(statePath(d), '{"hello": "world"}');
    expect(loadState(d, ctx)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('an expired saved state still loads (the agent keeps running its last good state)', () => {
    const d = dir();
    const old = signed(gw, payload(NODE, 2, [], Date.parse('2020-01-01T00:00:00Z')));
    saveState(d, old);
    expect(loadState(d, ctx)).toMatchObject({ ok: true, state: old });
  });
});
