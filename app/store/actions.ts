/**
 * What the user can do, as plain functions over the store and the session client: select, fly
 * to, play, pause, step, seek, inject, load. Panels and the scene call these; none of them keeps
 * state of its own. The session client is attached once (sim-client/session-client.ts).
 */
import type { SessionChange, Speed } from '../../workers/session-types.ts';
import { appStore } from '../app-context.ts';
import type { AppState, Selection } from './store.ts';

/** What actions need from the session worker (the client implements it; tests fake it). */
export interface SessionPort {
  play(speed: Speed): Promise<void>;
  pause(): Promise<void>;
  setSpeed(speed: Speed): Promise<void>;
  step(ms: number): Promise<void>;
  seek(timeMs: number): Promise<void>;
  inject(change: SessionChange): Promise<{ ok: true } | { ok: false; message: string }>;
  removeInjection(id: number): Promise<boolean>;
  nodeDetails(id: string): Promise<AppState['nodeDetails']>;
  loadText(text: string, file: string, name: string, opts?: { seed?: number; timeMs?: number; speed?: Speed; select?: string; keepPlaying?: boolean }): Promise<boolean>;
}

let port: SessionPort | null = null;
/** Attaches the session client. */
export function attachSession(p: SessionPort): void { port = p; }
function session(): SessionPort {
  if (!port) throw new Error('the session worker is not started');
  return port;
}

let toastId = 1;
/** Shows a message for a few seconds. */
export function toast(text: string, kind: 'info' | 'error' = 'info'): void {
  const id = toastId++;
  appStore.setState((s) => ({ toasts: [...s.toasts.slice(-3), { id, text, kind }] }));
  setTimeout(() => appStore.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })), kind === 'error' ? 8000 : 4000);
}

/** Selects something (or nothing); a node's details are fetched from the worker. */
export function select(sel: Selection): void {
  appStore.setState({ selection: sel, nodeDetails: null });
  if (sel?.kind === 'node') void refreshNodeDetails();
}

/** Selects node `index`. */
export function selectNode(index: number): void { select({ kind: 'node', index }); }
/** Selects link `index`. */
export function selectLink(index: number): void { select({ kind: 'link', index }); }
/** Selects app `index`. */
export function selectApp(index: number): void { select({ kind: 'app', index }); }

/** Re-fetches the selected node's details (after placement changes). */
export async function refreshNodeDetails(): Promise<void> {
  const { selection, description } = appStore.getState();
  if (selection?.kind !== 'node' || !description || !port) return;
  const id = description.nodes[selection.index]?.id;
  if (!id) return;
  const details = await session().nodeDetails(id);
  const now = appStore.getState().selection;
  if (now?.kind === 'node' && now.index === selection.index) appStore.setState({ nodeDetails: details });
}

/** Flies the camera to node `index` and selects it. */
export function flyToNode(index: number): void {
  const prev = appStore.getState().flyTo;
  appStore.setState({ flyTo: { index, seq: (prev?.seq ?? 0) + 1 } });
  selectNode(index);
}

/** Finds a node by id (exact, else the first id that contains the text) and flies there; false when none matches. */
export function findNode(text: string): boolean {
  const d = appStore.getState().description;
  const q = text.trim().toLowerCase();
  if (!d || q === '') return false;
  let i = d.nodes.findIndex((n) => n.id.toLowerCase() === q);
  if (i < 0) i = d.nodes.findIndex((n) => n.id.toLowerCase().includes(q));
  if (i < 0) return false;
  flyToNode(i);
  return true;
}

/** Fits the whole fabric in view. */
export function fitAll(): void { appStore.setState((s) => ({ fitSeq: s.fitSeq + 1 })); }

/** Plays at the current speed. */
export async function play(): Promise<void> { await session().play(appStore.getState().status.speed); }
/** Pauses. */
export async function pause(): Promise<void> { await session().pause(); }
/** Play if paused, pause if playing. */
export async function togglePlay(): Promise<void> { await (appStore.getState().status.playing ? pause() : play()); }
/** Sets the speed (keeps playing or paused). */
export async function setSpeed(speed: Speed): Promise<void> {
  appStore.setState((s) => ({ status: { ...s.status, speed } }));
  await session().setSpeed(speed);
}
/** Advances one step (stepMs of simulated time), paused. */
export async function step(): Promise<void> { await session().step(appStore.getState().stepMs); }
/** Moves to a simulated time. */
export async function seek(timeMs: number): Promise<void> { await session().seek(timeMs); }

/** Applies a change now; a refusal becomes an error toast. Returns whether it applied. */
export async function inject(change: SessionChange): Promise<boolean> {
  const r = await session().inject(change);
  if (!r.ok) { toast(r.message, 'error'); return false; }
  void refreshNodeDetails();
  return true;
}

/** Fails a node (crash until recovered). */
export function failNode(id: string): Promise<boolean> { return inject({ kind: 'fault', spec: `node:${id}` }); }
/** Power-fails a node (also wipes volatile storage). */
export function powerFailNode(id: string): Promise<boolean> { return inject({ kind: 'fault', spec: `power:${id}` }); }
/** Ends every fault on a node, link, region or zone, or the control plane. */
export function recover(target: string): Promise<boolean> { return inject({ kind: 'recover', target }); }
/** Cuts a link (until restored). */
export function cutLink(id: string): Promise<boolean> { return inject({ kind: 'fault', spec: `link:${id}` }); }
/** Degrades a link: latency × latencyFactor, bandwidth × bandwidthFactor. */
export function degradeLink(id: string, latencyFactor = 3, bandwidthFactor = 0.1): Promise<boolean> {
  return inject({ kind: 'fault', spec: `link:${id}:latency=x${latencyFactor},bandwidth=x${bandwidthFactor}` });
}
/** Partitions a region or zone (until healed). */
export function partition(area: string): Promise<boolean> { return inject({ kind: 'fault', spec: `partition:${area}` }); }
/** Takes the control plane down (until recovered). */
export function controlPlaneDown(): Promise<boolean> { return inject({ kind: 'fault', spec: 'control-plane' }); }

/** Removes an injection from the timeline (re-simulates without it). */
export async function removeInjection(id: number): Promise<void> { await session().removeInjection(id); }

/** Loads scenario text (shipped or edited); returns false and leaves the scene when it has problems. */
export function loadText(text: string, file: string, name: string, opts?: Parameters<SessionPort['loadText']>[3]): Promise<boolean> {
  return session().loadText(text, file, name, opts);
}

/** Switches the main panel beside the scene. */
export function showPanel(panel: AppState['panel']): void { appStore.setState({ panel }); }
