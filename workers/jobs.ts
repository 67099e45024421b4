/**
 * The job registry: a worker runs a task by looking its job name up here. A job is a function of
 * its (structured-cloned) input alone, so its result cannot depend on which worker ran it or on
 * how many workers there are. Jobs register themselves when builtin-jobs.ts imports them.
 */

/** Reports progress from inside a job (fire-and-forget; values must be structured-cloneable). */
export type ReportProgress = (progress: unknown) => void;

/** A job: input and result must be structured-cloneable; throwing rejects only this task. */
export type JobFn<I = unknown, O = unknown> = (input: I, progress: ReportProgress) => O | Promise<O>;

const registry = new Map<string, JobFn>();

/** Registers `fn` under `name`; throws if the name is empty or taken (two modules claiming one job is a bug). */
export function registerJob<I, O>(name: string, fn: JobFn<I, O>): void {
  if (typeof name !== 'string' || name === '') throw new Error(`registerJob: name must be a non-empty string, got ${JSON.stringify(name)}`);
  if (typeof fn !== 'function') throw new Error(`registerJob(${name}): fn must be a function, got ${typeof fn}`);
  if (registry.has(name)) throw new Error(`registerJob: job "${name}" is already registered`);
  registry.set(name, fn as JobFn);
}

/** Names of the registered jobs, sorted. */
export function jobNames(): string[] {
  return [...registry.keys()].sort();
}

/** Runs a registered job in the current thread; rejects for an unknown name, listing the known ones. */
export async function runJob(name: string, input: unknown, progress: ReportProgress = () => {}): Promise<unknown> {
  const fn = registry.get(name);
  if (!fn) throw new Error(`unknown job "${name}"; registered jobs: ${jobNames().join(', ') || '(none)'}`);
  return fn(input, progress);
}
