/**
 * Informers for a cluster's nodes and pods through @kubernetes/client-node 1.4 (ListWatch over
 * CoreV1Api lists and Watch), kept in maps and turned into the twin's fabric and current
 * placement (to-fabric.ts), offered as a FleetView (nodes with sources ['kubernetes']).
 *
 * Failure handling, as client-go's reflector does it: a watch that ends normally resumes from the
 * last resourceVersion; 410 Gone (the resourceVersion left the server's window) makes ListWatch
 * re-list, and the re-list's deletions and additions bring the map back in line; any other error
 * (connection refused, 5xx, 401) reconnects after an exponential, capped back-off (backoff.ts),
 * reset once a watch is established again. Watches ask the server to end them after
 * `watchTimeoutS`, so a half-open connection cannot hang an informer forever.
 */
import { CoreV1Api, KubeConfig, ListWatch, Watch, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import type { FleetNode, FleetView } from '../live/fleet-node.ts';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { FabricIndex } from './fabric-index.ts';
import type { KubeFabric } from './to-fabric.ts';

/** Reads a kubeconfig file (KubeConfig.loadFromFile); throws an Error naming the file when it is unusable. */
export function loadKubeConfig(path: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(path);
  } catch (e) {
    throw new Error(`${path}: not a usable kubeconfig: ${(e as Error).message}`);
  }
  if (!kc.getCurrentCluster()) throw new Error(`${path}: the kubeconfig has no current context with a cluster (set current-context)`);
  return kc;
}

/** How one informer is doing. */
export interface InformerStats {
  state: 'starting' | 'watching' | 'backing-off' | 'stopped';
  /** Successful lists: the first, plus one per re-list (after 410 Gone). */
  lists: number;
  /** Watch ERROR events with 410 Gone. */
  gone410: number;
  /** Errors other than 410 (each followed by a back-off and a reconnect). */
  errors: number;
  /** Reconnect attempts made after errors. */
  reconnects: number;
  /** Watches that ended within a second with nothing received (each resumed after a back-off, as client-go does). */
  shortWatches: number;
  lastError: string | null;
  /** The back-off delay before the pending reconnect, ms (null when none is pending). */
  retryInMs: number | null;
  /** The last (up to 20) back-off delays after errors, ms, oldest first. */
  recentDelaysMs: number[];
}

/** A change seen by an informer: which object, the fleet nodes it may change, and the object's problems (malformed fields). */
export interface KubeChange { resource: 'nodes' | 'pods'; type: 'add' | 'update' | 'delete'; key: string; object: KubernetesObject; affected: string[]; problems: string[] }

/** Options of the informers. */
export interface KubeInformerOptions {
  backoff?: BackoffOptions;
  /** The server ends each watch after this many seconds (then it resumes from the last resourceVersion). */
  watchTimeoutS?: number;
  /** Wall clock in ms (for lastSeenMs of nodes without a heartbeat time). */
  nowMs?: () => number;
}

const keyOf = (o: KubernetesObject) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

function describeError(err: unknown): string {
  const e = err as { code?: unknown; statusCode?: unknown; message?: unknown; body?: unknown } | null;
  if (!e) return 'unknown error';
  const code = e.statusCode ?? e.code;
  const body = typeof e.body === 'string' ? e.body.slice(0, 200) : '';
  return `${code !== undefined ? `${String(code)} ` : ''}${String(e.message ?? e)}${body ? `: ${body}` : ''}`;
}

/**
 * A Watch that tells when a watch is established, counts 410 events, asks for a server-side
 * timeout, and opens nothing once its informer is stopped (ListWatch starts the watch after a
 * list even when stop() came during that list, which would leak a connection).
 */
class ObservedWatch extends Watch {
  private shortInARow = 0;

  constructor(kc: KubeConfig, private readonly timeoutS: number, private readonly hooks: { connected(): void; gone(): void; stopped(): boolean; short(delayMs: number): void; delayMs(attempt: number): number }) { super(kc); }

