/**
 * How often malformed telemetry reaches the audit log: at most one entry per (node, reason) per
 * window, the next one carrying how many were suppressed in between, so a flooding (or broken)
 * agent cannot fill the hash-chained log. Node ids come from topics, i.e. from whoever publishes:
 * the number of keys tracked is capped, and past the cap nodes share one key per reason. Pure:
 * the caller passes the time. On top of that, at most `maxPerWindow` entries per window in all:
 * a flood from ever new node ids is summarised, not logged node by node.
 */

/** Window per (node, reason). */
export const MALFORMED_AUDIT_WINDOW_MS = 60_000;
/** Most (node, reason) keys tracked at once. */
export const MAX_MALFORMED_KEYS = 10_000;
/** Most malformed-telemetry audit entries per window, over every key. */
export const MAX_MALFORMED_AUDITS_PER_WINDOW = 600;

/** What admit() decided: audit now (with the count suppressed since the last entry of this key), or not. */
export type ThrottleDecision = { audit: true; suppressed: number; key: string } | { audit: false };

/** Rate limit of malformed-telemetry audit entries. */
export class MalformedAuditThrottle {
  private readonly keys = new Map<string, { sinceMs: number; suppressed: number }>();
  private windowStartMs = -Infinity;
  private auditedInWindow = 0;

  constructor(private readonly windowMs = MALFORMED_AUDIT_WINDOW_MS, private readonly maxKeys = MAX_MALFORMED_KEYS, private readonly maxPerWindow = MAX_MALFORMED_AUDITS_PER_WINDOW) {
    if (!(windowMs > 0) || !(maxKeys >= 1) || !(maxPerWindow >= 1)) throw new Error(`MalformedAuditThrottle: windowMs, maxKeys and maxPerWindow must be positive, got ${windowMs}, ${maxKeys} and ${maxPerWindow}`);
  }

  /** One malformed message from `node` for `reason` at nowMs. */
  admit(node: string, reason: string, nowMs: number): ThrottleDecision {
    let key = `${node}\u0000${reason}`;
    if (!this.keys.has(key) && this.keys.size >= this.maxKeys) {
      this.prune(nowMs);
      if (this.keys.size >= this.maxKeys) key = `*\u0000${reason}`;
    }
    const k = this.keys.get(key);
    if (k && nowMs - k.sinceMs < this.windowMs) { k.suppressed++; return { audit: false }; }
    if (nowMs - this.windowStartMs >= this.windowMs) { this.windowStartMs = nowMs; this.auditedInWindow = 0; }
    if (this.auditedInWindow >= this.maxPerWindow) {
      // Over the overall budget: counted on the key, which is audited (with the count) once the budget allows.
      if (k) k.suppressed++; else this.keys.set(key, { sinceMs: -Infinity, suppressed: 1 });
      return { audit: false };
    }
    this.auditedInWindow++;
    const suppressed = k?.suppressed ?? 0;
    this.keys.set(key, { sinceMs: nowMs, suppressed: 0 });
    return { audit: true, suppressed, key: key.replace('\u0000', ' ') };
  }

  /** Keys tracked now. */
  size(): number { return this.keys.size; }

  private prune(nowMs: number): void {
    for (const [key, k] of this.keys) if (nowMs - k.sinceMs >= this.windowMs && k.suppressed === 0) this.keys.delete(key);
  }
}
