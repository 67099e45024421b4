/**
 * Node pools (scenario `spec.nodePools`): nodes the resolver pre-declared (<pool>-1 …
 * <pool>-<max>, linked to the pool's attachTo) that start unprovisioned — held down by a hold of
 * their own (node-holds.ts), so they draw no power, cost nothing and the scheduler cannot place
 * on them — except the first `min`. When the autoscaler finds no node with room, it asks a pool
 * for a node: the node comes up after the provisioning delay and is billed (its class's
 * costPerHour) from then until it is released, `releaseAfter` after it last ran a replica. A
 * pool with every node provisioned refuses (counted). Installed only when the scenario has pools.
 */
import type { NodePoolModel } from '../scenario/model.ts';
import { canHost } from './placement.ts';
import { holdNodeDown, releaseNode } from './node-holds.ts';
import type { TwinState } from './state.ts';

/** The hold that keeps an unprovisioned pool node down (fault-log indices are ≥ 0). */
export const POOL_HOLD = -2;

const OFF = 0, PROVISIONING = 1, UP = 2;

/** One pool as it runs. */
export interface PoolRun {
  model: NodePoolModel;
  nodes: number[];
  provisioned: number;
  released: number;
  refused: number;
  events: { atMs: number; node: string; kind: 'requested' | 'up' | 'released' | 'refused'; detail?: string }[];
}

/** Every pool of a twin, and per pool node its state and billing. */
export interface NodePools {
  pools: PoolRun[];
  /** node index → [pool, position] */
  of: Map<number, [number, number]>;
  state: Map<number, number>;
  upSinceMs: Map<number, number>;
  billedMs: Map<number, number>;
  /** Bumped when a node gets work again, so a pending release finds itself stale. */
  releaseGen: Map<number, number>;
  /** Called when a requested node comes up (the autoscaler starts its waiting replica there). */
  onUp: ((node: number) => void)[];
  /** Whether a node runs (or is about to run) anything; the autoscaler answers for its pods. */
  busy: ((node: number) => boolean)[];
  kinds: { up: number; release: number };
}

/**
 * The twin's node pools, or null without any. They live in `s.nodePools` so a checkpoint copies
 * them; restoring writes the copy into the rebuilt twin's own object in place, so the handlers
 * and hooks that captured it stay bound to the restored data.
 */
export function nodePoolsOf(s: TwinState): NodePools | null { return (s.nodePools as NodePools | undefined) ?? null; }

/**
 * Holds every pool node beyond each pool's `min` down, before the placement seam is installed (so
 * the initial placement cannot use them), and registers the pool events. Nothing without pools.
 */
export function installNodePools(s: TwinState): void {
  const models = s.model.nodePools ?? [];
  if (models.length === 0) return;
  const topo = s.fabric.topology;
  const p: NodePools = {
    pools: [], of: new Map(), state: new Map(), upSinceMs: new Map(), billedMs: new Map(), releaseGen: new Map(), onUp: [], busy: [],
    kinds: { up: s.kernel.on((n) => onPoolNodeUp(s, p, n)), release: s.kernel.on((n, gen) => onRelease(s, p, n, gen)) },
  };
  models.forEach((m, i) => {
    const nodes = m.nodes.map((id) => topo.nodeIndex(id));
    p.pools.push({ model: m, nodes, provisioned: 0, released: 0, refused: 0, events: [] });
    nodes.forEach((n, k) => {
      p.of.set(n, [i, k]);
      p.billedMs.set(n, 0);
      p.releaseGen.set(n, 0);
      if (k < m.min) { p.state.set(n, UP); p.upSinceMs.set(n, 0); } else { p.state.set(n, OFF); holdNodeDown(s, n, POOL_HOLD, false); }
    });
  });
  s.nodePools = p;
  // Pool nodes are billed only while provisioned; every other node for the whole run.
  s.hooks.nodeBilledMs = (n, now) => {
    const st = p.state.get(n);
    if (st === undefined) return now;
    return p.billedMs.get(n)! + (st === UP ? now - p.upSinceMs.get(n)! : 0);
  };
  s.hooks.report.push((out) => { out.nodePools = poolReport(s, p); });
}

/**
 * Asks the pools (in scenario order) for a node that can host `service`: the first unprovisioned
 * node comes up after its pool's delay. Returns the node, or a refusal saying why.
 */
