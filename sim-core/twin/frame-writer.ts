/**
 * Fills caller-owned frames (frame.ts) from a running twin, allocating nothing per frame. It keeps
 * a little history of its own — counts at earlier frames for the rolling latency window, busy
 * core-time and link bytes at the previous frame for rates — and only reads the twin, so writing
 * frames (at any rate, or none) cannot change a run.
 */
import { percentileOfSorted } from './latency-log.ts';
import {
  DROP_REASONS, FLAG_AUTONOMOUS, FLAG_BUFFERING, FLAG_CONTROLLER, FLAG_DECLARED, H_COST_USD, H_CREATED, H_DECISIONS, H_DELIVERED,
  H_DROPPED, H_ENERGY_WH, H_EVENTS, H_EXPIRED, H_FILTERED, H_IN_FLIGHT, H_LINKS_DOWN, H_LOST, H_NODES_DOWN, H_PLACEMENT_VERSION,
  H_TIME_MS, H_WAN_BYTES, H_WINDOW_MS, LINK_DEGRADED, LINK_DOWN, LINK_UP, LOSS_REASONS, NODE_DOWN, NODE_SUSPECT, NODE_UP,
  type FrameLayout, type TwinFrame,
} from './frame.ts';
import type { TwinState } from './state.ts';

/** Options of a FrameWriter. */
export interface FrameWriterOptions {
  /** Length of the rolling window for per-app latency, violations and throughput (simulated ms). Default 10 s. */
  windowMs?: number;
  /** At most this many of the window's latest completions enter the percentiles. Default 4096. */
  maxWindowSamples?: number;
  /** Time constant of the link utilisation smoothing (simulated ms). Default 1 s. */
  smoothingMs?: number;
}

// Checkpoints of per-app completion counts kept for the window (a ring).
const HISTORY = 256;

/** Writes frames of one twin. */
export class FrameWriter {
  readonly layout: FrameLayout;
  private readonly windowMs: number;
  private readonly maxSamples: number;
  private readonly smoothingMs: number;
  private readonly scratch: Float64Array;
  private readonly histT = new Float64Array(HISTORY);
  private readonly histCount: Float64Array;
  private histLen = 0;
  private histHead = 0;
  private lastMs: number;
  private readonly lastBusyCoreMs: Float64Array;
  private readonly utilization: Float32Array;
  private readonly memoryPerService: Float64Array;
  private readonly controllerNode: Uint8Array;

  /** A writer for `s`; its first frame's rates cover the time since the twin's current time. */
  constructor(private readonly s: TwinState, opts: FrameWriterOptions = {}) {
    this.layout = { nodes: s.model.nodes.length, links: s.fabric.topology.linkCount, apps: s.model.apps.length };
    this.windowMs = opts.windowMs ?? 10_000;
    this.maxSamples = opts.maxWindowSamples ?? 4096;
    this.smoothingMs = opts.smoothingMs ?? 1000;
    if (!(this.windowMs > 0) || !(this.maxSamples >= 1) || !(this.smoothingMs > 0)) throw new Error(`FrameWriter: bad options ${JSON.stringify(opts)}`);
    this.scratch = new Float64Array(this.maxSamples);
    this.histCount = new Float64Array(HISTORY * this.layout.apps);
    this.lastMs = s.kernel.nowMs;
    this.lastBusyCoreMs = Float64Array.from(s.messages.processors, (p) => p.busyCoreMsAt(s.kernel.nowMs));
    this.utilization = new Float32Array(this.layout.links);
    this.memoryPerService = Float64Array.from(s.graph.services, (c) => c.model.requests.memoryBytes);
    this.controllerNode = new Uint8Array(this.layout.nodes);
    const cp = s.control.plane;
    if (cp) {
      const ids = [cp.cfg.master, ...Object.values(cp.cfg.regional), ...cp.cfg.members];
      for (const id of ids) if (id !== null) { const n = s.fabric.topology.nodeIndex(id); if (n >= 0) this.controllerNode[n] = 1; }
    }
    // The run's start as the oldest checkpoint: a writer made mid-run computes its first window
    // from the latest completions (at most maxWindowSamples) and its first throughput since t = 0.
    this.histLen = 1;
    this.histHead = 1;
    this.remember(this.lastMs);
  }

  /** Writes the twin's state now into `f` (whose layout must match this writer's). */
  writeInto(f: TwinFrame): void {
    const s = this.s;
    const L = this.layout;
    if (f.layout.nodes !== L.nodes || f.layout.links !== L.links || f.layout.apps !== L.apps) {
      throw new Error(`FrameWriter.writeInto: frame layout ${JSON.stringify(f.layout)} does not match ${JSON.stringify(L)}`);
    }
    const now = s.kernel.nowMs;
    const dt = now - this.lastMs;
    this.writeNodes(f, now, dt);
    this.writeLinks(f, dt);
    this.writeApps(f, now);
    this.writeHeader(f, now);
    this.lastMs = now;
    this.remember(now);
  }

