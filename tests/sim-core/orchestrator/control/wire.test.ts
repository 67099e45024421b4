/**
 * The control wire protocol: every frame kind round-trips through encode/decode (and matches its
 * byte count), and hostile input is refused with a reason, never thrown: wrong version, unknown
 * kind, missing or mistyped fields, huge lists, non-JSON, oversized text, bad CRDT payloads.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DocReplica } from '../../../../sim-core/orchestrator/crdt/doc-replica.ts';
import {
  CONTROL_WIRE_VERSION, decodeFrame, encodeFrame, frameBytes, MAX_FRAME_BYTES, MAX_SERVICES_PER_FRAME, type ControlFrame,
} from '../../../../sim-core/orchestrator/control/wire.ts';
import { CONTROL_WIRE_SCHEMA } from '../../../../sim-core/orchestrator/control/wire-schema.ts';

const base = { v: CONTROL_WIRE_VERSION, from: 'edge-1', to: 'master', atMs: 1500 } as const;
const observed = new DocReplica('edge-1');
observed.set('running', 'app/detect', { sinceMs: 0 }, 0);
const delta = observed.messageFor('cp/edge-1')!;

const FRAMES: ControlFrame[] = [
  { ...base, kind: 'heartbeat', observed: delta, ack: { t: 'ack', from: 'edge-1', epoch: 0, seq: 3 }, needsStart: false },
  { ...base, kind: 'heartbeat', observed: null, ack: null, needsStart: true },
  { ...base, kind: 'ack', desired: null, ack: { t: 'ack', from: 'master', epoch: 1, seq: 7 } },
  { ...base, kind: 'command', start: ['app/detect', 'app/ünïcode'], stop: [] },
  { ...base, kind: 'gossip' },
  { ...base, kind: 'status', state: 'ready', running: ['app/detect'] },
];

describe('control wire: round trip', () => {
  for (const f of FRAMES) {
    it(`${f.kind}${f.kind === 'heartbeat' ? (f.observed ? ' with delta' : ' bare') : ''}`, () => {
      const text = encodeFrame(f);
      expect(decodeFrame(text)).toEqual({ ok: true, frame: f });
      expect(frameBytes(f)).toBe(new TextEncoder().encode(text).length);
    });
  }

  it('any command with valid service keys round-trips (property)', () => {
    const key = fc.string({ minLength: 1, maxLength: 40 });
    fc.assert(fc.property(fc.array(key, { maxLength: 30 }), fc.array(key, { maxLength: 30 }), fc.double({ min: 0, max: 1e12, noNaN: true }), (start, stop, atMs) => {
      const f: ControlFrame = { ...base, atMs, kind: 'command', start, stop };
      expect(decodeFrame(encodeFrame(f))).toEqual({ ok: true, frame: f });
    }));
  });

  it('the schema names every kind and the version', () => {
    expect(CONTROL_WIRE_SCHEMA.oneOf.map((s) => s.properties.kind.const).sort()).toEqual(['ack', 'command', 'gossip', 'heartbeat', 'status']);
    for (const s of CONTROL_WIRE_SCHEMA.oneOf) expect(s.properties.v).toEqual({ const: CONTROL_WIRE_VERSION });
  });
});

describe('control wire: hostile input is refused with a reason', () => {
  const cmd = { ...base, kind: 'command', start: ['a/b'], stop: [] };
  const refused = (input: unknown) => {
    const r = decodeFrame(input);
    if (r.ok) throw new Error(`accepted ${JSON.stringify(input).slice(0, 100)}`);
    return r.error;
  };

  it.each([
    ['a newer version', { ...cmd, v: 2 }, 'bad-version', /frame\.v: this side speaks version 1, got 2/],
    ['no version', { ...cmd, v: undefined }, 'bad-version', /got nothing \(the field is missing\)/],
    ['an unknown kind', { ...cmd, kind: 'reboot' }, 'unknown-kind', /frame\.kind: expected one of heartbeat, ack, command, gossip, status, got "reboot"/],
    ['a missing sender', { ...cmd, from: undefined }, 'bad-field', /frame\.from: expected a non-empty string/],
    ['a negative time', { ...cmd, atMs: -1 }, 'bad-field', /frame\.atMs: expected a time in ms >= 0, got -1/],
    ['a missing stop list', { ...cmd, stop: undefined }, 'bad-field', /frame\.stop: expected a list of service keys/],
    ['a number in the start list', { ...cmd, start: ['a/b', 7] }, 'bad-field', /frame\.start\[1\]: expected a non-empty string/],
    ['a huge list', { ...cmd, start: Array.from({ length: MAX_SERVICES_PER_FRAME + 1 }, () => 'a/b') }, 'bad-field', /frame\.start: 4097 entries, over the limit of 4096/],
    ['a heartbeat without needsStart', { ...base, kind: 'heartbeat', observed: null, ack: null }, 'bad-field', /frame\.needsStart: expected true or false/],
    ['a heartbeat with a broken delta', { ...base, kind: 'heartbeat', observed: { t: 'delta', from: 'x', epoch: 0, fromSeq: 5, toSeq: 2, doc: {} }, ack: null, needsStart: false }, 'bad-field', /frame\.observed: /],
    ['an ack where a delta belongs', { ...base, kind: 'ack', desired: { t: 'ack', from: 'x', epoch: 0, seq: 1 }, ack: null }, 'bad-field', /frame\.desired: expected a delta or full state, got an ack/],
    ['a status with an unknown state', { ...base, kind: 'status', state: 'sleepy', running: [] }, 'bad-field', /frame\.state: expected ready, draining or down, got "sleepy"/],
    ['an array', [cmd], 'bad-field', /frame: expected an object/],
    ['null', null, 'bad-field', /frame: expected an object/],
  ])('%s', (_name, input, reason, message) => {
    const e = refused(input);
    expect(e.reason).toBe(reason);
    expect(e.message).toMatch(message);
  });

  it('text that is not JSON, and text over the size limit', () => {
    expect(refused('{"v":1,')).toMatchObject({ reason: 'not-json' });
    expect(refused(' '.repeat(MAX_FRAME_BYTES + 1))).toMatchObject({ reason: 'too-large' });
  });

  it('never throws on arbitrary JSON (property)', () => {
    fc.assert(fc.property(fc.jsonValue(), (j) => { expect(typeof decodeFrame(j).ok).toBe('boolean'); }));
    fc.assert(fc.property(fc.record({ v: fc.constant(1), kind: fc.constantFrom('heartbeat', 'ack', 'command', 'gossip', 'status'), from: fc.anything(), to: fc.anything(), atMs: fc.anything(), start: fc.anything(), observed: fc.anything() }), (j) => {
      expect(typeof decodeFrame(j).ok).toBe('boolean');
    }));
  });
});