export function requestPoolNode(s: TwinState, service: number): { node: number } | { refused: string } {
  const p = nodePoolsOf(s);
  if (!p) return { refused: 'no node has room and the scenario has no node pool' };
  const svc = s.graph.services[service]!.model;
  const now = s.kernel.nowMs;
  const full: string[] = [];
  for (const pool of p.pools) {
    const hostable = pool.nodes.filter((n) => canHost(s.model.nodes[n]!, svc));
    if (hostable.length === 0) continue;
    const n = hostable.find((x) => p.state.get(x) === OFF);
    if (n === undefined) { full.push(pool.model.name); continue; }
    p.state.set(n, PROVISIONING);
    pool.provisioned++;
    pool.events.push({ atMs: now, node: s.fabric.topology.nodeId(n), kind: 'requested', detail: s.graph.services[service]!.key });
    s.kernel.schedule(pool.model.provisioningDelayMs, p.kinds.up, n);
    return { node: n };
  }
  for (const pool of p.pools) {
    if (!full.includes(pool.model.name)) continue;
    pool.refused++;
    if (pool.events.filter((e) => e.kind === 'refused').length < 20) pool.events.push({ atMs: now, node: '', kind: 'refused', detail: `${s.graph.services[service]!.key}: every node provisioned (max ${pool.model.nodes.length})` });
  }
  return { refused: full.length > 0 ? `no node has room; node pool${full.length > 1 ? 's' : ''} ${full.join(', ')} at max` : 'no node has room and no node pool can host the service' };
}

/** A pool node's provisioning delay is over: it comes up, billed from now. */
function onPoolNodeUp(s: TwinState, p: NodePools, n: number): void {
  if (p.state.get(n) !== PROVISIONING) return;
  p.state.set(n, UP);
  p.upSinceMs.set(n, s.kernel.nowMs);
  p.pools[p.of.get(n)![0]]!.events.push({ atMs: s.kernel.nowMs, node: s.fabric.topology.nodeId(n), kind: 'up' });
  releaseNode(s, n, POOL_HOLD);
  for (const h of p.onUp) h(n);
  nodeMaybeIdle(s, n); // nobody took it (the replica that asked was scaled away meanwhile)
}

/** A replica left node n: if it is a pool node above the pool's min and runs nothing, release it after the idle period. */
export function nodeMaybeIdle(s: TwinState, n: number): void {
  const p = nodePoolsOf(s);
  if (!p || p.state.get(n) !== UP) return;
  const [pi, k] = p.of.get(n)!;
  if (k < p.pools[pi]!.model.min || isBusy(s, p, n)) return;
  const gen = p.releaseGen.get(n)! + 1;
  p.releaseGen.set(n, gen);
  s.kernel.schedule(p.pools[pi]!.model.releaseAfterMs, p.kinds.release, n, gen);
}

function isBusy(s: TwinState, p: NodePools, n: number): boolean {
  for (const r of s.placement.seam.replicas) for (const x of r) if (x === n) return true;
  return p.busy.some((b) => b(n));
}

function onRelease(s: TwinState, p: NodePools, n: number, gen: number): void {
  if (p.releaseGen.get(n) !== gen || p.state.get(n) !== UP || isBusy(s, p, n)) return;
  const now = s.kernel.nowMs;
  p.billedMs.set(n, p.billedMs.get(n)! + now - p.upSinceMs.get(n)!);
  p.state.set(n, OFF);
  const pool = p.pools[p.of.get(n)![0]]!;
  pool.released++;
  pool.events.push({ atMs: now, node: s.fabric.topology.nodeId(n), kind: 'released' });
  holdNodeDown(s, n, POOL_HOLD, false);
}

/** report.nodePools: per pool, provisioning counts, node-hours and their cost. */
function poolReport(s: TwinState, p: NodePools): unknown[] {
  const now = s.kernel.nowMs;
  return p.pools.map((pool) => {
    let ms = 0;
    for (const n of pool.nodes) ms += s.hooks.nodeBilledMs!(n, now);
    const nodeHours = ms / 3_600_000;
    return {
      name: pool.model.name, min: pool.model.min, max: pool.nodes.length,
      provisionedNow: pool.nodes.filter((n) => p.state.get(n) === UP).length,
      provisioned: pool.provisioned, released: pool.released, refused: pool.refused,
      nodeHours, costUsd: nodeHours * pool.model.costPerHourUsd, events: pool.events,
    };
  });
}
