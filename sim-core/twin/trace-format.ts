/**
 * The trace file's frame (`edgetwin run --trace`): JSON lines, a header first, then one line per
 * TwinEvent (fabric, fault, control-plane and message-level events, in the order they happened),
 * then a footer. The README's "The trace file" documents every line kind.
 */
import type { ScenarioModel } from '../scenario/model.ts';
import type { RunReport } from './report.ts';

/** Format id in the header; v2 added the message path (ingest, transfers, queueing, service, storage) and the footer's line count. */
export const TRACE_FORMAT = 'edgetwin-trace/v2';

/** First line: what ran, and the maps a reader needs to attribute messages to apps. */
export interface TraceHeader {
  type: 'header';
  format: typeof TRACE_FORMAT;
  scenario: string;
  seed: number;
  /** Simulated time the run was asked for. */
  untilMs: number;
  /** App ids, in the report's order. */
  apps: string[];
  /** Stream id → the app it feeds. */
  streamApp: Record<string, string>;
}

/** Last line: written only when the run finished, so a file without it is incomplete. */
export interface TraceFooter {
  type: 'footer';
  /** Simulated time at the end. */
  t: number;
  /** Kernel events dispatched (the report's `events`: timers and heartbeats too, not trace lines). */
  events: number;
  traceHash: string;
  /** Event lines between header and footer. */
  lines: number;
}

/** The header of a run of `model` with `seed`. */
export function traceHeader(model: ScenarioModel, seed: number): TraceHeader {
  return {
    type: 'header', format: TRACE_FORMAT, scenario: model.name, seed, untilMs: model.durationMs,
    apps: model.apps.map((a) => a.id),
    streamApp: Object.fromEntries(model.streams.map((st) => [st.id, st.app])),
  };
}

/** The footer after `lines` event lines of a run that produced `report`. */
export function traceFooter(report: RunReport, lines: number): TraceFooter {
  return { type: 'footer', t: report.simulatedMs, events: report.events, traceHash: report.traceHash, lines };
}
