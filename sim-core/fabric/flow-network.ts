/**
 * Flow-level bandwidth sharing: every active transfer (flow) crosses a set of directed link
 * resources and gets its MAX-MIN FAIR rate, computed by progressive filling (the bottleneck
 * resource with the least fair share saturates first, its flows freeze at that share, repeat),
 * as in SimGrid's validated flow models. Incremental: a change re-fills only the connected
 * component of flows that share resources (transitively) with it, because max-min rates of other
 * components cannot move. Capacity is bits/s, sizes are bytes, time is ms.
 *
 * WEIGHTED max-min: a flow may carry a weight w > 0 (default 1). Filling then raises every
 * unfrozen flow's rate in proportion to its weight, so on its bottleneck a flow gets
 * w · (remaining capacity / sum of the unfrozen weights). With every weight 1 the arithmetic is
 * the unweighted one bit for bit (sums of ones are exact integers).
 */
import { IndexedHeap } from './indexed-heap.ts';

/** Completion tolerance in time: a flow due within this of nowMs counts as finished. */
export const COMPLETION_TOLERANCE_MS = 1e-9;
/** Completion tolerance in bytes: a flow with this little left counts as finished. */
export const COMPLETION_TOLERANCE_BYTES = 1e-6;

/** Options; `incremental: false` re-fills every flow on each change (the baseline for benchmarks and tests). */
export interface FlowNetworkOptions { incremental?: boolean }

const BITS_PER_BYTE_MS = 8000; // bytes = bps * ms / 8000
// A flowId is seq * SLOT_SPAN + slot: it orders flows by start (seq) and finds the slot without a
// Map, whose insert/delete churn (one pair per message) was a main source of garbage.
const SLOT_SPAN = 2 ** 21;
const EMPTY = new Int32Array(0);

/** Max-min fair sharing of directed link resources among active flows, updated incrementally. */
export class FlowNetwork {
  private readonly capFn: ((resource: number) => number) | null;
  private readonly incremental: boolean;
  private resCount = 0;
  private capBps = new Float64Array(0);
  private resFlows: Int32Array[] = [];
  private resN = new Int32Array(0);
  private resMark = new Uint32Array(0);
  private fillRem = new Float64Array(0);
  private fillCnt = new Int32Array(0);
  private fillW = new Float64Array(0);
  private readonly resHeap = new IndexedHeap(0);

  private live = 0;
  private readonly freeSlots: number[] = [];
  private slotHigh = 0;
  private fId = new Float64Array(0);
  private fTag = new Float64Array(0);
  private fRem = new Float64Array(0);
  private fRate = new Float64Array(0);
  private fW = new Float64Array(0);
  // Set once any flow has a weight other than 1: until then weight sums are flow counts.
  private weighted = false;
  private fLast = new Float64Array(0);
  private fMark = new Uint32Array(0);
  private fFrozen = new Uint32Array(0);
  private readonly fRes: Int32Array[] = [];
  // [r] per resource, made on first use by startOnResource (flows keep it as their resource list).
  private readonly singletons: (Int32Array | undefined)[] = [];
  private readonly fPos: Int32Array[] = [];
  private readonly doneHeap = new IndexedHeap(0);

  private nextSeq = 1;
  private epoch = 0;
  private lastNowMs = -Infinity;
  private readonly compRes: number[] = [];
  private readonly compFlows: number[] = [];
  // takeCompleted scratch, reused between calls (one call per flow-timer event in the twin).
  private readonly seeds: number[] = [];
  private doneAt = new Float64Array(16);
  private doneId = new Float64Array(16);
  private doneTag = new Float64Array(16);

