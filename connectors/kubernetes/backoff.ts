/**
 * Reconnect back-off for the Kubernetes informers: exponential, capped, no jitter (so a test or
 * a log can predict it). Pure.
 */

/** How the delay grows: initialMs × factor^attempt, never above maxMs. */
export interface BackoffOptions { initialMs: number; maxMs: number; factor: number }

/** client-go's reflector backs off from 800 ms to 30 s; this starts a little faster. */
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, factor: 2 };

/** The delay before retry number `attempt` (0-based); throws on nonsense options (a programmer error). */
export function backoffDelayMs(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF): number {
  if (!(opts.initialMs > 0) || !(opts.maxMs >= opts.initialMs) || !(opts.factor >= 1)) {
    throw new Error(`backoffDelayMs: need initialMs > 0, maxMs ≥ initialMs, factor ≥ 1; got ${JSON.stringify(opts)}`);
  }
  if (!Number.isInteger(attempt) || attempt < 0) throw new Error(`backoffDelayMs: attempt must be a non-negative integer, got ${attempt}`);
  // Past ~60 doublings the product overflows to Infinity; the cap handles it.
  return Math.min(opts.maxMs, opts.initialMs * opts.factor ** Math.min(attempt, 1000));
}