  override async watch(path: string, queryParams: Record<string, string | number | boolean | undefined>, callback: (phase: string, apiObj: any, watchObj?: any) => void, done: (err: any) => void): Promise<AbortController> {
    if (this.hooks.stopped()) { const c = new AbortController(); c.abort(); return c; }
    let ended = false;
    let events = 0;
    const startedMs = Date.now();
    const c = await super.watch(path, { ...queryParams, timeoutSeconds: this.timeoutS }, (phase, obj, w) => {
      events++;
      if (phase === 'ERROR' && (obj as { code?: number } | undefined)?.code === 410) this.hooks.gone();
      callback(phase, obj, w);
    }, (err) => {
      ended = true;
      // As client-go's reflector: a watch that ends cleanly within a second with nothing received
      // is "very short"; resuming at once could spin, so the resume waits a back-off.
      const short = err === null && events === 0 && Date.now() - startedMs < Math.min(1000, this.timeoutS * 500);
      if (!short || this.hooks.stopped()) { if (events > 0 || err === null) this.shortInARow = 0; done(err); return; }
      const delay = this.hooks.delayMs(this.shortInARow++);
      this.hooks.short(delay);
      setTimeout(() => done(null), delay);
    });
    if (this.hooks.stopped()) c.abort();
    else if (!ended) this.hooks.connected();
    return c;
  }
}

/** One resource's informer: ListWatch, a map, stats, back-off. */
class ResourceInformer {
  readonly objects = new Map<string, KubernetesObject>();
  readonly stats: InformerStats = { state: 'starting', lists: 0, gone410: 0, errors: 0, reconnects: 0, shortWatches: 0, lastError: null, retryInMs: null, recentDelaysMs: [] };
  private readonly lw: ListWatch<KubernetesObject>;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private syncedResolve!: () => void;
  /** Resolves after the first successful list. */
  readonly synced = new Promise<void>((r) => { this.syncedResolve = r; });

  constructor(
    readonly resource: 'nodes' | 'pods', kc: KubeConfig, path: string, list: () => Promise<KubernetesListObject<KubernetesObject>>,
    private readonly backoff: BackoffOptions, watchTimeoutS: number, private readonly onChange: (c: Omit<KubeChange, 'affected' | 'problems'>) => void,
  ) {
    const watch = new ObservedWatch(kc, watchTimeoutS, {
      connected: () => { this.attempt = 0; this.stats.state = 'watching'; },
      gone: () => { this.stats.gone410++; },
      stopped: () => this.stopped,
      short: () => { this.stats.shortWatches++; },
      delayMs: (attempt) => backoffDelayMs(attempt, this.backoff),
    });
    const listFn = async () => {
      const l = await list();
      this.stats.lists++;
      this.attempt = 0;
      return l;
    };
    this.lw = new ListWatch<KubernetesObject>(path, watch, listFn, false);
    const put = (type: 'add' | 'update') => (o: KubernetesObject) => { this.objects.set(keyOf(o), o); this.onChange({ resource, type, key: keyOf(o), object: o }); };
    this.lw.on('add', put('add'));
    this.lw.on('update', put('update'));
    this.lw.on('delete', (o) => { this.objects.delete(keyOf(o)); this.onChange({ resource, type: 'delete', key: keyOf(o), object: o }); });
    // The first list's objects are in the map before this resolves (ListWatch adds them, then sets its resourceVersion).
    this.lw.on('connect', () => { if (this.stats.lists > 0) this.syncedResolve(); });
    this.lw.on('error', (err) => this.failed(err));
  }

  start(): void {
    this.stopped = false;
    this.run();
  }

  private run(): void {
    this.lw.start().then(() => { if (this.stats.lists > 0) this.syncedResolve(); }, (err) => this.failed(err));
  }

  private failed(err: unknown): void {
    this.stats.errors++;
    this.stats.lastError = describeError(err);
    if (this.stopped) return;
    const delay = backoffDelayMs(this.attempt++, this.backoff);
    this.stats.state = 'backing-off';
    this.stats.retryInMs = delay;
    this.stats.recentDelaysMs = [...this.stats.recentDelaysMs, delay].slice(-20);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.stats.retryInMs = null;
      if (this.stopped) return;
      this.stats.reconnects++;
      this.run();
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stats.state = 'stopped';
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    await this.lw.stop();
  }
}

