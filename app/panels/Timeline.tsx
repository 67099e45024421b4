/**
 * The timeline: a slider over simulated time (drag or click to seek; arrow keys step a second,
 * Page Up/Down a tenth of the run, Home/End), with the scripted faults and the user's injections
 * as markers (shape by kind; an injection's × removes it). The playhead follows the latest frame.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { H_TIME_MS } from '../../sim-core/twin/frame.ts';
import { frames } from '../app-context.ts';
import { removeInjection, seek } from '../store/actions.ts';
import { useApp } from '../store/use-store.ts';
import { clockText, durationText } from '../sim-client/event-text.ts';
import './Timeline.css';

interface Marker { key: string; atMs: number; endMs: number | null; label: string; kind: string; injection: number | null }

/** The timeline strip. */
export function Timeline() {
  const d = useApp((s) => s.description);
  const status = useApp((s) => s.status);
  const injections = useApp((s) => s.injections);
  const track = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<number | null>(null);
  const endMs = status.endMs || 1;

  // The playhead moves with every frame (no React state per frame), by transform: no layout, a tiny paint.
  // The track's width comes from a ResizeObserver: reading it per frame would force a layout.
  const trackPx = useRef(0);
  useEffect(() => {
    const tr = track.current;
    if (!tr) return;
    const ro = new ResizeObserver((entries) => { trackPx.current = entries[0]!.contentRect.width; });
    ro.observe(tr);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    let raf = 0, lastX = -1;
    const loop = () => {
      const f = frames.frame;
      const el = head.current;
      if (el && f && drag === null && trackPx.current > 0) {
        const x = Math.round(((trackPx.current - 2) * f.header[H_TIME_MS]!) / endMs);
        if (x !== lastX) { lastX = x; el.style.transform = `translateX(${x}px)`; }
      }
      raf = requestAnimationFrame(loop);
    };
    raf = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(raf);
  }, [endMs, drag]);

  const markers: Marker[] = [
    ...(d?.faults ?? []).map((f, i) => ({ key: `f${i}`, atMs: f.atMs, endMs: f.forMs === null ? null : f.atMs + f.forMs, label: f.spec, kind: f.kind, injection: null })),
    ...injections.map((inj) => ({ key: `i${inj.id}`, atMs: inj.atMs, endMs: null, label: inj.label, kind: inj.change.kind === 'fault' ? inj.change.spec.split(':')[0]!.split('@')[0]! : inj.change.kind, injection: inj.id })),
  ];

  const timeAt = (clientX: number) => {
    const r = track.current!.getBoundingClientRect();
    return Math.max(0, Math.min(1, (clientX - r.left) / r.width)) * endMs;
  };
  const onDown = (e: PointerEvent<HTMLDivElement>) => {
    if (!status.loaded) return;
    (e.target as HTMLElement).setPointerCapture?.(e.pointerId);
    setDrag(timeAt(e.clientX));
  };
  const onMove = (e: PointerEvent<HTMLDivElement>) => { if (drag !== null) setDrag(timeAt(e.clientX)); };
  const onUp = () => { if (drag !== null) { const t = drag; setDrag(null); void seek(Math.round(t / 100) * 100); } };
  const onKey = (e: KeyboardEvent) => {
    const now = status.timeMs;
    const to = e.key === 'ArrowRight' ? now + 1000 : e.key === 'ArrowLeft' ? now - 1000 : e.key === 'PageUp' ? now + endMs / 10
      : e.key === 'PageDown' ? now - endMs / 10 : e.key === 'Home' ? 0 : e.key === 'End' ? endMs : null;
    if (to === null) return;
    e.preventDefault();
    void seek(Math.max(0, Math.min(endMs, to)));
  };

  const shown = drag ?? status.timeMs;
  return (
    <div className="timeline">
      <div
        ref={track} className="track" role="slider" tabIndex={0} aria-label="Timeline"
        aria-valuemin={0} aria-valuemax={endMs} aria-valuenow={Math.round(shown)} aria-valuetext={`${clockText(shown)} of ${clockText(endMs)}`}
        onPointerDown={onDown} onPointerMove={onMove} onPointerUp={onUp} onKeyDown={onKey}
      >
        {markers.map((m) => (
          <span key={m.key} className={`window kind-${m.kind}`} style={{ left: `${(100 * m.atMs) / endMs}%`, width: `${(100 * ((m.endMs ?? endMs) - m.atMs)) / endMs}%` }} />
        ))}
        <div ref={head} className="head" style={drag !== null ? { transform: `translateX(${Math.round(((trackPx.current - 2) * drag) / endMs)}px)` } : undefined} />
      </div>
      <ol className="markers" aria-label="Faults on the timeline">
        {markers.map((m) => (
          <li key={m.key} style={{ left: `${(100 * m.atMs) / endMs}%` }} className={`marker kind-${m.kind}${m.injection !== null ? ' injected' : ''}`}>
            <button type="button" className="pin" onClick={() => void seek(m.atMs)} title={`${clockText(m.atMs)} ${m.label}${m.endMs !== null ? ` for ${durationText(m.endMs - m.atMs)}` : ''}${m.injection !== null ? ' (yours)' : ' (scripted)'} — go there`} aria-label={`Go to ${m.label} at ${clockText(m.atMs)}`}>{glyph(m.kind)}</button>
            {m.injection !== null ? <button type="button" className="remove" onClick={() => void removeInjection(m.injection!)} aria-label={`Remove ${m.label} at ${clockText(m.atMs)}`} title="remove this injection (re-simulates without it)">×</button> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** A marker's glyph by fault kind (shape, not only colour). */
function glyph(kind: string): string {
  switch (kind) {
    case 'node': return '✕';
    case 'power': return '⚡';
    case 'link': return '⌁';
    case 'partition': return '▥';
    case 'control-plane': return '♛';
    case 'recover': return '↺';
    case 'placement': return '⇄';
    default: return '•';
  }
}
