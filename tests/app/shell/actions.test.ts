/** Store actions against a fake session: selection fetches details, refusals become error toasts, search flies to a node. */
import { beforeEach, describe, expect, it } from 'vitest';
import { appStore } from '../../../app/app-context.ts';
import { attachSession, failNode, findNode, selectNode, setSpeed, type SessionPort } from '../../../app/store/actions.ts';
import { initialState } from '../../../app/store/store.ts';
import type { SessionChange } from '../../../workers/session-types.ts';

const calls: string[] = [];
const fake: SessionPort = {
  play: async (s) => { calls.push(`play ${s}`); },
  pause: async () => { calls.push('pause'); },
  setSpeed: async (s) => { calls.push(`speed ${s}`); },
  step: async (ms) => { calls.push(`step ${ms}`); },
  seek: async (t) => { calls.push(`seek ${t}`); },
  inject: async (c: SessionChange) => { calls.push(`inject ${JSON.stringify(c)}`); return c.kind === 'fault' && c.spec === 'node:nope' ? { ok: false, message: "no node 'nope'" } : { ok: true }; },
  removeInjection: async () => true,
  nodeDetails: async (id) => ({ index: id === 'b' ? 1 : 0, replicas: [{ service: `svc-on-${id}`, history: [] }], pending: [] }),
  loadText: async () => true,
};

beforeEach(() => {
  calls.length = 0;
  appStore.setState({ ...initialState(), description: { nodes: [{ id: 'a' }, { id: 'b' }, { id: 'edge-7' }] } as never });
  attachSession(fake);
});

describe('actions', () => {
  it('selecting a node fetches why its replicas are there', async () => {
    selectNode(1);
    expect(appStore.getState().selection).toEqual({ kind: 'node', index: 1 });
    await new Promise((r) => setTimeout(r, 0));
    expect(appStore.getState().nodeDetails?.replicas[0]!.service).toBe('svc-on-b');
  });

  it('a refused injection is an error toast; an accepted one is not', async () => {
    expect(await failNode('nope')).toBe(false);
    expect(appStore.getState().toasts.map((t) => [t.kind, t.text])).toEqual([['error', "no node 'nope'"]]);
    expect(await failNode('a')).toBe(true);
    expect(calls).toEqual(['inject {"kind":"fault","spec":"node:nope"}', 'inject {"kind":"fault","spec":"node:a"}']);
    expect(appStore.getState().toasts).toHaveLength(1);
  });

  it('find flies to an exact id first, else the first id containing the text', () => {
    expect(findNode('EDGE')).toBe(true);
    expect(appStore.getState().flyTo).toEqual({ index: 2, seq: 1 });
    expect(findNode('b')).toBe(true);
    expect(appStore.getState().selection).toEqual({ kind: 'node', index: 1 });
    expect(appStore.getState().flyTo?.seq).toBe(2);
    expect(findNode('zzz')).toBe(false);
  });

  it('speed changes show at once and reach the session', async () => {
    await setSpeed(100);
    expect(appStore.getState().status.speed).toBe(100);
    expect(calls).toEqual(['speed 100']);
  });
});
