/**
 * The width of an element in CSS px, kept current with a ResizeObserver, so charts draw at their
 * real size (crisp 11 px text at any panel width) instead of scaling a fixed viewBox.
 */
import { useLayoutEffect, useState, type RefObject } from 'react';

/** Width of `ref`'s element; `fallback` until it is measured (and where ResizeObserver is missing). */
export function useWidth(ref: RefObject<HTMLElement | null>, fallback: number): number {
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const w = Math.floor(el.getBoundingClientRect().width);
      // Whole px, so sub-pixel layout jitter does not redraw the chart.
      if (w > 0) setWidth((prev) => (prev === w ? prev : w));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}
