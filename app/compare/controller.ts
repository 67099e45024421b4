/**
 * The Compare panel's state and what the user can do with it, outside React (like store/actions.ts):
 * run an experiment's variants × seeds on a worker pool with progress and cancel, analyze the
 * runs, and make a plan for one variant in a pool worker. State lives in a vanilla zustand store
 * of its own, so results and a running comparison survive switching panels. The pool factory and
 * clock are injected: the app passes the browser pool, the Node tests pass the worker_threads pool.
 */
import { createStore } from 'zustand/vanilla';
import type { InputIssue } from '../../sim-core/text/input-error.ts';
import { analyzeExperiment } from '../../sim-core/whatif/analyze.ts';
import type { Plan } from '../../sim-core/whatif/plan/plan.ts';
import type { ExperimentMeta, ExperimentResult } from '../../sim-core/whatif/result.ts';
import { executeRuns } from '../../workers/jobs/simulate.ts';
import type { PlanJobInput, PlanJobOutput, PlanJobProgress } from '../../workers/jobs/plan.ts';
import type { Pool } from '../../workers/pool.ts';
import { prepareCompare } from './model.ts';

/** A comparison the user asked for. */
export interface CompareRequest {
  /** Experiment YAML and its repository path (its scenario resolves against it). */
  text: string;
  file: string;
  seeds: number;
  untilMs: number;
  workers: number;
}

/** Where a comparison is. */
export interface RunState {
  id: number;
  request: CompareRequest;
  phase: 'preparing' | 'running' | 'done' | 'cancelled' | 'invalid' | 'failed';
  issues: InputIssue[];
  message: string;
  warnings: string[];
  done: number;
  total: number;
  /** Overall fraction of simulated time done, 0..1. */
  fraction: number;
  /** Wall-clock ms from Compare to the analyzed result (or to now while running). */
  elapsedMs: number;
  meta: ExperimentMeta | null;
  result: ExperimentResult | null;
}

/** Where a plan is. */
export interface PlanState {
  id: number;
  variant: string;
  /** The comparison's experiment (the plan belongs to it). */
  request: CompareRequest;
  phase: 'running' | 'done' | 'cancelled' | 'invalid' | 'failed';
  done: number;
  total: number;
  last: string;
  plan: Plan | null;
  issues: InputIssue[];
  message: string;
  elapsedMs: number;
}

/** The Compare panel's state. */
export interface CompareState { run: RunState | null; plan: PlanState | null }

/** What the controller needs from its host. */
export interface CompareDeps {
  /** A pool of `size` workers that run the builtin jobs ('simulate', 'plan'). */
  createPool: (size: number) => Pool;
  /** Every file an experiment may name, by repository path (scenarios, policies). */
  files: Readonly<Record<string, string>>;
  /** Wall clock in ms (performance.now in the browser). */
  now: () => number;
  /** Least ms between two progress updates of the store (default 100). */
  progressEveryMs?: number;
  /** Lets the page paint "Preparing…" before the synchronous preparation (default: a macrotask). */
  yieldToUi?: () => Promise<void>;
}

/** The controller: its store and its actions. */
export interface CompareController {
  store: ReturnType<typeof createCompareStore>;
  /** Runs a comparison (cancelling one in progress); resolves when it has settled. */
  compare(req: CompareRequest): Promise<RunState>;
  cancel(): void;
  /** Makes a plan for `variant` of the last comparison's experiment, with its seeds and simulated time; resolves when settled. */
  makePlan(variant: string): Promise<PlanState | null>;
  cancelPlan(): void;
  closePlan(): void;
}

function createCompareStore() {
  return createStore<CompareState>()(() => ({ run: null, plan: null }));
}

