/**
 * A value that follows `value` at most once per `everyMs` (the latest one wins; the last change
 * always arrives). Live charts redraw once a second while the simulation streams points.
 */
import { useEffect, useRef, useState } from 'react';

/** `value`, delayed so that it changes at most once per `everyMs`. */
export function useThrottled<T>(value: T, everyMs: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = last.current + everyMs - performance.now();
    if (wait <= 0) { last.current = performance.now(); setShown(value); return; }
    const id = setTimeout(() => { last.current = performance.now(); setShown(value); }, wait);
    return () => clearTimeout(id);
  }, [value, everyMs]);
  return shown;
}
