/**
 * The web app's client of the gateway API (same origin: `edgetwin serve` serves both). Every call
 * sends the token the user entered; an error answer becomes an Error carrying the gateway's own
 * message and status, and a success is checked (answers.ts) before the panel reads it. The event stream is read with fetch (EventSource cannot send headers).
 */
import type { DryRunAnswer, FleetAnswer, PlanListItem, PushView, ShadowAnswer, StartPushAnswer, WhoAmI } from './api-types.ts';
import { sseParser } from '../../connectors/live/sse.ts';
import { checkDryRun, checkFleet, checkPlans, checkPush, checkPushes, checkShadow, checkStarted, checkWhoAmI } from './answers.ts';

/** One event of the stream, its data parsed as JSON (the raw text when it is not JSON). */
export interface StreamEvent { topic: string; data: unknown }

/** An error answer from the gateway. */
export class GatewayError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

/** The calls the Fleet panel makes. */
export interface GatewayApi {
  whoami(): Promise<WhoAmI>;
  fleet(): Promise<FleetAnswer>;
  shadow(): Promise<ShadowAnswer>;
  plans(): Promise<{ plans: PlanListItem[] }>;
  pushes(): Promise<{ pushes: PushView[] }>;
  approve(hash: string, comment?: string): Promise<{ approved: boolean }>;
  /** Starts a push (StartPushAnswer), or with dryRun only shows what it would do (DryRunAnswer). */
  startPush(hash: string, body: { via: 'mqtt' | 'kubernetes'; waves: string; dryRun?: boolean }): Promise<StartPushAnswer | DryRunAnswer>;
  rollback(pushId: string): Promise<PushView>;
  /** Reads the event stream until `signal` aborts or the stream ends; calls onOpen once the gateway accepted it, onEvent for each event. */
  events(onEvent: (e: StreamEvent) => void, signal: AbortSignal, onOpen?: () => void): Promise<void>;
}

/** A client for the gateway at `base` (default: this page's origin) with `token`. */
export function gatewayApi(token: string, base = ''): GatewayApi {
  const headers = (json: boolean): Record<string, string> => ({ authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) });
  async function call<T>(method: 'GET' | 'POST', path: string, body: unknown, check: (json: unknown) => T): Promise<T> {
    const res = await fetch(`${base}${path}`, { method, headers: headers(body !== undefined), ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    let json: unknown = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    if (!res.ok) {
      const said = (json as { message?: unknown } | null)?.message;
      const msg = typeof said === 'string' ? said : text.slice(0, 200) || res.statusText;
      throw new GatewayError(res.status, `${res.status}: ${msg}`);
    }
    if (json === null && text) throw new GatewayError(res.status, `${method} ${path}: the answer is not JSON (${text.slice(0, 80)})`);
    return check(json);
  }
  return {
    whoami: () => call('GET', '/api/v1/whoami', undefined, checkWhoAmI),
    fleet: () => call('GET', '/api/v1/fleet', undefined, checkFleet),
    shadow: () => call('GET', '/api/v1/shadow', undefined, checkShadow),
    plans: () => call('GET', '/api/v1/plans', undefined, checkPlans),
    pushes: () => call('GET', '/api/v1/pushes', undefined, checkPushes),
    approve: (hash, comment) => call('POST', `/api/v1/plans/${encodeURIComponent(hash)}/approve`, comment ? { comment } : {}, (j) => j as { approved: boolean }),
    startPush: (hash, body) => call('POST', `/api/v1/plans/${encodeURIComponent(hash)}/pushes`, body, (j): StartPushAnswer | DryRunAnswer => (body.dryRun ? checkDryRun(j) : checkStarted(j))),
    rollback: (id) => call('POST', `/api/v1/pushes/${encodeURIComponent(id)}/rollback`, {}, (j) => checkPush(j, 'POST /api/v1/pushes/:id/rollback')),
    async events(onEvent, signal, onOpen) {
      const res = await fetch(`${base}/api/v1/events`, { headers: headers(false), signal });
      if (!res.ok || !res.body) throw new GatewayError(res.status, `${res.status}: the event stream was refused`);
      onOpen?.();
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      const parse = sseParser((e) => {
        let data: unknown = e.data;
        try { data = JSON.parse(e.data); } catch { /* keep the text */ }
        onEvent({ topic: e.event, data });
      });
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          parse(decoder.decode(value, { stream: true }));
        }
      } catch (e) {
        if (signal.aborted) return;
        throw e;
      }
    },
  };
}
