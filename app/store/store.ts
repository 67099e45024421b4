/**
 * The app's state: a vanilla zustand store that knows nothing of React (store/use-store.ts
 * adapts it). It holds what panels render — the fabric description, status, the event log,
 * decisions, chart points, injections, selection and view settings — updated a few times a
 * second at most. Per-frame data (the latest TwinFrame) is NOT here: the scene reads it from
 * sim-client/frame-holder.ts inside useFrame, so no React update happens per simulation step.
 */
import { createStore } from 'zustand/vanilla';
import type { InputIssue } from '../../sim-core/text/input-error.ts';
import type { DecisionRecord } from '../../sim-core/twin/decision-log.ts';
import type { FabricDescription } from '../../sim-core/twin/describe.ts';
import type { FrameLayout } from '../../sim-core/twin/frame.ts';
import type { ChartPoint, Injection, NodeDetails, SessionStatus } from '../../workers/session-types.ts';

/** One line of the event log. */
export interface LogEntry {
  /** Increasing id (stable React key). */
  id: number;
  tMs: number;
  text: string;
  /** info: normal operation; warn: degradation, suspicion, refusal; bad: failure, loss; good: recovery, relocation. */
  severity: 'info' | 'warn' | 'bad' | 'good';
  /** Node indices the entry is about (click selects the first). */
  nodes: number[];
  /** Entries with the same key that follow each other closely fold into one (retries of a refused relocation). */
  foldKey?: string;
  /** How many events the entry stands for (1 unless folded). */
  count?: number;
}

/** What is selected in the scene, the table or the log. */
export type Selection = { kind: 'node'; index: number } | { kind: 'link'; index: number } | { kind: 'app'; index: number } | null;

/** Which main view is shown beside the scene. */
export type MainPanel = 'twin' | 'editor' | 'compare' | 'fleet';

/** A transient message to the user. */
export interface Toast { id: number; text: string; kind: 'info' | 'error' }

/** Everything panels render. */
export interface AppState {
  /** Shipped scenario name, or 'custom' for edited / dropped text. */
  scenarioName: string;
  scenarioFile: string;
  scenarioText: string;
  description: FabricDescription | null;
  layout: FrameLayout | null;
  /** Problems of the last load or validation, located. */
  issues: InputIssue[];
  status: SessionStatus;
  injections: Injection[];
  /** Replica node indices per service (description.services order). */
  placement: number[][];
  events: LogEntry[];
  /** Events the worker left out because too many happened at once. */
  eventsOmitted: number;
  decisions: DecisionRecord[];
  chart: ChartPoint[];
  selection: Selection;
  /** Details of the selected node, fetched from the worker. */
  nodeDetails: NodeDetails | null;
  viewLayout: 'tiers' | 'geo';
  theme: 'dark' | 'light';
  palette: 'viridis' | 'cividis';
  /** What node colour shows. */
  colorBy: 'cpu' | 'memory' | 'queue' | 'storage';
  panel: MainPanel;
  /** Ask the camera to fly to a node: bumps `seq` so the same node can be asked twice. */
  flyTo: { index: number; seq: number } | null;
  /** Ask the camera to fit everything. */
  fitSeq: number;
  /** Simulated ms a Step advances. */
  stepMs: number;
  toasts: Toast[];
  /** Nodes of a plan's placement diff drawn on the scene: service key → { from, to } node indices. */
  planDiff: { service: string; from: number[]; to: number[] }[] | null;
}

/** The initial state (nothing loaded). */
export function initialState(): AppState {
  return {
    scenarioName: '', scenarioFile: '', scenarioText: '', description: null, layout: null, issues: [],
    status: { loaded: false, playing: false, speed: 10, timeMs: 0, endMs: 0, effectiveSpeed: 0, seeking: false, traceHash: '', events: 0 },
    injections: [], placement: [], events: [], eventsOmitted: 0, decisions: [], chart: [],
    selection: null, nodeDetails: null, viewLayout: 'tiers', theme: 'dark', palette: 'viridis', colorBy: 'cpu', panel: 'twin',
    flyTo: null, fitSeq: 0, stepMs: 1000, toasts: [], planDiff: null,
  };
}

/** Most log entries kept (the oldest are dropped). */
export const MAX_LOG = 5000;

/** Creates a store (one per app; tests make their own). */
export function createAppStore(init: Partial<AppState> = {}) {
  return createStore<AppState>()(() => ({ ...initialState(), ...init }));
}

/** The store type. */
export type AppStore = ReturnType<typeof createAppStore>;
