/**
 * The event log (ARIA role "log", name "Event log"): what happened, in words, with simulated
 * times; newest at the bottom, following the end unless the user scrolled up. Filter by
 * severity or text; clicking an entry selects the node it is about. Renders the newest
 * RENDERED entries (the store keeps up to MAX_LOG).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { selectNode } from '../store/actions.ts';
import { useApp } from '../store/use-store.ts';
import type { LogEntry } from '../store/store.ts';
import './EventLog.css';

const RENDERED = 400;

/** The log panel. */
export function EventLog() {
  const events = useApp((s) => s.events);
  const omitted = useApp((s) => s.eventsOmitted);
  const [filter, setFilter] = useState('');
  const [level, setLevel] = useState<'all' | 'problems'>('all');
  const box = useRef<HTMLOListElement>(null);
  const follow = useRef(true);

  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const keep = (e: LogEntry) => (level === 'all' || e.severity === 'bad' || e.severity === 'warn') && (q === '' || e.text.toLowerCase().includes(q));
    const out: LogEntry[] = [];
    for (let i = events.length - 1; i >= 0 && out.length < RENDERED; i--) if (keep(events[i]!)) out.push(events[i]!);
    return out.reverse();
  }, [events, filter, level]);

  useEffect(() => {
    const el = box.current;
    if (el && follow.current) el.scrollTop = el.scrollHeight;
  }, [shown]);

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
      <ol
        ref={box} role="log" aria-label="Event log" aria-live="polite" className="entries"
        onScroll={(e) => { const el = e.currentTarget; follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24; }}
      >
        {shown.length === 0 ? <li className="muted empty">{events.length === 0 ? 'Nothing yet: press Play, or fail a node.' : 'No event matches the filter.'}</li> : null}
        {shown.map((e) => (
          <li key={e.id} className={`sev-${e.severity}`}>
            {e.nodes.length > 0
              ? <button type="button" className="entry" onClick={() => selectNode(e.nodes[0]!)}>{e.text}</button>
              : <span className="entry">{e.text}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