  /** Capacities come from a per-resource callback (also used by ensureResources) or an array copied once. */
  constructor(capacityBps: ((resource: number) => number) | ArrayLike<number>, resourceCount?: number, options: FlowNetworkOptions = {}) {
    this.incremental = options.incremental ?? true;
    if (typeof capacityBps === 'function') {
      this.capFn = capacityBps;
      this.ensureResources(resourceCount ?? 0);
    } else {
      this.capFn = null;
      this.ensureResources(resourceCount ?? capacityBps.length);
      for (let r = 0; r < capacityBps.length && r < this.resCount; r++) this.capBps[r] = checkCap(r, capacityBps[r]!);
    }
  }

  /** Number of resources currently known. */
  get resourceCount(): number { return this.resCount; }

  /** Number of flows not yet taken by takeCompleted() or aborted. */
  get activeCount(): number { return this.live; }

  /** Makes resources [0, n) usable; new ones take the constructor callback's capacity, else 0. */
  ensureResources(n: number): void {
    if (!(Number.isInteger(n) && n >= 0)) throw new Error(`FlowNetwork.ensureResources: bad count ${n}`);
    if (n <= this.resCount) return;
    if (n > this.capBps.length) {
      const c = Math.max(n, this.capBps.length * 2, 8);
      this.capBps = growF64(this.capBps, c);
      this.resN = growI32(this.resN, c);
      this.resMark = growU32(this.resMark, c);
      this.fillRem = growF64(this.fillRem, c);
      this.fillCnt = growI32(this.fillCnt, c);
      this.fillW = growF64(this.fillW, c);
      this.resHeap.ensureCapacity(c);
    }
    for (let r = this.resCount; r < n; r++) {
      this.resFlows[r] = EMPTY;
      this.singletons[r] = undefined; // filled in order: out-of-order writes would make a dictionary array
      this.capBps[r] = this.capFn ? checkCap(r, this.capFn(r)) : 0;
    }
    this.resCount = n;
  }

  /** Current capacity of a resource in bits/s. */
  capacityBps(resource: number): number { this.checkRes(resource); return this.capBps[resource]!; }

  /**
   * Starts a transfer over distinct `resources`; returns its flowId (an integer below 2^53 that
   * grows with start order; store it in a Float64Array, not an Int32Array). No resources or 0 bytes:
   * completes at nowMs (rate Infinity). An Int32Array is kept, not copied (routes are immutable
   * and shared): do not mutate it while the flow is active. `weight` (> 0, default 1) is the
   * flow's share weight in weighted max-min.
   */
  start(resources: ArrayLike<number>, sizeBytes: number, nowMs: number, tag: number, weight = 1): number {
    if (!(sizeBytes >= 0 && Number.isFinite(sizeBytes))) throw new Error(`FlowNetwork.start: sizeBytes must be finite and >= 0, got ${sizeBytes}`);
    checkWeight(weight);
    this.checkTime(nowMs);
    const res = sizeBytes === 0 ? EMPTY : resources instanceof Int32Array ? resources : Int32Array.from(resources);
    // One resource cannot be listed twice: skip the marks (a cache miss per flow on a big fabric).
    const epoch = res.length > 1 ? this.nextEpoch() : 0;
    for (const r of res) {
      this.checkRes(r);
      if (epoch === 0) continue;
      if (this.resMark[r] === epoch) throw new Error(`FlowNetwork.start: resource ${r} listed twice in [${Array.from(resources).join(',')}]`);
      this.resMark[r] = epoch;
    }
    return this.begin(res, res.length === 1 ? res[0]! : -1, sizeBytes, nowMs, tag, weight);
  }

  /**
   * start([resource], ...) for a one-resource transfer (the twin's sensor hops). Same flow, same
   * rates; it just never reads a caller's array, whose cache miss per flow was a visible share of
   * the twin's run time.
   */
  startOnResource(resource: number, sizeBytes: number, nowMs: number, tag: number, weight = 1): number {
    if (!(sizeBytes >= 0 && Number.isFinite(sizeBytes))) throw new Error(`FlowNetwork.startOnResource: sizeBytes must be finite and >= 0, got ${sizeBytes}`);
    checkWeight(weight);
    this.checkTime(nowMs);
    this.checkRes(resource);
    if (sizeBytes === 0) return this.begin(EMPTY, -1, sizeBytes, nowMs, tag, weight);
    let one = this.singletons[resource];
    if (one === undefined) this.singletons[resource] = one = Int32Array.of(resource);
    return this.begin(one, resource, sizeBytes, nowMs, tag, weight);
  }

