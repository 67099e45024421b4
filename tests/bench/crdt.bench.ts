/**
 * CRDT state sync throughput and delta sizes. The issue sets no numeric targets for these, so
 * rows carry no target; full-state figures measured in the same run are the baseline.
 */
import { DocReplica } from '../../sim-core/orchestrator/crdt/doc-replica.ts';
import { setPlacement } from '../../sim-core/orchestrator/crdt/fleet-state.ts';
import { hlcNow, hlcZero, type Hlc } from '../../sim-core/orchestrator/crdt/hlc.ts';
import { lwwClone, lwwEmpty, lwwJoinInto, lwwSet, type JsonValue, type LwwMap } from '../../sim-core/orchestrator/crdt/lww-map.ts';
import { orAdd, orEmpty, orJoinInto, orRemove, type OrSet } from '../../sim-core/orchestrator/crdt/or-set.ts';
import { byteSize, type DeltaMessage } from '../../sim-core/orchestrator/crdt/sync-wire.ts';
import { median, timeRuns, type BenchResult, type BenchSuite } from './harness.ts';

/** Deterministic LCG so every run measures the same work. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const perSec = (count: number, ms: number[]) => count / (median(ms) / 1000);

async function lwwRows(reps: number): Promise<BenchResult[]> {
  const KEYS = 1_000;
  const DELTAS = 200;
  let clock: Hlc = hlcZero('writer');
  const base = lwwEmpty<JsonValue>();
  for (let i = 0; i < KEYS; i++) {
    clock = hlcNow(clock, i);
    lwwJoinInto(base, lwwSet(`svc-${i}`, `edge-${i % 50}`, clock));
  }
  // Each delta rewrites a different 10% of the keys with newer clocks, so every merge does real work.
  const rnd = lcg(7);
  const deltas: LwwMap<JsonValue>[] = [];
  for (let d = 0; d < DELTAS; d++) {
    const delta = lwwEmpty<JsonValue>();
    for (let j = 0; j < KEYS / 10; j++) {
      clock = hlcNow(clock, 10_000 + d);
      lwwJoinInto(delta, lwwSet(`svc-${Math.floor(rnd() * KEYS)}`, `edge-${j % 50}`, clock));
    }
    deltas.push(delta);
  }
  const targets = Array.from({ length: reps + 1 }, () => lwwClone(base));
  let k = 0;
  const dm = await timeRuns(reps, () => {
    const t = targets[k++]!;
    for (const d of deltas) lwwJoinInto(t, d);
  });
  // Baseline: full-state merge of two 1,000-key maps that differ in ~10% of keys.
  const other = lwwClone(base);
  for (const d of deltas.slice(0, 1)) lwwJoinInto(other, d);
  const fullTargets = Array.from({ length: (reps + 1) * 20 }, () => lwwClone(base));
  let f = 0;
  const fm = await timeRuns(reps, () => {
    for (let i = 0; i < 20; i++) lwwJoinInto(fullTargets[f++]!, other);
  });
  const deltaRate = perSec(DELTAS, dm);
  const fullRate = perSec(20, fm);
  return [
    { name: 'lww-map 1,000 keys: merge a 10%-changed delta', value: deltaRate, unit: 'merges/s', note: `${KEYS / 10} entries per delta; ×${(deltaRate / fullRate).toFixed(1)} the full-state merge` },
    { name: 'lww-map 1,000 keys: full-state merge (baseline)', value: fullRate, unit: 'merges/s', note: 'the two maps differ in ~10% of keys' },
  ];
}

async function orSetRows(reps: number): Promise<BenchResult[]> {
  const ELEMS = 1_000;
  const OPS = 10_000;
  const base = orEmpty();
  for (let i = 0; i < ELEMS; i++) orJoinInto(base, orAdd(base, 'n0', `node-${i}`));
  const rnd = lcg(11);
  const script = Array.from({ length: OPS }, () => ({ add: rnd() < 0.5, elem: `node-${Math.floor(rnd() * ELEMS)}`, node: `n${Math.floor(rnd() * 3)}` }));
  const clones: OrSet[] = Array.from({ length: reps + 1 }, () => ({ entries: new Map(base.entries), ctx: new Map([...base.ctx].map(([k, v]) => [k, v.slice()])) }));
  let k = 0;
  const ms = await timeRuns(reps, () => {
    const s = clones[k++]!;
    for (const op of script) orJoinInto(s, op.add ? orAdd(s, op.node, op.elem) : orRemove(s, op.elem));
  });
  return [{ name: 'or-set 1,000 elements: add/remove (δ-mutator + join)', value: perSec(OPS, ms), unit: 'ops/s', note: '50% adds, 50% removes, 3 writers' }];
}

/** A controller with 100 placements that an agent has acked, then 5 changed: the typical sync. */
function placementSync(): { ctl: DocReplica; full: DeltaMessage; delta: DeltaMessage } {
  const ctl = new DocReplica('controller');
  for (let i = 0; i < 100; i++) setPlacement(ctl, `svc-${String(i).padStart(3, '0')}`, `edge-${i % 17}`, 1_700_000_000_000 + i);
  ctl.sync.onAck('agent-1', ctl.sync.seq);
  for (const i of [3, 20, 41, 77, 99]) setPlacement(ctl, `svc-${String(i).padStart(3, '0')}`, `edge-${(i + 5) % 17}`, 1_700_000_001_000 + i);
  return { ctl, full: ctl.fullMessage(), delta: ctl.messageFor('agent-1')! };
}

async function applyRows(reps: number): Promise<BenchResult[]> {
  const APPLIES = 2_000;
  // Agents already holding the 100 placements; each apply is a fresh 5-change delta (decode + HLC + join).
  const { full } = placementSync();
  const msgs: DeltaMessage[] = [];
  const writer = new DocReplica('controller-2');
  for (let i = 0; i < APPLIES; i++) {
    for (let j = 0; j < 5; j++) setPlacement(writer, `svc-${String((i * 5 + j) % 100).padStart(3, '0')}`, `edge-${i % 17}`, 1_700_000_002_000 + i);
    msgs.push(JSON.parse(JSON.stringify(writer.messageFor('agent-1')!)) as DeltaMessage);
    writer.sync.onAck('agent-1', writer.sync.seq); // so the next message is again a 5-entry delta
  }
  const fullJson = JSON.parse(JSON.stringify(full)) as DeltaMessage;
  const agents = Array.from({ length: reps + 1 }, () => {
    const a = new DocReplica('agent-1');
    a.receive(fullJson, 1_700_000_000_200);
    return a;
  });
  let k = 0;
  const ms = await timeRuns(reps, () => {
    const a = agents[k++]!;
    for (let i = 0; i < APPLIES; i++) a.receive(msgs[i], 1_700_000_003_000);
    if (a.get('placements', 'svc-099') === undefined) throw new Error('bench: deltas were not applied');
  });
  const { delta } = placementSync();
  return [
    { name: 'doc delta apply: 5 placements into 100 (decode + HLC + join)', value: perSec(APPLIES, ms), unit: 'deltas/s', note: 'message already JSON-parsed' },
    { name: 'delta size: 100 placements, 5 changed', value: byteSize(delta), unit: 'bytes', note: `full state ${byteSize(full)} bytes` },
  ];
}

const suite: BenchSuite = {
  name: 'crdt',
  async run({ quick }) {
    const reps = quick ? 3 : 15;
    return [...(await lwwRows(reps)), ...(await orSetRows(reps)), ...(await applyRows(reps))];
  },
};
export default suite;