  private writeNodes(f: TwinFrame, now: number, dt: number): void {
    const s = this.s;
    const n = this.layout.nodes;
    f.nodeReplicas.fill(0);
    f.nodeMemory.fill(0);
    const reps = s.placement.seam.replicas;
    for (let svc = 0; svc < reps.length; svc++) {
      const list = reps[svc]!, mem = this.memoryPerService[svc]!;
      for (let i = 0; i < list.length; i++) { const node = list[i]!; f.nodeReplicas[node]!++; f.nodeMemory[node]! += mem; }
    }
    f.nodeFlags.fill(0);
    const cp = s.control.plane;
    if (cp) {
      for (const m of cp.monitors) if (m.declared) f.nodeFlags[m.member]! |= FLAG_DECLARED;
      for (const a of cp.agents) if (a && a.autonomousSince >= 0) f.nodeFlags[a.node]! |= FLAG_AUTONOMOUS;
    }
    let down = 0;
    for (let i = 0; i < n; i++) {
      const node = s.model.nodes[i]!;
      const p = s.messages.processors[i]!;
      const up = s.fabric.topology.isNodeUp(i);
      if (!up) down++;
      f.nodeState[i] = !up ? NODE_DOWN : (f.nodeFlags[i]! & FLAG_DECLARED) !== 0 ? NODE_SUSPECT : NODE_UP;
      const busy = p.busyCoreMsAt(now);
      f.nodeCpu[i] = dt > 0 ? Math.min(1, (busy - this.lastBusyCoreMs[i]!) / (p.cores * dt)) : Math.min(1, p.busy / p.cores);
      this.lastBusyCoreMs[i] = busy;
      f.nodeMemory[i] = node.memoryBytes > 0 ? f.nodeMemory[i]! / node.memoryBytes : 0;
      f.nodeStorage[i] = node.storageBytes > 0 ? s.storage.table.usedBytes[i]! / node.storageBytes : 0;
      f.nodeQueue[i] = p.waiting + p.busy;
      f.nodeBufferBytes[i] = s.buffers.usedBytes[i]!;
      if (s.buffers.usedBytes[i]! > 0) f.nodeFlags[i]! |= FLAG_BUFFERING;
      if (this.controllerNode[i]) f.nodeFlags[i]! |= FLAG_CONTROLLER;
      f.nodeX[i] = s.fabric.posX[i]!;
      f.nodeY[i] = s.fabric.posY[i]!;
    }
    f.header[H_NODES_DOWN] = down;
  }

  private writeLinks(f: TwinFrame, dt: number): void {
    const s = this.s;
    const topo = s.fabric.topology;
    const links = s.model.links;
    // First-order smoothing with weight dt / (dt + tau): close to 1 - e^(-dt/tau), no transcendental call.
    const alpha = dt > 0 ? dt / (dt + this.smoothingMs) : 0;
    let down = 0;
    for (let l = 0; l < this.layout.links; l++) {
      const a = topo.linkA(l), b = topo.linkB(l);
      f.linkA[l] = a;
      f.linkB[l] = b;
      const up = topo.isLinkUp(l) && topo.isNodeUp(a) && topo.isNodeUp(b);
      const base = links[l];
      const degraded = base !== undefined && (topo.bandwidthBps[l] !== base.bandwidthBps || topo.latencyMs[l] !== base.latencyMs || topo.loss[l] !== base.loss);
      f.linkState[l] = !up ? LINK_DOWN : degraded ? LINK_DEGRADED : LINK_UP;
      if (!up) down++;
      const ab = s.fabric.flows.resourceRateBps(2 * l), ba = s.fabric.flows.resourceRateBps(2 * l + 1);
      f.linkRateBps[l] = ab + ba;
      f.linkFlows[l] = Math.min(65535, s.fabric.flows.flowsOn(2 * l) + s.fabric.flows.flowsOn(2 * l + 1));
      const bytes = s.fabric.linkBytes[l]!;
      const cap = topo.bandwidthBps[l]!;
      // The busier direction's share of capacity right now, smoothed over frames (bytes are only
      // counted when a transfer finishes, so they cannot say what a link carries in between).
      const inst = cap > 0 && up ? Math.max(ab, ba) / cap : 0;
      this.utilization[l] = dt > 0 ? this.utilization[l]! + alpha * (inst - this.utilization[l]!) : this.utilization[l]!;
      f.linkUtilization[l] = this.utilization[l]!;
      f.linkBytes[l] = bytes;
    }
    f.header[H_LINKS_DOWN] = down;
  }