  /** Adds a validated flow over `res`; `only` is res[0] when res has exactly one entry, else -1 (then res is read). */
  private begin(res: Int32Array, only: number, sizeBytes: number, nowMs: number, tag: number, weight: number): number {
    const slot = this.allocSlot();
    const id = this.nextSeq++ * SLOT_SPAN + slot;
    this.live++;
    this.fId[slot] = id; this.fTag[slot] = tag; this.fLast[slot] = nowMs; this.fW[slot] = weight;
    if (weight !== 1) this.weighted = true;
    this.fRes[slot] = res;
    if (only < 0 && res.length === 0) {
      this.fRem[slot] = 0; this.fRate[slot] = Infinity;
      this.fPos[slot] = EMPTY;
      this.doneHeap.set(slot, nowMs, id);
      return id;
    }
    this.fRem[slot] = sizeBytes; this.fRate[slot] = 0;
    const n = only >= 0 ? 1 : res.length;
    // A slot keeps its position array when freed; reuse it when long enough.
    let pos = this.fPos[slot];
    if (pos === undefined || pos.length < n) this.fPos[slot] = pos = new Int32Array(Math.max(n, 4));
    let alone = true;
    for (let k = 0; k < n; k++) {
      pos[k] = this.attach(only >= 0 ? only : res[k]!, slot);
      if (pos[k] !== 0) alone = false;
    }
    if (alone) {
      // No other flow on any of its resources: its component is itself, and progressive filling
      // gives it the least capacity whatever its weight (share = cap / 1), as refill() would.
      let share = Infinity;
      for (let k = 0; k < n; k++) {
        const r = only >= 0 ? only : res[k]!, s = Math.max(0, this.capBps[r]!) / 1;
        if (s < share) share = s;
      }
      this.fRate[slot] = share;
      this.doneHeap.set(slot, share > 0 ? nowMs + (sizeBytes * BITS_PER_BYTE_MS) / share : Infinity, id);
      return id;
    }
    this.refill(res, nowMs);
    return id;
  }

  /** Removes a flow and re-shares its component; returns the bytes it had not sent by nowMs. */
  abort(flowId: number, nowMs: number): number {
    const slot = this.slot(flowId);
    this.checkTime(nowMs);
    this.advance(slot, nowMs);
    const left = this.fRem[slot]!;
    const res = this.fRes[slot]!;
    this.release(slot);
    if (res.length > 0) this.refill(res, nowMs);
    return left;
  }

  /** Sets a resource's capacity from nowMs on; 0 stalls its flows (rate 0) until raised again. */
  setCapacity(resource: number, bps: number, nowMs: number): void {
    this.checkRes(resource);
    checkCap(resource, bps);
    this.checkTime(nowMs);
    if (this.capBps[resource] === bps) return;
    this.capBps[resource] = bps;
    if (this.resN[resource]! > 0) this.refill([resource], nowMs);
  }

  /** Earliest completion time among active flows at current rates; Infinity if none or all stalled. */
  nextCompletionMs(): number { return this.doneHeap.peekKey(); }

  /** Removes the flows finished by nowMs and returns their tags by (completion time, flowId); the rest are re-shared. */
  takeCompleted(nowMs: number): number[] {
    const out: number[] = [];
    out.length = this.takeCompletedInto(nowMs, out);
    return out;
  }

