/** Small timing helpers of the push runner: an unref'd sleep, and a promise with a deadline. */

/** Resolves after `ms` without keeping the process alive. */
export const sleep = (ms: number) => new Promise<void>((r) => { const t = setTimeout(r, ms); t.unref?.(); });

/** `p`, or a rejection with `message` after `ms` (Infinity: no limit; <= 0: at once, and p's own rejection is swallowed). */
export function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  if (ms === Infinity) return p;
  if (ms <= 0) { p.catch(() => undefined); return Promise.reject(new Error(message)); }
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(message)), ms);
    t.unref?.();
    p.then((v) => { clearTimeout(t); resolve(v); }, (e: unknown) => { clearTimeout(t); reject(e as Error); });
  });
}
