/**
 * Seeded fuzz of the scheduler extender over real HTTP on a loopback port (issue 14): valid
 * extender/v1 requests for every verb (filter and prioritize in both nodeCacheCapable modes,
 * preempt in both, bind, cache) are mutated structurally (deleted, duplicated, retyped fields,
 * extreme numbers, wrong types, bad references) or as bytes (truncated or broken JSON, deep
 * nesting, oversize bodies, wrong content type or method). The extender must never answer 5xx,
 * must answer 4xx with a message, must not change its state on a 4xx, and a 200 must have the
 * verb's wire shape. A failure prints its seed, case and request; FUZZ_SEED / FUZZ_CASES /
 * FUZZ_CASE rerun other seeds, more cases or one case.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExtenderServer, type Extender } from '../../connectors/extender/server.ts';
import { buildProfile, defaultProfileSpec } from '../../sim-core/orchestrator/scheduler/profile.ts';
import { mutateValue } from './support/mutate-value.ts';
import { deepFlowNesting } from './support/mutate-text.ts';
import { cut, formatFailure, type FuzzFailure } from './support/oracle.ts';
import { caseRng, fuzzSettings, type Prng } from './support/prng.ts';

const TEST_FILE = 'tests/fuzz/extender.test.ts';
const { seed, cases } = fuzzSettings(1404, 500);
const LIMIT_BYTES = 256 * 1024;

const dump = JSON.parse(readFileSync(new URL('../fixtures/k8s/edge-cluster.json', import.meta.url), 'utf8')) as { items: { kind: string; metadata: { name: string; uid?: string } }[] };
const nodes = dump.items.filter((i) => i.kind === 'Node');
const names = nodes.map((n) => n.metadata.name);
const pod = {
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'fuzz-0', namespace: 'vision', uid: 'uid-fuzz-0', labels: { app: 'inference' } },
  spec: {
    containers: [{ name: 'm', image: 'x:1', resources: { requests: { cpu: '500m', memory: '1Gi', 'nvidia.com/gpu': '1' } }, ports: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }] }],
    tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    nodeSelector: { 'kubernetes.io/os': 'linux' }, priority: 10,
    affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'inference' } } } }] } },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'inference' } } }],
  },
};
const victim = dump.items.find((i) => i.metadata.name === 'inference-0');

/** One valid request per verb and mode: the fuzzer's starting points. */
const BASES: { verb: string; body: unknown }[] = [
  { verb: '/filter', body: { Pod: pod, Nodes: { items: nodes } } },
  { verb: '/filter', body: { Pod: pod, NodeNames: names } },
  { verb: '/prioritize', body: { Pod: pod, NodeNames: names } },
  { verb: '/prioritize', body: { Pod: pod, Nodes: { items: nodes.slice(0, 3) } } },
  { verb: '/preempt', body: { Pod: pod, NodeNameToMetaVictims: { 'gpu-1': { Pods: [{ UID: 'uid-inference-0' }], NumPDBViolations: 0 } } } },
  { verb: '/preempt', body: { Pod: pod, NodeNameToVictims: { 'gpu-1': { Pods: [victim], NumPDBViolations: 1 } } } },
  { verb: '/bind', body: { PodName: 'fuzz-0', PodNamespace: 'vision', PodUID: 'uid-fuzz-0', Node: 'gpu-1' } },
  { verb: '/cache', body: dump },
];

interface Request { verb: string; method: string; type: string; body: string; what: string }

