/**
 * The Kubernetes API STAND-IN itself, over raw HTTP: lists carry resourceVersion, watches replay
 * from a resourceVersion and stream, a compacted resourceVersion gets a watch ERROR event with a
 * Status 410 Gone, selectors filter, bad requests get Status bodies (never a crash). The stand-in
 * exists because no Kubernetes API server installs on this machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFieldSelector, parseLabelSelector } from '../../../connectors/kubernetes/stand-in/selectors.ts';
import { announceStandIn, nodeObject, podObject, startKubeStandIn, type KubeStandIn } from '../support/kube-stand-in.ts';

let k: KubeStandIn;
beforeAll(async () => { announceStandIn('stand-in.test.ts'); k = await startKubeStandIn(); });
afterAll(async () => { await k?.stop(); });

const get = (path: string, init: RequestInit = {}) => fetch(`${k.url}${path}`, { ...init, headers: { authorization: `Bearer ${k.token}`, ...(init.headers ?? {}) } });

/** Reads watch events from a stream until `until` says stop or the stream ends (deadline 5 s). */
async function readEvents(path: string, until: (events: { type: string; object: any }[]) => boolean): Promise<{ type: string; object: any }[]> {
  const ctl = new AbortController();
  const deadline = setTimeout(() => ctl.abort(), 5000);
  const res = await get(path, { signal: ctl.signal });
  expect(res.status).toBe(200);
  const events: { type: string; object: any }[] = [];
  const dec = new TextDecoder();
  let buf = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buf += dec.decode(chunk, { stream: true });
      let i;
      while ((i = buf.indexOf('\n')) >= 0) { events.push(JSON.parse(buf.slice(0, i))); buf = buf.slice(i + 1); }
      if (until(events)) break;
    }
  } catch (e) { if ((e as Error).name !== 'AbortError') throw e; }
  clearTimeout(deadline);
  ctl.abort();
  return events;
}

