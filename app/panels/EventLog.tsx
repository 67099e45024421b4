/**
 * The event log (ARIA role "log", name "Event log"): what happened, in words, with simulated
 * times; newest at the bottom, following the end unless the user scrolled up. Filter by
 * severity or text; clicking an entry selects the node it is about. Renders the newest
 * RENDERED entries (the store keeps up to MAX_LOG).
 */
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { selectNode } from '../store/actions.ts';
import { useApp } from '../store/use-store.ts';
import type { LogEntry } from '../store/store.ts';
import './EventLog.css';

const RENDERED = 400;

/** The log panel. */
export function EventLog() {
  // Deferred: a burst of events re-renders the log in an interruptible render (no long task).
  const events = useDeferredValue(useApp((s) => s.events));
  const omitted = useApp((s) => s.eventsOmitted);
  const [filter, setFilter] = useState('');
  const [level, setLevel] = useState<'all' | 'problems'>('all');
  const box = useRef<HTMLDivElement>(null);

  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const keep = (e: LogEntry) => (level === 'all' || e.severity === 'bad' || e.severity === 'warn') && (q === '' || e.text.toLowerCase().includes(q));
    const out: LogEntry[] = [];
    for (let i = events.length - 1; i >= 0 && out.length < RENDERED; i--) if (keep(events[i]!)) out.push(events[i]!);
    return out.reverse();
  }, [events, filter, level]);

  return (
    <section className="event-log" aria-labelledby="event-log-title">
      <h2 className="panel-title" id="event-log-title">
        Events <span className="muted">{events.length > 0 ? `${events.length}${omitted > 0 ? ` (+${omitted} not shown)` : ''}` : ''}</span>
        <span className="grow" />
        <select aria-label="Show events" value={level} onChange={(e) => setLevel(e.target.value as 'all' | 'problems')}>
          <option value="all">all</option>
          <option value="problems">problems only</option>
        </select>
        <input type="search" aria-label="Filter events" placeholder="filter…" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </h2>
      {/* The scroller is column-reverse: it stays at the newest entry by itself (no scroll writes, no forced layout). */}
      <div className="scroller" ref={box}>
        <ol role="log" aria-label="Event log" aria-live="polite" className="entries">
          {shown.length === 0 ? <li className="muted empty">{events.length === 0 ? 'Nothing yet: press Play, or fail a node.' : 'No event matches the filter.'}</li> : null}
          {shown.map((e) => (
            <li key={e.id} className={`sev-${e.severity}`}>
              {e.nodes.length > 0
                ? <button type="button" className="entry" onClick={() => selectNode(e.nodes[0]!)}>{e.text}</button>
                : <span className="entry">{e.text}</span>}
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
