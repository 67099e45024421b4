/**
 * The node table beside the scene: one row per node with its id, tier, region/zone, state
 * (up / suspect / down), CPU, memory, queue and replicas; searchable ("down", "tier:edge",
 * "region:north"), sortable by any column; Fail / Recover per row. The accessible alternative to
 * the canvas and the view that still works at 100k nodes: only the rows in view are in the DOM
 * (aria-rowcount / aria-rowindex say where they sit), values refresh a few times a second.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { frames } from '../app-context.ts';
import { failNode, recover, selectNode } from '../store/actions.ts';
import { useApp } from '../store/use-store.ts';
import { stateText, tableRows, visibleRange, type SortKey } from './node-table-model.ts';
import { pct } from './format.ts';
import { useFrameTick } from './use-frame-tick.ts';
import './NodeTable.css';

const ROW_PX = 24;
const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'id', label: 'Node' }, { key: 'tier', label: 'Tier' }, { key: 'place', label: 'Zone' }, { key: 'state', label: 'State' },
  { key: 'cpu', label: 'CPU' }, { key: 'memory', label: 'Memory' }, { key: 'queue', label: 'Queue' }, { key: 'replicas', label: 'Replicas' },
];
const STATE_GLYPH = { up: '●', suspect: '◐', down: '✕' } as const;

/** The table panel. */
export function NodeTable() {
  const d = useApp((s) => s.description);
  const selection = useApp((s) => s.selection);
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'id', desc: false });
  const [scroll, setScroll] = useState({ top: 0, height: 300 });
  const box = useRef<HTMLDivElement>(null);
  const tick = useFrameTick(400);
  const f = frames.frame;
  // Live sorts and state searches follow the frames; static ones only the inputs.
  const live = sort.key !== 'id' && sort.key !== 'tier' && sort.key !== 'place' || /down|suspect|up|state:/.test(query);
  const rows = useMemo(() => (d ? tableRows(d, frames.frame, query, sort.key, sort.desc) : new Int32Array(0)), [d, query, sort, live ? tick : 0]);
  const [first, last] = visibleRange(scroll.top, scroll.height, ROW_PX, rows.length);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setScroll({ top: el.scrollTop, height: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Bring the selected node's row into view when the selection comes from elsewhere.
  const selected = selection?.kind === 'node' ? selection.index : -1;
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || selected < 0) return;
    const pos = rows.indexOf(selected);
    if (pos < 0) return;
    const top = pos * ROW_PX;
    if (top < el.scrollTop || top + ROW_PX > el.scrollTop + el.clientHeight - ROW_PX) el.scrollTop = Math.max(0, top - el.clientHeight / 2);
  }, [selected, rows]);

  if (!d) return <section className="node-table"><h2 className="panel-title">Nodes</h2></section>;
  const onSort = (key: SortKey) => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== 'id' && key !== 'place' && key !== 'tier' }));
  const down = f ? f.nodeState.reduce((a, s) => a + (s === 2 ? 1 : 0), 0) : 0;

  return (
    <section className="node-table" aria-labelledby="node-table-title">
      <h2 className="panel-title" id="node-table-title">
        Nodes <span className="muted">{rows.length === d.nodes.length ? d.nodes.length : `${rows.length} of ${d.nodes.length}`}{down > 0 ? ` · ${down} down` : ''}</span>
        <span className="grow" />
        <input type="search" aria-label="Search nodes" placeholder='search: id, "down", tier:edge…' value={query} onChange={(e) => setQuery(e.target.value)} />
      </h2>
      <div className="scroller" ref={box} onScroll={(e) => setScroll({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}>
        <table aria-label="Nodes" aria-rowcount={rows.length + 1}>
          <thead>
            <tr aria-rowindex={1}>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col" aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                  <button type="button" onClick={() => onSort(c.key)}>{c.label}{sort.key === c.key ? (sort.desc ? ' ▾' : ' ▴') : ''}</button>
                </th>
              ))}
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {first > 0 ? <tr aria-hidden="true" style={{ height: first * ROW_PX }} /> : null}
            {Array.from(rows.subarray(first, last), (i, k) => {
              const n = d.nodes[i]!;
              const state = stateText(f?.nodeState[i]);
              const isSensor = n.tier === 'sensor';
              return (
                <tr key={i} aria-rowindex={first + k + 2} aria-selected={i === selected} className={`state-${state}${i === selected ? ' selected' : ''}`} onClick={() => selectNode(i)}>
                  <th scope="row"><button type="button" className="id" onClick={(e) => { e.stopPropagation(); selectNode(i); }}>{n.id}</button></th>
                  <td>{n.tier}</td>
                  <td className="muted" title={`region ${n.region}, zone ${n.zone}`}>{n.zone}</td>
                  <td className="state"><span aria-hidden="true">{STATE_GLYPH[state]} </span>{state}</td>
                  <td className="num">{f && !isSensor ? pct(f.nodeCpu[i]!) : ''}</td>
                  <td className="num">{f && !isSensor ? pct(f.nodeMemory[i]!) : ''}</td>
                  <td className="num">{f && !isSensor ? f.nodeQueue[i] : ''}</td>
                  <td className="num">{f && !isSensor ? f.nodeReplicas[i] : ''}</td>
                  <td className="actions">
                    {state === 'down'
                      ? <button type="button" onClick={(e) => { e.stopPropagation(); void recover(n.id); }} aria-label={`Recover node ${n.id}`}>Recover</button>
                      : <button type="button" className="danger" onClick={(e) => { e.stopPropagation(); void failNode(n.id); }} aria-label={`Fail node ${n.id}`}>Fail</button>}
                  </td>
                </tr>
              );
            })}
            {last < rows.length ? <tr aria-hidden="true" style={{ height: (rows.length - last) * ROW_PX }} /> : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}
