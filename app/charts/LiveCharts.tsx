/**
 * Live charts for the side panel (≈ 320–600 px wide): small multiples over simulated time, one per
 * figure — each app's latency p50/p95/p99 against its SLO, SLO violation rate, throughput, drops
 * and losses by reason (stacked, per second), WAN traffic per second, energy and cost so far.
 * Reads the store's `chart` (appended a few times a second, ≤ 600 points, reset on seek) and
 * `description`; the models are rebuilt only when those change. AppLatencyChart is one app's
 * latency, larger, for the details panel.
 */
import { useDeferredValue, useMemo } from 'react';
import { useApp } from '../store/use-store.ts';
import type { ChartPoint } from '../../workers/session-types.ts';
import { fmtBytes, fmtBytesPerS, fmtCount, fmtMs, fmtPerS, fmtUsd, fmtWh, fmtPercent } from './format.ts';
import { MiniChart } from './MiniChart.tsx';
import { useThrottled } from './use-throttled.ts';

/** Live charts redraw at most this often (points stream in several times a second). */
const REDRAW_MS = 1000;
import { lastOf, latencyModel, latest, liveModels, sloStatus, type ChartModel } from './series.ts';
import './LiveCharts.css';

function Card({ model, headline, tone, height }: { model: ChartModel; headline: string; tone?: 'good' | 'bad' | null; height?: number }) {
  return (
    <figure className="lc-card" data-chart={model.key}>
      <figcaption className="lc-head">
        <span className="lc-title">{model.title}</span>
        <span className={`lc-now${tone ? ` sev-${tone}` : ''}`}>{headline}</span>
      </figcaption>
      <MiniChart model={model} height={height} />
    </figure>
  );
}

const lastValue = (m: ChartModel, k = 0) => latest(m.lines[k]?.values ?? [])?.value ?? null;

function sloHeadline(points: readonly ChartPoint[], app: Parameters<typeof sloStatus>[1], i: number): { text: string; tone: 'good' | 'bad' | null } {
  const s = sloStatus(points, app, i);
  if (s.observedMs === null) return { text: points.length ? `p${s.percentile}: no completions · SLO ${fmtMs(s.targetMs)}` : `SLO p${s.percentile} ≤ ${fmtMs(s.targetMs)}`, tone: null };
  return { text: `p${s.percentile} ${fmtMs(s.observedMs)} · SLO ${fmtMs(s.targetMs)}`, tone: s.ok ? 'good' : 'bad' };
}

/** The side panel's live charts (no props: it reads the store). */
export function LiveCharts() {
  const description = useApp((s) => s.description);
  // Deferred: React redraws the charts in an interruptible render, so the main thread never blocks on them.
  const chart = useDeferredValue(useThrottled(useApp((s) => s.chart), REDRAW_MS));
  const models = useMemo(() => (description ? liveModels(chart, description) : null), [chart, description]);
  if (!description || !models) return <section className="live-charts" aria-label="Live charts"><p className="muted lc-empty">Load a scenario to see its charts.</p></section>;
  const drops = lastOf(chart, 'dropped');
  const lost = lastOf(chart, 'lost');
  const dropRate = models.drops.lines.reduce((s, l) => s + (l.values[l.values.length - 1] ?? 0), 0);
  return (
    <section className="live-charts" aria-label="Live charts">
      <h2 className="panel-title">Live charts <span className="grow" /><span className="lc-count">{chart.length ? `${chart.length} points` : ''}</span></h2>
      {chart.length === 0 ? <p className="muted lc-empty">Press Play: the charts fill in as simulated time passes.</p> : null}
      {models.latency.map((m, i) => {
        const hl = sloHeadline(chart, description.apps[i]!, i);
        return <Card key={m.key} model={m} headline={hl.text} tone={hl.tone} />;
      })}
      <Card model={models.violations} headline={models.violations.lines.map((l) => `${l.label} ${fmtPercent(latest(l.values)?.value ?? null)}`).join(' · ')} height={72} />
      <Card model={models.throughput} headline={models.throughput.lines.map((l) => `${l.label} ${fmtPerS(latest(l.values)?.value ?? null)}`).join(' · ')} height={72} />
      <Card model={models.drops} height={72}
        headline={!chart.length ? '' : drops + lost === 0 ? 'none so far' : `${fmtPerS(dropRate)} · ${[drops ? `${fmtCount(drops)} dropped` : '', lost ? `${fmtCount(lost)} lost` : ''].filter(Boolean).join(', ')} so far`} />
      <Card model={models.wan} headline={chart.length ? `${fmtBytesPerS(lastValue(models.wan))} · ${fmtBytes(lastOf(chart, 'wanBytes'))} so far` : ''} height={72} />
      <div className="lc-pair">
        <Card model={models.energy} headline={chart.length ? `${fmtWh(lastOf(chart, 'energyWh'))} so far` : ''} height={56} />
        <Card model={models.cost} headline={chart.length ? `${fmtUsd(lastOf(chart, 'costUsd'))} so far` : ''} height={56} />
      </div>
    </section>
  );
}

/** One app's latency over simulated time against its SLO, larger (for the details panel). */
export function AppLatencyChart({ appIndex }: { appIndex: number }) {
  const description = useApp((s) => s.description);
  const chart = useDeferredValue(useThrottled(useApp((s) => s.chart), REDRAW_MS));
  const app = description?.apps[appIndex];
  const model = useMemo(() => (app ? latencyModel(chart, app, appIndex) : null), [chart, app, appIndex]);
  if (!app || !model) return null;
  const hl = sloHeadline(chart, app, appIndex);
  return (
    <div className="live-charts lc-large">
      <Card model={model} headline={hl.text} tone={hl.tone} height={180} />
    </div>
  );
}