  private writeApps(f: TwinFrame, now: number): void {
    const s = this.s;
    const from = now - this.windowMs;
    const k = this.checkpointAtOrBefore(from);
    const spanMs = k < 0 ? now - this.oldestTime() : now - this.histT[k]!;
    for (let a = 0; a < this.layout.apps; a++) {
      const log = s.metrics.latency[a]!;
      const values = log.values();
      const startCount = k < 0 ? this.histCount[this.oldestSlot() * this.layout.apps + a]! : this.histCount[k * this.layout.apps + a]!;
      const inWindow = values.length - startCount;
      const take = Math.min(inWindow, this.maxSamples);
      const sorted = this.scratch.subarray(0, take);
      sorted.set(values.subarray(values.length - take));
      sorted.sort();
      const slo = s.model.apps[a]!.slo;
      f.appP50[a] = percentileOfSorted(sorted, 50);
      f.appP95[a] = percentileOfSorted(sorted, 95);
      f.appP99[a] = percentileOfSorted(sorted, 99);
      f.appSloObserved[a] = percentileOfSorted(sorted, slo.percentile);
      let above = 0;
      for (let i = 0; i < take; i++) if (sorted[i]! > slo.latencyMs) above++;
      f.appViolationRate[a] = take > 0 ? above / take : 0;
      f.appThroughputPerS[a] = spanMs > 0 ? (inWindow * 1000) / spanMs : 0;
      f.appDelivered[a] = log.count;
      f.appDropped[a] = s.metrics.appDropped[a]!;
      f.appLost[a] = s.metrics.appLost[a]!;
    }
    const c = s.messages.counts;
    for (let i = 0; i < DROP_REASONS.length; i++) f.dropsByReason[i] = c.dropped.get(DROP_REASONS[i]!) ?? 0;
    for (let i = 0; i < LOSS_REASONS.length; i++) f.lossesByReason[i] = c.lost.get(LOSS_REASONS[i]!) ?? 0;
    f.header[H_WINDOW_MS] = Math.min(this.windowMs, spanMs);
  }

  private writeHeader(f: TwinFrame, now: number): void {
    const s = this.s;
    const c = s.messages.counts;
    const h = f.header;
    h[H_TIME_MS] = now;
    h[H_EVENTS] = s.kernel.eventsProcessed;
    h[H_IN_FLIGHT] = s.messages.table.live;
    h[H_DELIVERED] = c.delivered;
    h[H_DROPPED] = c.droppedTotal;
    h[H_LOST] = c.lostTotal;
    h[H_FILTERED] = c.filtered;
    h[H_EXPIRED] = c.expired;
    h[H_CREATED] = c.emitted + c.forked;
    h[H_WAN_BYTES] = s.metrics.wanBytes;
    h[H_PLACEMENT_VERSION] = s.placement.version;
    h[H_DECISIONS] = s.placement.decisionLog.records.length;
    let energyWms = 0, costUsd = s.metrics.transferCostUsd;
    for (let i = 0; i < this.layout.nodes; i++) {
      const node = s.model.nodes[i]!;
      const downMs = s.faults.nodeDownMs[i]! + (s.faults.nodeDownSince[i]! >= 0 ? now - s.faults.nodeDownSince[i]! : 0);
      energyWms += node.idleWatts * Math.max(0, now - downMs) + (node.maxWatts - node.idleWatts) * (s.messages.processors[i]!.busyCoreMsAt(now) / node.cores);
      costUsd += node.costPerHourUsd * (now / 3_600_000);
    }
    h[H_ENERGY_WH] = energyWms / 3.6e6;
    h[H_COST_USD] = costUsd;
  }

  private remember(t: number): void {
    // A checkpoint per 1/64 of the window at most, so the ring covers four windows at any frame rate.
    if (this.histLen > 0 && t - this.histT[(this.histHead - 1 + HISTORY) % HISTORY]! < this.windowMs / 64) return;
    const slot = this.histHead;
    this.histT[slot] = t;
    for (let a = 0; a < this.layout.apps; a++) this.histCount[slot * this.layout.apps + a] = this.s.metrics.latency[a]!.count;
    this.histHead = (slot + 1) % HISTORY;
    this.histLen = Math.min(this.histLen + 1, HISTORY);
  }

  private oldestSlot(): number { return (this.histHead - this.histLen + HISTORY) % HISTORY; }
  private oldestTime(): number { return this.histT[this.oldestSlot()]!; }

  /** Slot of the newest checkpoint at or before `t`, or -1 when every checkpoint is later. */
  private checkpointAtOrBefore(t: number): number {
    for (let i = 1; i <= this.histLen; i++) {
      const slot = (this.histHead - i + HISTORY) % HISTORY;
      if (this.histT[slot]! <= t) return slot;
    }
    return -1;
  }
}