  /**
   * takeCompleted() into out[0..n), returning n; entries from n on are stale. Allocates nothing
   * in steady state (truncating `out` would free its storage and the next push reallocate it).
   */
  takeCompletedInto(nowMs: number, out: number[]): number {
    this.checkTime(nowMs);
    const seeds = this.seeds;
    let at = this.doneAt, ids = this.doneId, tags = this.doneTag;
    let n = 0;
    for (;;) {
      while (this.doneHeap.size > 0 && this.doneHeap.peekKey() <= nowMs + COMPLETION_TOLERANCE_MS) {
        const atMs = this.doneHeap.peekKey();
        const slot = this.doneHeap.pop();
        if (n === at.length) {
          this.doneAt = at = growF64(at, 2 * n); this.doneId = ids = growF64(ids, 2 * n); this.doneTag = tags = growF64(tags, 2 * n);
        }
        // Insertion by (atMs, id): the heap pops in that order, so this only shifts for flows
        // finished by a later re-sharing round.
        let i = n++;
        const id = this.fId[slot]!;
        while (i > 0 && (at[i - 1]! > atMs || (at[i - 1] === atMs && ids[i - 1]! > id))) {
          at[i] = at[i - 1]!; ids[i] = ids[i - 1]!; tags[i] = tags[i - 1]!;
          i--;
        }
        at[i] = atMs; ids[i] = id; tags[i] = this.fTag[slot]!;
        const res = this.fRes[slot]!;
        // A resource left with no flow needs no re-sharing.
        this.release(slot);
        for (let k = 0; k < res.length; k++) if (this.resN[res[k]!]! > 0) seeds.push(res[k]!);
      }
      if (seeds.length === 0) break;
      // Re-sharing can finish more flows at nowMs (within the byte tolerance): loop until none.
      this.refill(seeds, nowMs);
      seeds.length = 0;
    }
    for (let i = 0; i < n; i++) out[i] = tags[i]!;
    return n;
  }

  /** Flows currently on a resource. */
  flowsOn(resource: number): number { this.checkRes(resource); return this.resN[resource]!; }

  /** Sum of the current max-min rates of the flows on a resource, in bits/s (what it carries right now). */
  resourceRateBps(resource: number): number {
    this.checkRes(resource);
    const list = this.resFlows[resource]!, n = this.resN[resource]!;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.fRate[list[i]!]!;
    return sum;
  }

  /** A flow's share weight (1 unless start() was given another). */
  weightOf(flowId: number): number { return this.fW[this.slot(flowId)]!; }

  /** Current rate of a flow in bits/s (Infinity for a flow with no resources or 0 bytes). */
  rateBps(flowId: number): number { return this.fRate[this.slot(flowId)]!; }

  /** Bytes a flow still has to send at nowMs (>= the time of the last change), at current rates. */
  remainingBytes(flowId: number, nowMs: number): number {
    const slot = this.slot(flowId);
    const dt = nowMs - this.fLast[slot]!;
    if (!(dt >= 0)) throw new Error(`FlowNetwork.remainingBytes: nowMs ${nowMs} is before the flow's last update ${this.fLast[slot]}`);
    const rem = this.fRem[slot]!;
    if (rem === 0) return 0;
    return Math.max(0, rem - (this.fRate[slot]! * dt) / BITS_PER_BYTE_MS);
  }

