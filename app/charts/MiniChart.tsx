/**
 * One small chart over simulated time, drawn with d3 (scales, line and area generators) into an
 * SVG that React renders: lines or stacked areas, reference lines (SLO targets), a time axis in
 * m:ss, a hover rule with a tooltip (pointer, or arrow keys when focused), an accessible name
 * with the latest values, and a visually hidden table as the text alternative. It redraws only
 * when its model (memoized from the store's chart points) or its width changes.
 */
import { area, line, scaleLinear } from 'd3';
import { memo, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { axisUnit, fmtClock, formatValue, timeTicks } from './format.ts';
import { latest, nearestIndex, sampleIndices, stackLayers, yExtent, type ChartModel } from './series.ts';
import { useWidth } from './use-width.ts';

/** Props of MiniChart. */
export interface MiniChartProps {
  model: ChartModel;
  /** Plot height in px (the axes add ~24). */
  height?: number;
}

const M = { top: 8, right: 10, bottom: 20, left: 46 };

/** The latest value of every line, as text ("p50 42 ms, p95 61 ms"). */
export function latestText(model: ChartModel): string {
  const parts = model.lines.flatMap((l) => {
    const v = latest(l.values);
    return v ? [`${l.label} ${formatValue(v.value, model.unit)}`] : [];
  });
  if (model.stacked && model.lines.length > 1) {
    const n = model.t.length - 1;
    const total = n >= 0 ? model.lines.reduce((s, l) => s + (Number.isFinite(l.values[n]!) ? l.values[n]! : 0), 0) : 0;
    parts.unshift(`total ${formatValue(total, model.unit)}`);
  }
  return parts.join(', ');
}

/** Indices 0..n-1 with at most one per pixel column of a `widthPx`-wide plot, always keeping the last. */
export function pixelSample(n: number, widthPx: number): number[] {
  const step = Math.max(1, Math.ceil(n / Math.max(1, widthPx)));
  const out: number[] = [];
  for (let k = 0; k < n; k += step) out.push(k);
  if (n > 0 && out[out.length - 1] !== n - 1) out.push(n - 1);
  return out;
}

/** A small chart; see the file comment. */
export const MiniChart = memo(function MiniChart({ model, height = 96 }: MiniChartProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const width = useWidth(wrap, 360);
  const [hover, setHover] = useState<number | null>(null);
  // The tooltip is announced (role=status) only when the keyboard moved it, not on every pointer move.
  const [viaKey, setViaKey] = useState(false);
  const n = model.t.length;
  const iw = Math.max(40, width - M.left - M.right);
  const ih = height;

  const drawn = useMemo(() => {
    const t0 = n ? model.t[0]! : 0;
    const t1 = n ? Math.max(model.t[n - 1]!, t0 + 1000) : 60_000;
    const x = scaleLinear().domain([t0, t1]).range([0, iw]);
    const hi = yExtent(model);
    const u = axisUnit(model.unit, hi);
    const y = scaleLinear().domain([0, hi / u.div]).nice(3).range([ih, 0]);
    const yv = (v: number) => y(v / u.div);
    const xTicks = timeTicks(t1, Math.max(2, Math.floor(iw / 64)), t0);
    const yTicks = y.ticks(3);
    let paths: { key: string; tone: number; d: string; dash?: string; width?: number; fill: boolean }[];
    // At most one point per pixel column is drawn (the last point always): 600 points in 300 px add nothing but work.
    const idx = pixelSample(n, iw);
    if (model.stacked) {
      const st = stackLayers(model.lines);
      paths = model.lines.map((l, li) => {
        const layer = st[li]!;
        const gen = area<number>().x((k) => x(model.t[k]!)).y0((k) => yv(layer[k]![0])).y1((k) => yv(layer[k]![1])).digits(1);
        return { key: l.key, tone: l.tone, d: gen(idx) ?? '', fill: true };
      });
    } else {
      paths = model.lines.map((l) => {
        const v = l.values;
        const gen = line<number>().defined((k) => Number.isFinite(v[k]!)).x((k) => x(model.t[k]!)).y((k) => yv(v[k]!)).digits(1);
        return { key: l.key, tone: l.tone, d: gen(idx) ?? '', dash: l.dash, width: l.width, fill: false };
      });
    }
    return { x, y, yv, u, xTicks, yTicks, paths };
  }, [model, iw, ih, n]);

  const label = `${model.title} over simulated time${n ? `, at ${fmtClock(model.t[n - 1])}: ${latestText(model) || 'no value yet'}` : ': no data yet'}${model.refs?.length ? `; ${model.refs.map((r) => r.label).join('; ')}` : ''}`;

  const onMove = (e: PointerEvent<SVGRectElement>) => {
    if (!n) return;
    const box = e.currentTarget.getBoundingClientRect();
    setViaKey(false);
    setHover(nearestIndex(model.t, drawn.x.invert(e.clientX - box.left)));
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!n) return;
    const cur = hover ?? n - 1;
    const next = e.key === 'ArrowLeft' ? cur - 1 : e.key === 'ArrowRight' ? cur + 1 : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : e.key === 'Escape' ? -1 : null;
    if (next === null) return;
    e.preventDefault();
    setViaKey(true);
    setHover(next < 0 ? null : Math.min(n - 1, Math.max(0, next)));
  };
  const h = hover !== null && hover < n ? hover : null;
  const hx = h !== null ? drawn.x(model.t[h]!) : 0;
  const stackTops = model.stacked && h !== null ? stackLayers(model.lines).map((layer) => layer[h]![1]) : null;
  const rows = sampleIndices(n, 8);

  return (
    <div className="lc-chart" ref={wrap} tabIndex={0} onKeyDown={onKey} onBlur={() => setHover(null)}
      role="group" aria-label={`${model.title}: arrow keys read the values`}>
      <svg role="img" aria-label={label} width={width} height={ih + M.top + M.bottom} className="lc-svg">
        <title>{label}</title>
        <g transform={`translate(${M.left},${M.top})`}>
          {drawn.yTicks.map((v) => (
            <g key={`y${v}`}>
              <line className="lc-grid" x1={0} x2={iw} y1={drawn.y(v)} y2={drawn.y(v)} />
              <text className="lc-tick" x={-6} y={drawn.y(v) + 4} textAnchor="end">{drawn.u.tick(v)}</text>
            </g>
          ))}
          {/* The unit above the y ticks, unless the ticks carry it (%, $). */}
          {drawn.u.label && model.unit !== 'ratio' && model.unit !== 'USD' ? <text className="lc-unit" x={-M.left + 2} y={-1}>{drawn.u.label}</text> : null}
          {drawn.xTicks.map((t) => (
            <text key={`x${t}`} className="lc-tick" x={drawn.x(t)} y={ih + 14} textAnchor="middle">{fmtClock(t)}</text>
          ))}
          <line className="lc-axis" x1={0} x2={iw} y1={ih} y2={ih} />
          {drawn.paths.map((p) => (p.fill
            ? <path key={p.key} d={p.d} className={`lc-area lc-s${p.tone % 8}`} />
            : <path key={p.key} d={p.d} className={`lc-line lc-s${p.tone % 8}`} strokeDasharray={p.dash} strokeWidth={p.width ?? 1.5} />))}
          {(model.refs ?? []).map((r) => {
            const yy = drawn.yv(r.value);
            if (!Number.isFinite(yy)) return null;
            return (
              <g key={`ref${r.label}`} className="lc-ref">
                <line x1={0} x2={iw} y1={yy} y2={yy} />
                <text x={iw - 2} y={yy - 3} textAnchor="end">{r.label}</text>
              </g>
            );
          })}
          {h !== null ? (
            <g className="lc-hover">
              <line x1={hx} x2={hx} y1={0} y2={ih} />
              {model.lines.map((l, li) => {
                const v = stackTops ? stackTops[li]! : l.values[h]!;
                return Number.isFinite(v) ? <circle key={l.key} className={`lc-s${l.tone % 8}`} cx={hx} cy={drawn.yv(v)} r={3} /> : null;
              })}
            </g>
          ) : null}
          <rect className="lc-overlay" x={0} y={0} width={iw} height={ih} onPointerMove={onMove} onPointerLeave={() => setHover(null)} />
        </g>
      </svg>
      {h !== null ? (
        <div className={`lc-tip${hx > iw / 2 ? ' left' : ''}`} style={{ left: M.left + hx }} role={viaKey ? 'status' : undefined}>
          <div className="lc-tip-t">{fmtClock(model.t[h])}</div>
          {model.lines.map((l) => (
            <div key={l.key}><span className={`lc-sw lc-s${l.tone % 8}`} aria-hidden="true" />{l.label}: {formatValue(l.values[h], model.unit)}</div>
          ))}
        </div>
      ) : null}
      {model.lines.length > 1 ? (
        <ul className="lc-legend" aria-hidden="true">
          {model.lines.map((l) => <li key={l.key}><span className={`lc-sw lc-s${l.tone % 8}${l.dash ? ' dashed' : ''}`} />{l.label}</li>)}
        </ul>
      ) : null}
      <table className="visually-hidden">
        <caption>{model.title}{model.note ? ` (${model.note})` : ''}, sampled</caption>
        <thead><tr><th scope="col">simulated time</th>{model.lines.map((l) => <th key={l.key} scope="col">{l.label}</th>)}</tr></thead>
        <tbody>
          {rows.map((k) => (
            <tr key={k}><th scope="row">{fmtClock(model.t[k])}</th>{model.lines.map((l) => <td key={l.key}>{formatValue(l.values[k], model.unit)}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