function makeRequest(rng: Prng): Request {
  const base = rng.pick(BASES);
  const req = { verb: base.verb, method: 'POST', type: 'application/json' };
  const r = rng.next();
  if (r < 0.75) {
    const m = mutateValue(rng, base.body, 3);
    return { ...req, body: JSON.stringify(m.value) ?? 'null', what: m.what };
  }
  const text = JSON.stringify(base.body);
  const byte = rng.pick(['truncate', 'garbage', 'deep', 'oversize', 'type', 'method', 'empty', 'scalar', 'unicode']);
  switch (byte) {
    case 'truncate': { const at = rng.int(text.length); return { ...req, body: text.slice(0, at), what: `truncated at ${at}` }; }
    case 'garbage': { const at = rng.int(text.length); return { ...req, body: text.slice(0, at) + rng.pick(['}', ',,', 'NaN', '\u0000', '"', 'undefined']) + text.slice(at), what: `garbage at ${at}` }; }
    case 'deep': return { ...req, body: `{"Pod": ${deepFlowNesting(rng.pick([150, 100_000]))}}`, what: 'deep nesting' };
    case 'oversize': return { ...req, body: JSON.stringify({ ...(base.body as object), pad: 'x'.repeat(LIMIT_BYTES) }), what: 'body over the limit' };
    case 'type': return { ...req, type: rng.pick(['text/plain', '', 'application/x-www-form-urlencoded', 'application/jsonx']), body: text, what: 'wrong content type' };
    case 'method': return { ...req, method: rng.pick(['GET', 'PUT', 'DELETE', 'PATCH']), body: rng.chance(0.5) ? text : '', what: 'wrong method' };
    case 'empty': return { ...req, body: '', what: 'empty body' };
    case 'scalar': return { ...req, body: rng.pick(['null', '0', '"x"', '[]', 'true', '1e999']), what: 'a JSON scalar' };
    default: return { ...req, body: text.replace(/"gpu-1"/g, '"gpu-\u{1F4A5}\ud800"'), what: 'unicode and a lone surrogate in names' };
  }
}

let base = '';
let extender: Extender;
let close: () => Promise<void>;
beforeAll(async () => {
  const s = createExtenderServer({ profile: buildProfile(defaultProfileSpec()), maxBodyBytes: LIMIT_BYTES });
  extender = s.extender;
  await new Promise<void>((r) => s.server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
  close = () => new Promise((r) => s.server.close(() => r()));
});
afterAll(async () => { await close(); });

const restoreCache = () => fetch(`${base}/cache`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(dump) });

