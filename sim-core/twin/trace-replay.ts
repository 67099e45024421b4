/**
 * Recomputes a run's report numbers from its trace lines alone (edgetwin-trace/v2): lifecycle
 * counts, the conservation books, per-app completed / dropped / lost and latency percentiles,
 * storage counts and WAN bytes. Lines are fed one at a time, so a trace of any size replays in
 * bounded memory (plus one latency per delivered message, as the twin itself keeps).
 */
import { percentileOfSorted } from './latency-log.ts';
import type { TwinEvent } from './events.ts';
import { TRACE_FORMAT, type TraceFooter, type TraceHeader } from './trace-format.ts';

/** Report numbers recomputed from a trace (same names and rounding as RunReport). */
export interface TraceSummary {
  header: TraceHeader;
  /** Null when the trace has no footer (the run did not finish writing it). */
  footer: TraceFooter | null;
  /** Event lines read (between header and footer). */
  lines: number;
  lifecycle: { ingested: number; filtered: number; forwarded: number; processed: number; stored: number; expired: number; lost: number; actions: number; suspect: number };
  conservation: {
    created: number; emitted: number; forked: number; delivered: number; filtered: number; dropped: number;
    expired: number; lost: number; inFlight: number; droppedBy: Record<string, number>; lostBy: Record<string, number>;
  };
  apps: { id: string; completed: number; dropped: number; lost: number; latencyMs: { mean: number; p50: number; p95: number; p99: number } }[];
  storage: { stored: number; replicated: number; evicted: number; purged: number; buffered: number };
  network: { wanBytes: number };
}

/** Rounding the report applies to latencies (report.ts `r3`). */
const r3 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : x);

class AppTally {
  completed = 0;
  dropped = 0;
  lost = 0;
  private sum = 0;
  private lat = new Float64Array(256);

  deliver(latencyMs: number): void {
    if (this.completed === this.lat.length) {
      const b = new Float64Array(this.lat.length * 2);
      b.set(this.lat);
      this.lat = b;
    }
    this.lat[this.completed++] = latencyMs;
    this.sum += latencyMs; // in delivery order, as the twin's LatencyLog sums
  }

  summary() {
    const sorted = this.lat.slice(0, this.completed).sort();
    const mean = this.completed ? this.sum / this.completed : NaN;
    return { mean: r3(mean), p50: r3(percentileOfSorted(sorted, 50)), p95: r3(percentileOfSorted(sorted, 95)), p99: r3(percentileOfSorted(sorted, 99)) };
  }
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

/** Feeds trace lines (parsed JSON) in file order; `result()` gives the recomputed numbers. */
export class TraceReplay {
  private header: TraceHeader | null = null;
  private footer: TraceFooter | null = null;
  private lines = 0;
  private readonly apps = new Map<string, AppTally>();
  /** Live message slot → its app (slots are reused after a terminal event). */
  private readonly live = new Map<number, string>();
  private readonly droppedBy = new Map<string, number>();
  private readonly lostBy = new Map<string, number>();
  private readonly n = { emitted: 0, forked: 0, ingested: 0, suspect: 0, filtered: 0, processed: 0, stored: 0, replicated: 0, evicted: 0, purged: 0, buffered: 0, expired: 0, actions: 0, delivered: 0 };
  private wanBytes = 0;

  /** Adds one line; throws on a line out of place (no header first, a line after the footer, an unknown message). */
  add(line: TraceHeader | TraceFooter | TwinEvent): void {
    if (line.type === 'header') {
      if (this.header) throw new Error('trace: a second header');
      if (line.format !== TRACE_FORMAT) throw new Error(`trace: format ${String(line.format)}, this reader reads ${TRACE_FORMAT}`);
      this.header = line;
      for (const id of line.apps) this.apps.set(id, new AppTally());
      return;
    }
    if (!this.header) throw new Error('trace: the first line is not a header');
    if (this.footer) throw new Error('trace: a line after the footer');
    if (line.type === 'footer') { this.footer = line; return; }
    this.lines++;
    this.event(line, this.header);
  }

  private appOf(msg: number): AppTally {
    const app = this.live.get(msg);
    if (app === undefined) throw new Error(`trace: message ${msg} is not alive`);
    return this.apps.get(app)!;
  }

  private end(msg: number): void { this.live.delete(msg); }

  private event(e: TwinEvent, h: TraceHeader): void {
    const n = this.n;
    switch (e.type) {
      case 'emit': {
        const app = h.streamApp[e.stream];
        if (app === undefined) throw new Error(`trace: stream ${e.stream} is not in the header`);
        n.emitted++; this.live.set(e.msg, app); return;
      }
      case 'fork': n.forked++; this.live.set(e.msg, this.live.get(e.of)!); this.appOf(e.msg); return;
      case 'ingest': n.ingested++; if (e.suspect) n.suspect++; return;
      case 'filter': n.filtered++; this.end(e.msg); return;
      case 'service-end': n.processed++; return;
      case 'buffer': n.buffered++; return;
      case 'store': n.stored++; n.evicted += e.evicted; if (e.copy) n.replicated++; return;
      case 'purge': n.purged++; return;
      case 'transfer-end':
      case 'copy-end':
        // Bytes are added once per WAN link crossed, in order, exactly as the twin accumulates them.
        for (let i = 0; i < e.wanHops; i++) this.wanBytes += e.bytes;
        return;
      case 'deliver':
        n.delivered++;
        if (e.action) n.actions++;
        this.apps.get(e.app)!.deliver(e.latencyMs);
        this.end(e.msg);
        return;
      case 'drop': this.appOf(e.msg).dropped++; bump(this.droppedBy, e.reason); this.end(e.msg); return;
      case 'lost': this.appOf(e.msg).lost++; bump(this.lostBy, e.reason); this.end(e.msg); return;
      case 'expire': n.expired++; this.end(e.msg); return;
      default: return; // fabric, fault and control-plane events do not enter these numbers
    }
  }

  /** The recomputed numbers; throws when no header was read. */
  result(): TraceSummary {
    if (!this.header) throw new Error('trace: empty (no header)');
    const n = this.n;
    const sum = (m: Map<string, number>) => { let s = 0; for (const v of m.values()) s += v; return s; };
    const dropped = sum(this.droppedBy), lost = sum(this.lostBy);
    const sorted = (m: Map<string, number>) => Object.fromEntries([...m].sort());
    return {
      header: this.header,
      footer: this.footer,
      lines: this.lines,
      lifecycle: {
        ingested: n.ingested, filtered: n.filtered, forwarded: n.ingested - n.filtered, processed: n.processed,
        stored: n.stored, expired: n.expired, lost, actions: n.actions, suspect: n.suspect,
      },
      conservation: {
        created: n.emitted + n.forked, emitted: n.emitted, forked: n.forked, delivered: n.delivered, filtered: n.filtered,
        dropped, expired: n.expired, lost, inFlight: this.live.size, droppedBy: sorted(this.droppedBy), lostBy: sorted(this.lostBy),
      },
      apps: [...this.apps].map(([id, a]) => ({ id, completed: a.completed, dropped: a.dropped, lost: a.lost, latencyMs: a.summary() })),
      storage: { stored: n.stored, replicated: n.replicated, evicted: n.evicted, purged: n.purged, buffered: n.buffered },
      network: { wanBytes: Math.round(this.wanBytes) },
    };
  }
}
