/**
 * The scene's legend, an HTML overlay the app places over the canvas: tier shapes, node state
 * encodings (shape and colour), markers, the colour ramp with the metric's name and units, link
 * encodings, replica colours per app and the plan arrow. A <details> element, open by default,
 * so it folds away; readable in both themes. It starts folded when its container is small
 * (under SMALL_WIDTH_PX × SMALL_HEIGHT_PX), where it would hide much of the fabric.
 */
import { type CSSProperties, type ReactNode, useLayoutEffect, useRef, useState } from 'react';
import { useApp } from '../store/use-store.ts';
import { METRIC_INFO } from './metrics.ts';
import { rampCss } from './ramps.ts';
import { APP_COLORS, RAMP_RANGE, THEMES, type SceneColors } from './theme.ts';

/** The legend's props: without className or style it sits in the top-right corner of the nearest positioned ancestor (the scene's container). */
export interface LegendProps { className?: string; style?: CSSProperties }

/** Where the legend goes when the app does not say. */
const DEFAULT_PLACE: CSSProperties = { position: 'absolute', top: 8, right: 8, zIndex: 1, maxHeight: 'calc(100% - 16px)', overflow: 'auto' };

const ICON = 16;
/** Containers smaller than this (either way) start with the legend folded. */
export const SMALL_WIDTH_PX = 1100, SMALL_HEIGHT_PX = 620;

function Icon({ children, w = ICON }: { children: ReactNode; w?: number }) {
  return <svg width={w} height={ICON} viewBox={`0 0 ${w} ${ICON}`} aria-hidden="true" focusable="false" style={{ flex: 'none' }}>{children}</svg>;
}

function Row({ icon, children }: { icon: ReactNode; children: ReactNode }) {
  return <li style={{ display: 'flex', alignItems: 'center', gap: 6, minHeight: 18 }}>{icon}<span>{children}</span></li>;
}

function Section({ title, children, columns = 1 }: { title: string; children: ReactNode; columns?: number }) {
  return (
    <section aria-label={title} style={{ marginTop: 6 }}>
      <h3 style={{ font: 'inherit', fontWeight: 600, margin: '0 0 2px', opacity: 0.8 }}>{title}</h3>
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gridTemplateColumns: `repeat(${columns}, auto)`, columnGap: 10 }}>{children}</ul>
    </section>
  );
}

function tierIcons(fill: string, stroke: string): [string, ReactNode][] {
  const s = { fill, stroke, strokeWidth: 1 };
  return [
    ['Sensor', <circle cx="8" cy="8" r="4" {...s} />],
    ['Gateway', <polygon points="8,2 14,8 8,14 2,8" {...s} />],
    ['Edge server', <rect x="3" y="3" width="10" height="10" {...s} />],
    ['Regional', <rect x="4.5" y="1" width="7" height="14" {...s} />],
    ['Cloud', <polygon points="8,1 14,4.5 14,11.5 8,15 2,11.5 2,4.5" {...s} />],
    ['Group (size ~ log n)', <><ellipse cx="8" cy="11" rx="7" ry="3" {...s} /><rect x="1" y="8" width="14" height="3" fill={fill} stroke="none" /><ellipse cx="8" cy="8" rx="7" ry="3" {...s} /></>],
  ];
}

