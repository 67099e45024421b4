/**
 * What crosses between the web app and its session worker (workers/session-worker.ts): the
 * requests, the changes a user injects, and the frame messages the worker pushes. Plain
 * structured-cloneable data; the frame's typed arrays travel as one transferred ArrayBuffer.
 */
import type { InputIssue } from '../sim-core/text/input-error.ts';
import type { FabricDescription } from '../sim-core/twin/describe.ts';
import type { DecisionRecord } from '../sim-core/twin/decision-log.ts';
import type { TwinEvent } from '../sim-core/twin/events.ts';
import type { FrameLayout } from '../sim-core/twin/frame.ts';

/** Scenario text to load, with the files it names (policies, scheduler config) by resolved path. */
export interface LoadRequest {
  text: string;
  file: string;
  files?: Record<string, string>;
  /** Overrides the scenario's seed. */
  seed?: number;
}

/** The outcome of a load: the fabric, or every problem located in the text. */
export type LoadResult =
  | { ok: true; description: FabricDescription; layout: FrameLayout; endMs: number; seed: number }
  | { ok: false; issues: InputIssue[]; message: string };

/** A change a user makes at the current simulated time (kept, replayed on seek, shown on the timeline). */
export type SessionChange =
  /** A fault in the --fault grammar; its @<at> is ignored (it starts now), +<for> counts from now. */
  | { kind: 'fault'; spec: string }
  /** End every fault active on a target: node id, link a~b or id, region or zone, 'control-plane'. */
  | { kind: 'recover'; target: string }
  /** New replica nodes for a service ("app/service"). */
  | { kind: 'placement'; service: string; nodes: string[] };

/** A change with the time it applies and its id. */
export interface Injection { id: number; atMs: number; change: SessionChange; label: string }

/** Play speed: a multiple of real time (1 … 1000) or as fast as it goes. */
export type Speed = number | 'max';

/** Where the session is. */
export interface SessionStatus {
  loaded: boolean;
  playing: boolean;
  speed: Speed;
  timeMs: number;
  endMs: number;
  /** Simulated ms advanced per wall ms over the last second (what the machine manages). */
  effectiveSpeed: number;
  /** Re-simulating to a seek target right now. */
  seeking: boolean;
  traceHash: string;
  events: number;
}

/** Figures at one chart step (simulated time), per app and for the whole twin. */
export interface ChartPoint {
  tMs: number;
  p50: number[];
  p95: number[];
  p99: number[];
  sloObserved: number[];
  violationRate: number[];
  throughputPerS: number[];
  delivered: number;
  dropped: number;
  lost: number;
  droppedBy: number[];
  lostBy: number[];
  inFlight: number;
  wanBytes: number;
  energyWh: number;
  costUsd: number;
  nodesDown: number;
  linksDown: number;
}

/** One push from the worker: a frame (when a buffer was free), and what happened since the last push. */
export interface FrameMessage {
  /** The frame's buffer (transferred; give it back with releaseFrame), or null when none was free. */
  buffer: ArrayBuffer | null;
  status: SessionStatus;
  /** Twin events since the last push (fabric, faults, control plane), at most EVENTS_PER_PUSH. */
  events: TwinEvent[];
  /** Events left out of this push because there were more than EVENTS_PER_PUSH. */
  eventsOmitted: number;
  /** Placement decisions since the last push. */
  decisions: DecisionRecord[];
  /** Replica node indices per service, when they changed since the last push. */
  placement: number[][] | null;
  /** New chart points since the last push. */
  chart: ChartPoint[];
  /** True after a load or a seek: the client drops its event log, decisions and chart and starts from these. */
  reset: boolean;
  injections: Injection[];
}

/** Most events one push carries (the rest are counted in eventsOmitted). */
export const EVENTS_PER_PUSH = 2000;

/** Details of one node, on request. */
export interface NodeDetails {
  index: number;
  /** Replicas running here, each with why it is here (newest decision first). */
  replicas: { service: string; history: DecisionRecord[] }[];
  /** Replicas the control plane wants here that are not running yet (starting, or waiting for the node), with their history. */
  pending: { service: string; history: DecisionRecord[] }[];
}