describe('Kubernetes API stand-in (no API server installs here)', () => {
  it('lists with metadata.resourceVersion and items without kind', async () => {
    k.putNode(nodeObject({ name: 'n1', labels: { 'topology.kubernetes.io/zone': 'z1' } }));
    k.putNode(nodeObject({ name: 'n2', labels: { 'topology.kubernetes.io/zone': 'z2' } }));
    const list = await (await get('/api/v1/nodes')).json() as any;
    expect(list.kind).toBe('NodeList');
    expect(list.metadata.resourceVersion).toBe(String(k.store.revision()));
    expect(list.items.map((n: any) => n.metadata.name)).toEqual(['n1', 'n2']);
    expect(list.items[0].kind).toBeUndefined();
    const z2 = await (await get(`/api/v1/nodes?labelSelector=${encodeURIComponent('topology.kubernetes.io/zone=z2')}`)).json() as any;
    expect(z2.items.map((n: any) => n.metadata.name)).toEqual(['n2']);
  });

  it('watch from a resourceVersion replays later changes, then streams new ones', async () => {
    const rv = Number((await (await get('/api/v1/pods')).json() as any).metadata.resourceVersion);
    k.putPod(podObject({ name: 'a', namespace: 'shop', nodeName: 'n1' }));
    const opened = k.counters.watchesOpened;
    const pending = readEvents(`/api/v1/pods?watch=1&resourceVersion=${rv}`, (ev) => ev.length >= 3);
    // Change the pod once the watch is open, so MODIFIED and DELETED arrive live, not from the replay.
    for (const deadline = Date.now() + 5000; k.counters.watchesOpened === opened && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 10));
    k.modifyPod('shop', 'a', (p) => { (p.metadata.labels as Record<string, string>).v = '2'; });
    k.deletePod('shop', 'a');
    const events = await pending;
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(events[1]!.object.metadata.labels.v).toBe('2');
    expect(Number(events[2]!.object.metadata.resourceVersion)).toBeGreaterThan(Number(events[1]!.object.metadata.resourceVersion));
  });

  it('a resourceVersion older than the retained window gets ERROR 410 Gone (Status, reason Expired) and the stream ends', async () => {
    const old = k.store.revision();
    k.putNode(nodeObject({ name: 'n3' }));
    k.compact();
    const events = await readEvents(`/api/v1/nodes?watch=true&resourceVersion=${old}`, () => false);
    expect(events).toHaveLength(1);
    expect(events[0]!.type).toBe('ERROR');
    expect(events[0]!.object).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 });
    // From the current revision the watch is fine.
    const ok = await readEvents(`/api/v1/nodes?watch=true&resourceVersion=${k.store.revision()}&allowWatchBookmarks=true`, (ev) => ev.length >= 1);
    expect(ok[0]!.type).toBe('BOOKMARK');
  });

  it('a filtered watch sees an object leaving its selection as DELETED', async () => {
    const rv = k.store.revision();
    k.modifyNode('n1', (n) => { (n.metadata.labels as Record<string, string>)['topology.kubernetes.io/zone'] = 'z9'; });
    const events = await readEvents(`/api/v1/nodes?watch=1&resourceVersion=${rv}&labelSelector=${encodeURIComponent('topology.kubernetes.io/zone=z1')}`, (ev) => ev.length >= 1);
    expect(events[0]!.type).toBe('DELETED');
    expect(events[0]!.object.metadata.name).toBe('n1');
  });

  it('refuses bad requests with Status bodies and keeps serving', async () => {
    const noAuth = await fetch(`${k.url}/api/v1/nodes`);
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toMatchObject({ kind: 'Status', code: 401 });
    expect((await get('/api/v1/nodes?labelSelector=%3D%3D%3D')).status).toBe(400);
    expect((await get('/api/v1/pods?watch=1&resourceVersion=abc')).status).toBe(400);
    expect((await get('/api/v1/widgets')).status).toBe(404);
    expect(await (await get('/api/v1/nodes/nope')).json()).toMatchObject({ reason: 'NotFound', code: 404, message: 'nodes "nope" not found' });
    const patch = (body: string, type = 'application/apply-patch+yaml', q = 'fieldManager=edgetwin') =>
      get(`/apis/apps/v1/namespaces/default/deployments/web?${q}`, { method: 'PATCH', body, headers: { 'content-type': type } });
    expect((await patch('{"a":')).status).toBe(400);
    expect((await patch('[]')).status).toBe(400);
    expect((await patch('{}', 'application/merge-patch+json')).status).toBe(415);
    expect((await patch('{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"}}', undefined, '')).status).toBe(422);
    expect((await patch('{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"other"}}')).status).toBe(400);
    const inv = await patch('{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{}}');
    expect(inv.status).toBe(422);
    expect(((await inv.json()) as any).details.causes.map((c: any) => c.field)).toContain('spec.selector');
    expect((await patch('['.repeat(200_000))).status).toBe(400);
    expect(k.store.get('deployments', 'default', 'web')).toBeUndefined();
    expect((await get('/api/v1/nodes')).status).toBe(200);
  });

  it.each([
    // selector, labels, matches
    ['app=web', { app: 'web' }, true],
    ['app==web,tier!=db', { app: 'web', tier: 'db' }, false],
    ['app in (web, api)', { app: 'api' }, true],
    ['app notin (web)', {}, true],
    ['gpu', { gpu: '' }, true],
    ['!gpu', { gpu: '1' }, false],
  ])('labelSelector %s on %j → %s', (sel, labels, want) => {
    const m = parseLabelSelector(sel);
    expect('error' in m).toBe(false);
    expect((m as Exclude<typeof m, { error: string }>)({ metadata: { labels } })).toBe(want);
  });

  it('selector syntax errors and unsupported fields are messages, not throws', () => {
    expect(parseLabelSelector('a=(b')).toHaveProperty('error');
    expect(parseFieldSelector('status.phase=Running')).toEqual({ error: expect.stringMatching(/field label not supported: status.phase/) });
    const m = parseFieldSelector('spec.nodeName=n1,metadata.namespace!=kube-system');
    expect('error' in m).toBe(false);
    expect((m as Exclude<typeof m, { error: string }>)({ metadata: { namespace: 'shop' }, spec: { nodeName: 'n1' } })).toBe(true);
  });
});
