/**
 * What a release's gate and report measure, from the twin's own messages: per replica and
 * version since it took the version (a cell: messages served, failed, end-to-end latencies of
 * those delivered), and per release the blast radius of its new version (messages it served,
 * failed or delivered late, and the distinct source sensors behind them). A message served by a
 * released service carries a tag (its slot's cell and release) until it is delivered; a tag is
 * trusted only while the slot still holds the same message (same emit time and source).
 */

/** One replica on one version during a rollout. */
export interface VersionCell { node: number; served: number; errors: number; latenciesMs: number[] }

/** The harm a release's new version did. */
export interface BlastRadius {
  servedByNew: number;
  erroredByNew: number;
  sloMissedByNew: number;
  /** Source sensors with a message served by the new version. */
  sources: Set<number>;
  /** Source sensors with a message the new version failed or delivered late. */
  harmed: Set<number>;
}

export const newBlast = (): BlastRadius => ({ servedByNew: 0, erroredByNew: 0, sloMissedByNew: 0, sources: new Set(), harmed: new Set() });

/** p95 by nearest rank (null when empty). */
export function p95(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)]!;
}

/** Per-slot tags of messages served by a released service. */
export class MessageTags {
  private cell = new Int32Array(0);
  private release = new Int32Array(0);
  private emit = new Float64Array(0);
  private src = new Int32Array(0);

  /** Tags slot m (cell and release may be -1: nothing to record there). */
  set(m: number, cell: number, release: number, emitMs: number, source: number): void {
    if (m >= this.cell.length) this.grow(Math.max(1024, 2 * (m + 1)));
    this.cell[m] = cell;
    this.release[m] = release;
    this.emit[m] = emitMs;
    this.src[m] = source;
  }

  /** The tag of slot m if it still belongs to this message, cleared; null when none. */
  take(m: number, emitMs: number, source: number): { cell: number; release: number } | null {
    if (m >= this.cell.length || (this.cell[m] === -1 && this.release[m] === -1)) return null;
    const ok = this.emit[m] === emitMs && this.src[m] === source;
    const out = { cell: this.cell[m]!, release: this.release[m]! };
    this.cell[m] = -1;
    this.release[m] = -1;
    return ok ? out : null;
  }

  private grow(n: number): void {
    const g = <T extends Int32Array | Float64Array>(a: T, b: T, fill: number): T => { b.fill(fill); b.set(a); return b; };
    this.cell = g(this.cell, new Int32Array(n), -1);
    this.release = g(this.release, new Int32Array(n), -1);
    this.emit = g(this.emit, new Float64Array(n), 0);
    this.src = g(this.src, new Int32Array(n), -1);
  }
}