/** The legend. */
export function Legend({ className, style }: LegendProps) {
  const theme = useApp((s) => s.theme);
  const palette = useApp((s) => s.palette);
  const colorBy = useApp((s) => s.colorBy);
  const apps = useApp((s) => s.description?.apps);
  const plan = useApp((s) => s.planDiff !== null && s.planDiff.length > 0);
  const c: SceneColors = THEMES[theme];
  const ref = useRef<HTMLDetailsElement | null>(null);
  const [open, setOpen] = useState(true);
  useLayoutEffect(() => {
    const parent = ref.current?.offsetParent as HTMLElement | null | undefined;
    if (parent && (parent.clientWidth < SMALL_WIDTH_PX || parent.clientHeight < SMALL_HEIGHT_PX)) setOpen(false);
  }, []);
  const info = METRIC_INFO[colorBy];
  const stops = rampCss(palette, ...RAMP_RANGE[theme]);
  const mid = stops[Math.floor(stops.length / 2)]!;
  const box: CSSProperties = {
    background: c.panel, color: c.panelText, border: `1px solid ${c.panelBorder}`, borderRadius: 6, padding: '6px 9px',
    font: '11px/1.35 system-ui, sans-serif', maxWidth: 280,
    // Its own compositor layer: otherwise a software compositor repaints it with every canvas frame.
    willChange: 'transform', ...(className || style ? {} : DEFAULT_PLACE), ...style,
  };
  return (
    <details ref={ref} open={open} onToggle={(e) => setOpen(e.currentTarget.open)} className={className} style={box} aria-label="Scene legend">
      <summary style={{ cursor: 'pointer', fontWeight: 600 }}>Legend</summary>
      <Section title={`Colour: ${info.label} (${info.unit})`}>
        <li>
          <div aria-hidden="true" style={{ height: 10, borderRadius: 2, background: `linear-gradient(to right, ${stops.join(', ')})` }} />
          <div style={{ display: 'flex', justifyContent: 'space-between' }}><span>{info.low}</span><span>{palette}</span><span>{info.high}</span></div>
        </li>
      </Section>
      <Section title="Tier (shape)" columns={2}>
        {tierIcons(mid, c.panelText).map(([label, icon]) => <Row key={label} icon={<Icon>{icon}</Icon>}>{label}</Row>)}
      </Section>
      <Section title="State and markers" columns={2}>
        <Row icon={<Icon><rect x="3" y="3" width="10" height="10" fill={mid} /></Icon>}>Up: metric colour</Row>
        <Row icon={<Icon><path d="M2 13 L2 7 L5 10 L8 5 L11 10 L14 7 L14 13 Z" fill={c.controller} /></Icon>}>Controller: crown</Row>
        <Row icon={<Icon><ellipse cx="8" cy="8" rx="7" ry="4" fill="none" stroke={c.suspect} strokeWidth="2" /><rect x="5" y="5" width="6" height="6" fill={mid} /></Icon>}>Suspect: amber ring</Row>
        <Row icon={<Icon><polygon points="8,3 14,13 2,13" fill={c.autonomous} /></Icon>}>Autonomous</Row>
        <Row icon={<Icon><rect x="2" y="10" width="12" height="4" fill={c.nodeDown} /><path d="M3 3 L13 13 M13 3 L3 13" stroke={c.downMark} strokeWidth="2.2" /></Icon>}>Down: flat, grey, red X</Row>
        <Row icon={<Icon><ellipse cx="8" cy="9" rx="6" ry="3" fill={c.buffering} /></Icon>}>Buffering</Row>
      </Section>
      <Section title="Links" columns={2}>
        <Row icon={<Icon w={24}><defs><linearGradient id="legend-util"><stop offset="0" stopColor={c.linkIdle} /><stop offset="1" stopColor={c.linkBusy} /></linearGradient></defs><rect x="1" y="7" width="22" height="2" fill="url(#legend-util)" /></Icon>}>Idle → busy</Row>
        <Row icon={<Icon w={24}><line x1="1" y1="8" x2="23" y2="8" stroke={c.linkDegraded} strokeWidth="2" /></Icon>}>Degraded</Row>
        <Row icon={<Icon w={24}><line x1="1" y1="8" x2="23" y2="8" stroke={c.linkDown} strokeWidth="2" strokeDasharray="4 3" /></Icon>}>Cut (dashed)</Row>
        {plan && <Row icon={<Icon w={24}><path d="M1 12 Q12 0 19 10" fill="none" stroke={c.plan} strokeWidth="2" /><polygon points="23,13 16,12 20,7" fill={c.plan} /></Icon>}>Plan: moves</Row>}
      </Section>
      {apps && apps.length > 0 && (
        <Section title="Replicas: a cube each, by app" columns={2}>
          {apps.slice(0, 8).map((a, i) => (
            <Row key={a.id} icon={<Icon><rect x="4" y="4" width="8" height="8" fill={APP_COLORS[i % APP_COLORS.length]} stroke={c.panelText} strokeWidth="0.5" /></Icon>}>{a.id}</Row>
          ))}
          {apps.length > 8 && <li>… {apps.length - 8} more (colours repeat)</li>}
        </Section>
      )}
    </details>
  );
}
