/**
 * The Fleet panel's state and what it does, outside React (like Compare's controller), so the
 * connection and the last answers stay while another panel is shown. Connecting checks the token
 * (whoami) and keeps it for this browser tab only (sessionStorage); then everything is loaded and
 * reloaded on the gateway's events (fleet, shadow, push), at most every 500 ms, and every 5 s
 * anyway (node ages move on). A route that is not installed (404, e.g. no MQTT connector) shows as
 * "not available", not as an error.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { gatewayApi, GatewayError, type GatewayApi } from './api.ts';
import type { DryRunAnswer, FleetAnswer, PlanListItem, PushView, ShadowAnswer, WhoAmI } from './api-types.ts';

/** Key of the token in sessionStorage. */
export const TOKEN_KEY = 'edgetwin.gatewayToken';

/** What the panel renders. */
export interface FleetState {
  status: 'disconnected' | 'connecting' | 'connected' | 'error';
  /** Why connecting or the last reload failed (null once a reload succeeds). */
  message: string | null;
  /** Why the last operator action was refused; kept until the next action (reloads do not clear it). */
  actionError: string | null;
  /** True while the event stream is down and being reconnected (reloads still run every 5 s). */
  streamDown: boolean;
  who: WhoAmI | null;
  fleet: FleetAnswer | null;
  shadow: ShadowAnswer | null;
  plans: PlanListItem[] | null;
  pushes: PushView[] | null;
  /** Routes that answered 404 (the connector behind them is off). */
  unavailable: string[];
  /** Wall-clock ms of the last reload. */
  loadedAtMs: number | null;
  busy: string | null;
  /** The answer of the last dry run (waves and per-node changes), shown until the next action. */
  dryRun: DryRunAnswer | null;
}

const initial = (): FleetState => ({ status: 'disconnected', message: null, actionError: null, streamDown: false, who: null, fleet: null, shadow: null, plans: null, pushes: null, unavailable: [], loadedAtMs: null, busy: null, dryRun: null });

/** The store. */
export const fleetStore = createStore<FleetState>()(initial);
/** Subscribes a component. */
export function useFleet<T>(selector: (s: FleetState) => T): T { return useStore(fleetStore, selector); }

let api: GatewayApi | null = null;
let stopStream: AbortController | null = null;
let timer: ReturnType<typeof setInterval> | null = null;
let reloadPending: ReturnType<typeof setTimeout> | null = null;

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function optional<T>(name: string, f: () => Promise<T>, missing: string[]): Promise<T | null> {
  try { return await f(); } catch (e) {
    if (e instanceof GatewayError && e.status === 404) { missing.push(name); return null; }
    throw e;
  }
}

/** Reloads everything the panel shows. */
export async function reload(): Promise<void> {
  if (!api) return;
  const a = api;
  const missing: string[] = [];
  try {
    const [fleet, shadow, plans, pushes] = await Promise.all([
      optional('fleet', () => a.fleet(), missing), optional('shadow', () => a.shadow(), missing),
      optional('plans', () => a.plans(), missing), optional('pushes', () => a.pushes(), missing),
    ]);
    if (api !== a) return;
    fleetStore.setState({ fleet, shadow, plans: plans?.plans ?? null, pushes: pushes?.pushes ?? null, unavailable: missing, loadedAtMs: Date.now(), status: 'connected', message: null });
  } catch (e) {
    if (api === a) fleetStore.setState({ message: messageOf(e) });
  }
}

function reloadSoon(): void {
  if (reloadPending) return;
  reloadPending = setTimeout(() => { reloadPending = null; void reload(); }, 500);
}

/** Connects with `token`: checks it, keeps it for this tab, loads everything and follows the events. */
export async function connect(token: string, base = ''): Promise<void> {
  disconnect(false);
  const t = token.trim();
  if (!t) { fleetStore.setState({ status: 'error', message: 'enter a token (edgetwin token create --role viewer)' }); return; }
  fleetStore.setState({ status: 'connecting', message: null });
  const a = gatewayApi(t, base);
  let who: WhoAmI;
  try { who = await a.whoami(); } catch (e) {
    const msg = e instanceof GatewayError && e.status === 401 ? 'the gateway does not know this token (or it was revoked)'
      : e instanceof GatewayError && e.status === 404 ? 'this server has no gateway API (the web app must be served by edgetwin serve)'
      : messageOf(e);
    fleetStore.setState({ status: 'error', message: msg });
    return;
  }
  api = a;
  try { sessionStorage.setItem(TOKEN_KEY, t); } catch { /* storage off */ }
  fleetStore.setState({ who, status: 'connected' });
  await reload();
  const ctl = new AbortController();
  stopStream = ctl;
  void follow(a, ctl.signal);
  timer = setInterval(() => { void reload(); }, 5000);
}

/** Wait before reconnecting the event stream, ms. */
export const STREAM_RETRY_MS = 2000;

/** Follows the event stream while `a` is the connection, reconnecting after it ends or fails (a gateway restart, a proxy timeout). */
async function follow(a: GatewayApi, signal: AbortSignal): Promise<void> {
  while (api === a && !signal.aborted) {
    try {
      await a.events((e) => {
        if (e.topic === 'fleet' || e.topic === 'shadow' || e.topic === 'push' || e.topic === 'audit') reloadSoon();
      }, signal, () => {
        // Back after a break: what changed meanwhile came as no event, so load it now.
        if (fleetStore.getState().streamDown) { fleetStore.setState({ streamDown: false }); void reload(); }
      });
    } catch { /* shown as streamDown below */ }
    if (api !== a || signal.aborted) return;
    fleetStore.setState({ streamDown: true });
    await new Promise((r) => setTimeout(r, STREAM_RETRY_MS));
  }
}

/** Disconnects (and, when `forget`, drops the kept token). */
export function disconnect(forget = true): void {
  stopStream?.abort();
  stopStream = null;
  if (timer) clearInterval(timer);
  timer = null;
  api = null;
  if (forget) { try { sessionStorage.removeItem(TOKEN_KEY); } catch { /* storage off */ } }
  fleetStore.setState(initial());
}

/** Runs an operator action, reporting its error in the panel; reloads afterwards. */
async function act(label: string, f: (a: GatewayApi) => Promise<unknown>): Promise<boolean> {
  if (!api) return false;
  fleetStore.setState({ busy: label, actionError: null, dryRun: null });
  try { await f(api); return true; } catch (e) {
    fleetStore.setState({ actionError: `${label}: ${messageOf(e)}` });
    return false;
  } finally {
    fleetStore.setState({ busy: null });
    await reload();
  }
}

/** Approves a plan. */
export const approvePlan = (hash: string) => act('approve', (a) => a.approve(hash));
/** Starts a push of an approved plan. */
export const pushPlan = (hash: string, via: 'mqtt' | 'kubernetes', waves: string, dryRun: boolean) => act(dryRun ? 'dry run' : 'push', async (a) => {
  const answer = await a.startPush(hash, { via, waves, ...(dryRun ? { dryRun } : {}) });
  fleetStore.setState({ dryRun: dryRun ? (answer as DryRunAnswer) : null });
});
/** Rolls a push back. */
export const rollbackPush = (id: string) => act('rollback', (a) => a.rollback(id));

/** The token kept for this tab, if any. */
export function keptToken(): string | null {
  try { return sessionStorage.getItem(TOKEN_KEY); } catch { return null; }
}
