/**
 * A token bucket per client key (a token id, or the IP of an unauthenticated caller): `burst`
 * requests at once, refilled at `perSecond`. Pure arithmetic over an injected clock; buckets that
 * have refilled completely are dropped when the map grows, so memory stays bounded.
 */

/** Rate-limit settings. */
export interface RateLimit { burst: number; perSecond: number }

/** Default: bursts of 300 requests, 100 a second sustained (a page load of the app is ~10). */
export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 300, perSecond: 100 };

interface Bucket { tokens: number; atMs: number }

/** Outcome of taking one request from a bucket. */
export type Take = { ok: true } | { ok: false; retryAfterS: number };

/** Refills a bucket to `nowMs` (pure). */
export function refill(b: Bucket, nowMs: number, limit: RateLimit): Bucket {
  const elapsedS = Math.max(0, nowMs - b.atMs) / 1000;
  return { tokens: Math.min(limit.burst, b.tokens + elapsedS * limit.perSecond), atMs: nowMs };
}

/** Buckets keyed by client; `take(key)` spends one request or says how many seconds to wait. */
export function rateLimiter(limit: RateLimit, nowMs: () => number, maxKeys = 10_000): { take(key: string): Take; size(): number } {
  if (!(limit.burst >= 1) || !(limit.perSecond > 0)) throw new Error(`rateLimiter: burst must be >= 1 and perSecond > 0, got ${JSON.stringify(limit)}`);
  const buckets = new Map<string, Bucket>();
  const sweep = (now: number) => {
    for (const [k, b] of buckets) if (refill(b, now, limit).tokens >= limit.burst) buckets.delete(k);
  };
  return {
    take(key) {
      const now = nowMs();
      const b = refill(buckets.get(key) ?? { tokens: limit.burst, atMs: now }, now, limit);
      if (b.tokens < 1) {
        buckets.set(key, b);
        return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / limit.perSecond)) };
      }
      buckets.set(key, { tokens: b.tokens - 1, atMs: now });
      if (buckets.size > maxKeys) sweep(now);
      return { ok: true };
    },
    size: () => buckets.size,
  };
}