/** The extender's observable state: the cache (identity and contents) and the pods it remembers. */
function fingerprint(): { cache: object; text: string } {
  const c = extender.cache;
  const pods = [...c.pods.values()].map((p) => `${p.key}@${p.nodeIndex}`).sort().join(',');
  return { cache: c, text: `${c.nodeCount}|${c.names.join(',')}|${pods}|${extender.seenPodKeys().join(',')}` };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strMap = (v: unknown) => isObj(v) && Object.values(v).every((x) => typeof x === 'string');

/** Problems with a 200 answer: the verb's extender/v1 result shape. */
function shapeProblems(verb: string, request: unknown, j: unknown): string[] {
  const asked = isObj(request) && Array.isArray(request.NodeNames) ? request.NodeNames : null;
  switch (verb) {
    case '/filter': {
      if (!isObj(j) || !strMap(j.FailedNodes) || !strMap(j.FailedAndUnresolvableNodes) || typeof j.Error !== 'string') return ['filter result lacks FailedNodes / FailedAndUnresolvableNodes / Error'];
      if (j.NodeNames !== null && !(Array.isArray(j.NodeNames) && j.NodeNames.every((n) => typeof n === 'string' && (!asked || asked.includes(n))))) return ['NodeNames holds a name not asked for, or not a string'];
      if (j.Nodes !== null && !(isObj(j.Nodes) && Array.isArray(j.Nodes.items))) return ['Nodes is not a NodeList'];
      return [];
    }
    case '/prioritize': {
      if (!Array.isArray(j) || !j.every((h) => isObj(h) && typeof h.Host === 'string' && Number.isInteger(h.Score) && (h.Score as number) >= 0 && (h.Score as number) <= 10)) return ['not a HostPriorityList with scores 0..10'];
      if (asked && JSON.stringify(j.map((h) => (h as { Host: string }).Host)) !== JSON.stringify(asked)) return ['hosts not in request order'];
      return [];
    }
    case '/preempt':
      return isObj(j) && isObj(j.NodeNameToMetaVictims) && Object.values(j.NodeNameToMetaVictims).every((v) => isObj(v) && Array.isArray(v.Pods) && v.Pods.every((p) => isObj(p) && typeof p.UID === 'string') && Number.isInteger(v.NumPDBViolations))
        ? [] : ['not an ExtenderPreemptionResult'];
    case '/bind': return isObj(j) && typeof j.Error === 'string' ? [] : ['not an ExtenderBindingResult'];
    case '/cache': return isObj(j) && Number.isInteger(j.nodes) && (j.nodes as number) >= 1 && Number.isInteger(j.pods) ? [] : ['not {nodes >= 1, pods}'];
    default: return [`200 for ${verb}`];
  }
}

async function check(req: Request): Promise<{ status: number; problems: string[] }> {
  const problems = await checkInner(req);
  return { status: lastStatus, problems };
}

let lastStatus = 0;

async function checkInner(req: Request): Promise<string[]> {
  const before = fingerprint();
  let res: Response;
  try {
    res = await fetch(`${base}${req.verb}`, { method: req.method, headers: req.type ? { 'content-type': req.type } : {}, ...(req.method === 'GET' ? {} : { body: req.body }) });
  } catch (err) {
    lastStatus = 0;
    return req.what === 'body over the limit' ? [] : [`the connection failed: ${(err as Error).message}`]; // a 413 may close mid-upload
  }
  lastStatus = res.status;
  const text = await res.text();
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`answered ${res.status}: ${cut(text, 300)}`);
  if (res.status === 200) {
    let j: unknown;
    try { j = JSON.parse(text); } catch { return ['200 with a body that is not JSON']; }
    let request: unknown = null;
    // as the server decoded it: UTF-8 on the wire turns a lone surrogate into U+FFFD
    try { request = JSON.parse(Buffer.from(req.body, 'utf8').toString('utf8')); } catch { /* a 200 for a body that does not parse is caught by shapeProblems */ }
    problems.push(...shapeProblems(req.verb, request, j));
    if (text.includes('[object Object]') && !req.body.includes('[object Object]')) problems.push('answer holds "[object Object]"');
    if (req.verb === '/cache') await restoreCache();
    return problems;
  }
  if (res.status < 400) return [...problems, `answered ${res.status}`];
  let err: unknown;
  try { err = JSON.parse(text); } catch { return [...problems, `${res.status} with a body that is not JSON`]; }
  if (!isObj(err) || typeof err.error !== 'string' || !err.error.trim()) problems.push(`${res.status} without an error message`);
  else if (err.error.length > 20_000) problems.push(`${res.status} with an error of ${err.error.length} chars`);
  const after = fingerprint();
  if (after.cache !== before.cache || after.text !== before.text) problems.push(`${res.status} but the extender's state changed`);
  return problems;
}

describe(`extender fuzz (seed ${seed}, ${cases.length} requests)`, () => {
  it('never 5xx; 4xx with a message and no change of state; 200 in the verb\'s wire shape', async () => {
    expect((await restoreCache()).status).toBe(200);
    const failures: FuzzFailure[] = [];
    const tally: Record<number, number> = {};
    for (const index of cases) {
      const req = makeRequest(caseRng(seed, index));
      const { status, problems } = await check(req);
      tally[status] = (tally[status] ?? 0) + 1;
      if (problems.length) failures.push({ seed, index, source: `${req.method} ${req.verb} (${req.type || 'no content type'})`, what: req.what, problems, input: req.body });
    }
    for (const f of failures.slice(0, 10)) console.error(formatFailure(f, TEST_FILE));
    expect(failures.map((f) => cut(`case ${f.index} (${f.source}: ${f.what}): ${f.problems.join(' | ')}`, 400))).toEqual([]);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    if (cases.length >= 100) expect(Object.keys(tally).filter((k) => tally[Number(k)]! > 0).map(Number)).toEqual(expect.arrayContaining([200, 400, 405, 413, 415]));
  });
});
