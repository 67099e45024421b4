/**
 * The `edgetwin keygen` and `edgetwin agent` command modules: keygen writes a working key pair
 * (private 0600) and never overwrites; the agent's flags become options, with --trust repeatable,
 * and every bad flag is an InputError naming it.
 */
import { sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { agentOptionsOf, defaultStateDir, register as registerAgent } from '../../../cli/commands/agent.ts';
import { keygen, register as registerKeygen } from '../../../cli/commands/keygen.ts';
import { keyId, readPrivateKey, readPublicKey } from '../../../connectors/signing/keys.ts';
import { InputError } from '../../../sim-core/text/input-error.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'edgetwin-agent-cli-'));

function inputError(f: () => unknown): string {
  try { f(); } catch (e) { if (e instanceof InputError) return e.message; throw e; }
  throw new Error('expected an InputError');
}

describe('edgetwin keygen', () => {
  it('writes NAME.key (0600) and NAME.pub that sign and verify, and returns the key id of the public key', () => {
    const dir = join(tmp(), 'made-for-you');
    const r = keygen({ out: dir, name: 'gw' });
    expect(r.privatePath).toBe(join(dir, 'gw.key'));
    expect(r.publicPath).toBe(join(dir, 'gw.pub'));
    expect(statSync(r.privatePath).mode & 0o777).toBe(0o600);
    const priv = readPrivateKey(r.privatePath);
    const pub = readPublicKey(r.publicPath);
    expect(keyId(pub)).toBe(r.keyId);
    expect(r.keyId).toMatch(/^[0-9a-f]{16}$/);
    const sig = sign(null, Buffer.from('hello'), priv);
    expect(verify(null, Buffer.from('hello'), pub, sig)).toBe(true);
    expect(readFileSync(r.publicPath, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('two runs make different keys', () => {
    const dir = tmp();
    expect(keygen({ out: dir, name: 'a' }).keyId).not.toBe(keygen({ out: dir, name: 'b' }).keyId);
  });

  it('refuses to overwrite an existing key (either file), leaving it as it was', () => {
    const dir = tmp();
    const r = keygen({ out: dir });
    const before = readFileSync(r.privatePath, 'utf8');
    expect(inputError(() => keygen({ out: dir }))).toMatch(/<--out>: .*edgetwin\.key already exists; keygen never overwrites/);
    expect(readFileSync(r.privatePath, 'utf8')).toBe(before);
    const onlyPub = tmp();
    writeFileSync(join(onlyPub, 'edgetwin.pub'), 'old');
    expect(inputError(() => keygen({ out: onlyPub }))).toMatch(/edgetwin\.pub already exists/);
    expect(() => statSync(join(onlyPub, 'edgetwin.key'))).toThrow();
  });

  it('refuses a bad --name and an --out that is a file', () => {
    expect(inputError(() => keygen({ out: tmp(), name: '../evil' }))).toMatch(/<--name>/);
    const file = join(tmp(), 'f');
    writeFileSync(file, '');
    expect(inputError(() => keygen({ out: file }))).toMatch(/<--out>: .*not a directory/);
  });

  it('registers as a command that parses its flags', async () => {
    const program = new Command().exitOverride();
    registerKeygen(program);
    const dir = tmp();
    const out: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => { out.push(String(s)); return true; }) as typeof process.stdout.write;
    const err = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      await program.parseAsync(['keygen', '--out', dir], { from: 'user' });
    } finally {
      process.stdout.write = write;
      process.stderr.write = err;
    }
    expect(out.join('').trim()).toBe(keyId(readPublicKey(join(dir, 'edgetwin.pub'))));
  });
});

describe('edgetwin agent flags', () => {
  const k1 = keygen({ out: tmp() });
  const k2 = keygen({ out: tmp() });
  const base = { broker: 'mqtt://127.0.0.1:1883', node: 'edge-1', trust: [k1.publicPath] };

  it('become agent options; --trust repeats for a key rotation; the state dir defaults per node', () => {
    const o = agentOptionsOf({ ...base, trust: [k1.publicPath, k2.publicPath], heartbeatMs: '250' });
    expect(o).toMatchObject({ brokerUrl: base.broker, node: 'edge-1', heartbeatMs: 250, metricsMs: 5000 });
    expect([...o.trustedKeys.keys()].sort()).toEqual([k1.keyId, k2.keyId].sort());
    expect(o.stateDir).toBe(join(process.cwd(), defaultStateDir('edge-1')));
  });

  const rows: [string, Record<string, unknown>, RegExp][] = [
    ['no broker', { broker: undefined }, /<--broker>: required/],
    ['broker not a URL', { broker: 'localhost' }, /<--broker>: expected a URL/],
    ['broker with http', { broker: 'http://127.0.0.1:1883' }, /<--broker>: expected a URL with scheme mqtt/],
    ['no node', { node: undefined }, /<--node>: required/],
    ['node with a slash', { node: 'a/b' }, /<--node>: expected/],
    ['node with a wildcard', { node: 'edge+' }, /<--node>: expected/],
    ['no trust', { trust: [] }, /<--trust>: expected at least one public key/],
    ['trust file missing', { trust: ['/nonexistent/k.pub'] }, /<--trust>: \/nonexistent\/k\.pub: no such file/],
    ['trust not a key', { trust: [(() => { const f = join(tmp(), 'x.pub'); writeFileSync(f, 'hello'); return f; })()] }, /<--trust>: .*not an ed25519 public key/],
    ['trust given the private key', { trust: [k1.privatePath] }, /<--trust>: .*is a private key/],
    ['heartbeat not a number', { heartbeatMs: 'fast' }, /<--heartbeat-ms>: expected a non-negative integer/],
    ['heartbeat too short', { heartbeatMs: '1' }, /<--heartbeat-ms>: expected a period/],
    ['metrics too long', { metricsMs: '99999999' }, /<--metrics-ms>: expected a period/],
  ];
  for (const [name, over, message] of rows) {
    it(`refuses ${name}`, () => {
      expect(inputError(() => agentOptionsOf({ ...base, ...over }))).toMatch(message);
    });
  }

  it('registers `agent` with its flags', () => {
    const program = new Command();
    registerAgent(program);
    const cmd = program.commands.find((c) => c.name() === 'agent')!;
    expect(cmd.options.map((o) => o.long)).toEqual(expect.arrayContaining(['--broker', '--node', '--trust', '--state-dir', '--heartbeat-ms', '--metrics-ms', '--leave-running']));
  });
});
