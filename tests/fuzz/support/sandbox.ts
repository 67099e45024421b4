/**
 * Runs fuzz checks in a worker thread with a heap limit and a time limit, so an input that
 * exhausts memory or never ends becomes a reported failure ("ran out of memory", "no answer in
 * 20 s") instead of killing the test process. One worker serves cases in turn; it is replaced
 * after a crash or a timeout.
 */
import { Worker } from 'node:worker_threads';

/** Limits of one sandbox. */
export interface SandboxLimits { maxHeapMb: number; timeoutMs: number }

/** What a check says about one input: how it ended ('refused', 'ran', …) and the oracle's problems. */
export interface Verdict { outcome: string; problems: string[] }

/** A worker that runs `exportName(input) → Verdict` from `moduleUrl`. */
export class Sandbox<I> {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 0;
  constructor(private readonly moduleUrl: string, private readonly exportName: string, private readonly limits: SandboxLimits) {}

  private start(): Promise<void> {
    this.worker = new Worker(new URL('./sandbox-worker.mjs', import.meta.url), {
      workerData: { module: this.moduleUrl, exportName: this.exportName },
      resourceLimits: { maxOldGenerationSizeMb: this.limits.maxHeapMb },
      execArgv: [],
    });
    const w = this.worker;
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: { ready?: boolean }) => { if (m.ready) { w.off('message', onMessage); resolve(); } };
      w.on('message', onMessage);
      w.once('error', reject);
    });
    return this.ready;
  }

  /** The checker's verdict on `input` (a crash or timeout is outcome 'crashed' with it as the problem). */
  async run(input: I): Promise<Verdict> {
    if (!this.worker) await this.start();
    else await this.ready;
    const w = this.worker!;
    const id = this.nextId++;
    return new Promise((resolve) => {
      let done = false;
      const finish = (verdict: Verdict, restart: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        if (restart) { void w.terminate(); this.worker = null; }
        resolve(verdict);
      };
      const crashed = (problem: string): Verdict => ({ outcome: 'crashed', problems: [problem] });
      const onMessage = (m: { id?: number; verdict?: Verdict }) => { if (m.id === id) finish(m.verdict!, false); };
      const onError = (err: Error & { code?: string }) => finish(crashed(err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? `ran out of memory (heap limited to ${this.limits.maxHeapMb} MB)` : `the sandbox failed: ${err.message.slice(0, 300)}`), true);
      const onExit = (code: number) => finish(crashed(`the sandbox exited with code ${code}`), true);
      const timer = setTimeout(() => finish(crashed(`no answer in ${this.limits.timeoutMs / 1000} s (does not end in bounded time)`), true), this.limits.timeoutMs);
      w.on('message', onMessage);
      w.once('error', onError);
      w.once('exit', onExit);
      w.postMessage({ id, input });
    });
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    if (this.worker) await this.worker.terminate();
    this.worker = null;
  }
}