/** Creates a controller over injected dependencies. */
export function createCompareController(deps: CompareDeps): CompareController {
  const store = createCompareStore();
  const every = deps.progressEveryMs ?? 100;
  const yieldToUi = deps.yieldToUi ?? (() => new Promise<void>((r) => setTimeout(r, 0)));
  let runSeq = 0;
  let planSeq = 0;
  let runAbort: AbortController | null = null;
  let planAbort: AbortController | null = null;

  const setRun = (id: number, patch: Partial<RunState>) => {
    const cur = store.getState().run;
    if (cur && cur.id === id) store.setState({ run: { ...cur, ...patch } });
  };
  const setPlan = (id: number, patch: Partial<PlanState>) => {
    const cur = store.getState().plan;
    if (cur && cur.id === id) store.setState({ plan: { ...cur, ...patch } });
  };

  async function compare(req: CompareRequest): Promise<RunState> {
    runAbort?.abort(new Error('replaced by a new comparison'));
    planAbort?.abort(new Error('a new comparison started'));
    const id = ++runSeq;
    const ac = new AbortController();
    runAbort = ac;
    const t0 = deps.now();
    store.setState({
      run: { id, request: req, phase: 'preparing', issues: [], message: '', warnings: [], done: 0, total: 0, fraction: 0, elapsedMs: 0, meta: null, result: null },
      plan: null,
    });
    await yieldToUi();
    if (ac.signal.aborted) return store.getState().run!;
    const prep = prepareCompare(req.text, req.file, deps.files, { seeds: req.seeds, untilMs: req.untilMs });
    if (!prep.ok) {
      setRun(id, { phase: 'invalid', issues: prep.issues, message: prep.message, elapsedMs: deps.now() - t0 });
      return store.getState().run!;
    }
    const { meta, inputs } = prep.prepared;
    setRun(id, { phase: 'running', meta, total: inputs.length, warnings: prep.warnings });
    const pool = deps.createPool(Math.max(1, Math.min(req.workers, inputs.length)));
    let last = -Infinity;
    try {
      const runs = await executeRuns(inputs, {
        pool, signal: ac.signal,
        onProgress: (done, total, fraction) => {
          const now = deps.now();
          if (done < total && now - last < every) return;
          last = now;
          setRun(id, { done, total, fraction, elapsedMs: now - t0 });
        },
      });
      const result = analyzeExperiment(meta, runs);
      setRun(id, { phase: 'done', done: runs.length, fraction: 1, result, elapsedMs: deps.now() - t0 });
    } catch (err) {
      if (ac.signal.aborted) setRun(id, { phase: 'cancelled', elapsedMs: deps.now() - t0 });
      else setRun(id, { phase: 'failed', message: err instanceof Error ? err.message : String(err), elapsedMs: deps.now() - t0 });
    } finally {
      if (runAbort === ac) runAbort = null;
      await pool.close();
    }
    return store.getState().run!;
  }

  async function makePlan(variant: string): Promise<PlanState | null> {
    const run = store.getState().run;
    if (!run || run.phase !== 'done') return null;
    planAbort?.abort(new Error('replaced by a new plan'));
    const id = ++planSeq;
    const ac = new AbortController();
    planAbort = ac;
    const t0 = deps.now();
    const req = run.request;
    store.setState({ plan: { id, variant, request: req, phase: 'running', done: 0, total: 0, last: '', plan: null, issues: [], message: '', elapsedMs: 0 } });
    const pool = deps.createPool(1);
    const input: PlanJobInput = { text: req.text, file: req.file, variant, seeds: req.seeds, untilMs: req.untilMs, files: { ...deps.files } };
    try {
      const out = await pool.run<PlanJobOutput>({ job: 'plan', input, signal: ac.signal }, (p) => {
        const q = p as PlanJobProgress;
        setPlan(id, { done: q.done, total: q.total, last: `${q.faultSet} seed ${q.seed}`, elapsedMs: deps.now() - t0 });
      });
      if (out.ok) setPlan(id, { phase: 'done', plan: out.plan, elapsedMs: deps.now() - t0 });
      else setPlan(id, { phase: 'invalid', issues: out.issues, message: out.message, elapsedMs: deps.now() - t0 });
    } catch (err) {
      if (ac.signal.aborted) setPlan(id, { phase: 'cancelled', elapsedMs: deps.now() - t0 });
      else setPlan(id, { phase: 'failed', message: err instanceof Error ? err.message : String(err), elapsedMs: deps.now() - t0 });
    } finally {
      if (planAbort === ac) planAbort = null;
      await pool.close();
    }
    return store.getState().plan;
  }

  return {
    store,
    compare,
    cancel() { runAbort?.abort(new Error('cancelled by the user')); },
    makePlan,
    cancelPlan() { planAbort?.abort(new Error('cancelled by the user')); },
    closePlan() { planAbort?.abort(new Error('closed')); store.setState({ plan: null }); },
  };
}