  /** Re-runs progressive filling on the component reachable from `seeds` (everything when not incremental). */
  private refill(seeds: ArrayLike<number>, nowMs: number): void {
    const epoch = this.nextEpoch();
    const compRes = this.compRes, compFlows = this.compFlows;
    compRes.length = 0; compFlows.length = 0;
    const resMark = this.resMark, fMark = this.fMark, resN = this.resN;
    if (this.incremental) {
      for (let i = 0; i < seeds.length; i++) {
        const r = seeds[i]!;
        if (resMark[r] !== epoch) { resMark[r] = epoch; compRes.push(r); }
      }
    } else {
      for (let r = 0; r < this.resCount; r++) if (resN[r]! > 0) { resMark[r] = epoch; compRes.push(r); }
    }
    const weighted = this.weighted, wsum = this.fillW, fW = this.fW;
    if (weighted) for (let i = 0; i < compRes.length; i++) wsum[compRes[i]!] = 0;
    for (let i = 0; i < compRes.length; i++) {
      const r = compRes[i]!, list = this.resFlows[r]!, n = resN[r]!;
      for (let j = 0; j < n; j++) {
        const f = list[j]!;
        if (fMark[f] === epoch) continue;
        fMark[f] = epoch;
        compFlows.push(f);
        if (weighted) {
          // Each flow adds its weight to its resources once, when first reached (no second pass).
          const w = fW[f]!;
          for (const r2 of this.fRes[f]!) {
            if (resMark[r2] !== epoch) { resMark[r2] = epoch; compRes.push(r2); wsum[r2] = 0; }
            wsum[r2] = wsum[r2]! + w;
          }
        } else {
          for (const r2 of this.fRes[f]!) if (resMark[r2] !== epoch) { resMark[r2] = epoch; compRes.push(r2); }
        }
      }
    }
    for (const f of compFlows) this.advance(f, nowMs);

    // Progressive filling: shares per unit weight only grow as flows freeze, so the heap minimum
    // is the next bottleneck. cnt says when a resource has no unfrozen flow left; wsum (the sum of
    // their weights, = cnt when all weights are 1) divides the remaining capacity.
    const rem = this.fillRem, cnt = this.fillCnt, heap = this.resHeap, fFrozen = this.fFrozen, fRate = this.fRate;
    for (const r of compRes) {
      rem[r] = this.capBps[r]!;
      const n = resN[r]!;
      cnt[r] = n;
      if (!weighted) wsum[r] = n;
      if (n > 0) heap.set(r, rem[r]! / wsum[r]!);
    }
    while (heap.size > 0) {
      const r = heap.pop();
      const share = Math.max(0, rem[r]!) / wsum[r]!;
      const list = this.resFlows[r]!, n = resN[r]!;
      for (let j = 0; j < n; j++) {
        const f = list[j]!;
        if (fFrozen[f] === epoch) continue;
        fFrozen[f] = epoch;
        const w = fW[f]!;
        const rate = w === 1 ? share : share * w;
        fRate[f] = rate;
        for (const r2 of this.fRes[f]!) {
          rem[r2] = rem[r2]! - rate;
          cnt[r2] = cnt[r2]! - 1;
          wsum[r2] = wsum[r2]! - w;
          if (r2 === r) continue;
          if (cnt[r2] === 0) heap.remove(r2);
          else heap.set(r2, Math.max(0, rem[r2]!) / wsum[r2]!);
        }
      }
    }
    for (const f of compFlows) {
      const left = this.fRem[f]!, rate = fRate[f]!;
      const atMs = left === 0 ? nowMs : rate > 0 ? nowMs + (left * BITS_PER_BYTE_MS) / rate : Infinity;
      this.doneHeap.set(f, atMs, this.fId[f]!);
    }
  }

  /** A fresh marker value; marks live in Uint32Arrays, so they are wiped before the counter would wrap. */
  private nextEpoch(): number {
    if (this.epoch >= 0xffffffff) {
      this.resMark.fill(0); this.fMark.fill(0); this.fFrozen.fill(0);
      this.epoch = 0;
    }
    return ++this.epoch;
  }

  /** Brings a flow's remaining bytes forward to nowMs at its current rate. */
  private advance(slot: number, nowMs: number): void {
    const dt = nowMs - this.fLast[slot]!;
    this.fLast[slot] = nowMs;
    const rem = this.fRem[slot]!;
    if (dt <= 0 || rem === 0) return;
    const left = rem - (this.fRate[slot]! * dt) / BITS_PER_BYTE_MS;
    this.fRem[slot] = left <= COMPLETION_TOLERANCE_BYTES ? 0 : left;
  }

