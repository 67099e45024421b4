/**
 * An in-memory agent Runtime for the live-fleet benchmark: it "runs" declared workloads by
 * remembering them (every one healthy, no process, no PID), so one Node process can host hundreds
 * of real agents (startAgent, real MQTT) without forking thousands of workload processes. It
 * counts its apply calls so the benchmark can tell an apply the agent made from one it did not.
 */
import type { AppliedWorkload, Runtime, WorkloadHealth } from '../../../connectors/agent/runtime.ts';
import type { Workload } from '../../../connectors/signing/desired-state.ts';

/** The memory runtime: a Runtime plus how many applies declared at least one workload. */
export interface MemoryRuntime extends Runtime {
  /** apply() calls with a non-empty workload list (the agent's start applies [] once). */
  nonEmptyApplies(): number;
}

/** A fresh memory runtime with nothing running. */
export function memoryRuntime(): MemoryRuntime {
  let running: WorkloadHealth[] = [];
  let applies = 0;
  return {
    async apply(workloads: readonly Workload[]): Promise<AppliedWorkload[]> {
      if (workloads.length > 0) applies++;
      running = workloads.map((w) => ({ service: w.service, healthy: true, pid: null }));
      return running.map((w) => ({ ...w, error: null }));
    },
    health: () => running.map((w) => ({ ...w })),
    async stopAll() { running = []; },
    nonEmptyApplies: () => applies,
  };
}