/** Informers for nodes and pods of one cluster, and the fleet and placement they give. */
export class KubeInformers {
  private readonly nodesInf: ResourceInformer;
  private readonly podsInf: ResourceInformer;
  private readonly listeners = new Set<(c: KubeChange) => void>();
  private readonly index = new FabricIndex();
  private readonly nowMs: () => number;
  /** The fleet as Kubernetes sees it: node(id), nodes(), onChange (a deleted node is reported once with state 'offline'). */
  readonly view: FleetView;

  constructor(kc: KubeConfig, opts: KubeInformerOptions = {}) {
    this.nowMs = opts.nowMs ?? (() => Date.now());
    const core = kc.makeApiClient(CoreV1Api);
    const backoff = opts.backoff ?? DEFAULT_BACKOFF;
    const timeoutS = opts.watchTimeoutS ?? 300;
    const changed = (c: Omit<KubeChange, 'affected' | 'problems'>) => {
      const full: KubeChange = { ...c, ...this.index.apply(c.resource, c.type, c.key, c.object, this.nowMs()) };
      for (const l of [...this.listeners]) l(full);
    };
    this.nodesInf = new ResourceInformer('nodes', kc, '/api/v1/nodes', () => core.listNode() as Promise<KubernetesListObject<KubernetesObject>>, backoff, timeoutS, changed);
    this.podsInf = new ResourceInformer('pods', kc, '/api/v1/pods', () => core.listPodForAllNamespaces() as Promise<KubernetesListObject<KubernetesObject>>, backoff, timeoutS, changed);
    this.view = this.makeView();
  }

  /** Starts both informers (non-blocking; see synced()). */
  start(): this {
    this.nodesInf.start();
    this.podsInf.start();
    return this;
  }

  /** Resolves once both informers have listed once; rejects after `timeoutMs` naming the last error. */
  async synced(timeoutMs = 30_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Kubernetes informers not synced after ${timeoutMs} ms (nodes: ${this.nodesInf.stats.lastError ?? this.nodesInf.stats.state}; pods: ${this.podsInf.stats.lastError ?? this.podsInf.stats.state})`)), timeoutMs);
    });
    try { await Promise.race([Promise.all([this.nodesInf.synced, this.podsInf.synced]), timeout]); } finally { clearTimeout(timer); }
  }

  /** Node objects as last seen (API JSON / client-node typed objects). */
  nodeObjects(): KubernetesObject[] { return [...this.nodesInf.objects.values()]; }

  /** Pod objects as last seen. */
  podObjects(): KubernetesObject[] { return [...this.podsInf.objects.values()]; }

  /** Twin nodes, fleet nodes, current placement and objects with problems (assembled after a change, then cached). */
  fabric(): KubeFabric {
    return this.index.fabric();
  }

  /** The current placement as a snapshot (the shape `plan --against` and GET /api/v1/fleet/snapshot use). */
  snapshot(takenAt: string): { placements: KubeFabric['placements']; takenAt: string; source: 'kubernetes' } {
    return { placements: this.fabric().placements, takenAt, source: 'kubernetes' };
  }

  /** Each informer's state and counters. */
  stats(): { nodes: InformerStats; pods: InformerStats } {
    const copy = (s: InformerStats) => ({ ...s, recentDelaysMs: [...s.recentDelaysMs] });
    return { nodes: copy(this.nodesInf.stats), pods: copy(this.podsInf.stats) };
  }

  /** Calls `listener` after every add, update and delete; returns the unsubscribe function. */
  onChange(listener: (c: KubeChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops both informers and any pending reconnect. */
  async stop(): Promise<void> {
    await Promise.all([this.nodesInf.stop(), this.podsInf.stop()]);
  }

  private makeView(): FleetView {
    const find = (id: string) => this.index.fleetNode(id);
    return {
      node: find,
      nodes: () => this.fabric().fleet,
      onChange: (listener: (node: FleetNode) => void) => this.onChange((c) => {
        for (const id of c.affected) {
          const n = find(id);
          if (n) listener(n);
          else if (c.resource === 'nodes' && c.type === 'delete') {
            listener({ id, state: 'offline', sources: ['kubernetes'], lastSeenMs: this.nowMs(), heartbeatLagMs: null, runningVersion: 0, running: [], lastReport: null, metrics: null, labels: { ...(c.object.metadata?.labels ?? {}) } });
          }
        }
      }),
    };
  }
}