  private attach(r: number, slot: number): number {
    let list = this.resFlows[r]!;
    const n = this.resN[r]!;
    if (n === list.length) {
      const grown = new Int32Array(Math.max(4, n * 2));
      grown.set(list);
      this.resFlows[r] = list = grown;
    }
    list[n] = slot;
    this.resN[r] = n + 1;
    return n;
  }

  /** Detaches a flow from its resources (swap-remove) and frees its slot. */
  private release(slot: number): void {
    const res = this.fRes[slot]!, pos = this.fPos[slot]!;
    for (let k = 0; k < res.length; k++) {
      const r = res[k]!, p = pos[k]!, list = this.resFlows[r]!;
      const last = this.resN[r]! - 1;
      this.resN[r] = last;
      const moved = list[last]!;
      list[p] = moved;
      if (moved !== slot) {
        const mres = this.fRes[moved]!;
        for (let k2 = 0; k2 < mres.length; k2++) if (mres[k2] === r) { this.fPos[moved]![k2] = p; break; }
      }
    }
    this.doneHeap.remove(slot);
    this.fId[slot] = -1; // its id is now unknown
    this.live--;
    this.fRes[slot] = EMPTY; // fPos[slot] stays: start() reuses it
    this.freeSlots.push(slot);
  }

  private allocSlot(): number {
    const reused = this.freeSlots.pop();
    if (reused !== undefined) return reused;
    const slot = this.slotHigh++;
    if (slot >= SLOT_SPAN) throw new Error(`FlowNetwork: more than ${SLOT_SPAN} flows at once`);
    if (slot >= this.fId.length) {
      const c = Math.max(16, this.fId.length * 2);
      this.fId = growF64(this.fId, c); this.fTag = growF64(this.fTag, c);
      this.fRem = growF64(this.fRem, c); this.fRate = growF64(this.fRate, c); this.fLast = growF64(this.fLast, c); this.fW = growF64(this.fW, c);
      this.fMark = growU32(this.fMark, c); this.fFrozen = growU32(this.fFrozen, c);
      this.doneHeap.ensureCapacity(c);
    }
    return slot;
  }

  private slot(flowId: number): number {
    const s = flowId >= 0 && flowId < Number.MAX_SAFE_INTEGER ? flowId % SLOT_SPAN : -1;
    if (!(s >= 0 && s < this.slotHigh && this.fId[s] === flowId)) throw new Error(`FlowNetwork: unknown flowId ${flowId} (finished, aborted or never started)`);
    return s;
  }

  private checkRes(r: number): void {
    if (!(Number.isInteger(r) && r >= 0 && r < this.resCount)) throw new Error(`FlowNetwork: resource ${r} out of range [0, ${this.resCount})`);
  }

  private checkTime(nowMs: number): void {
    if (!(nowMs >= this.lastNowMs && Number.isFinite(nowMs))) throw new Error(`FlowNetwork: nowMs ${nowMs} is before ${this.lastNowMs} or not finite`);
    this.lastNowMs = nowMs;
  }
}

function checkCap(r: number, bps: number): number {
  if (!(bps >= 0 && Number.isFinite(bps))) throw new Error(`FlowNetwork: capacity of resource ${r} must be finite and >= 0, got ${bps}`);
  return bps;
}

function checkWeight(w: number): void {
  if (!(w > 0 && Number.isFinite(w))) throw new Error(`FlowNetwork: flow weight must be finite and > 0, got ${w}`);
}

function growF64(a: Float64Array, c: number) { const b = new Float64Array(c); b.set(a); return b; }
function growI32(a: Int32Array, c: number) { const b = new Int32Array(c); b.set(a); return b; }
function growU32(a: Uint32Array, c: number) { const b = new Uint32Array(c); b.set(a); return b; }
