/**
 * Pod resource requests as kube computes them (k8s.io/component-helpers resource.PodRequests):
 * app containers add up; a regular init container runs alone (plus the sidecars started before
 * it) so the pod needs the max of that and the app sum; sidecar init containers
 * (restartPolicy Always) add to everything after them; pod overhead is added last.
 */
import type { ContainerSpec, Pod, ResourceList } from './api-types.ts';

/** kube-scheduler's DefaultMilliCPURequest: a container with no cpu request counts as 100m when scoring. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** kube-scheduler's DefaultMemoryRequest: 200 MB (209715200 bytes) for a container with no memory request. */
export const DEFAULT_MEMORY_REQUEST_BYTES = 200 * 1024 * 1024;

/** Resource names that are not "scalar" in kube (everything else is extended/hugepages/etc.). */
export const NATIVE_RESOURCES: ReadonlySet<string> = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);

function add(into: Map<string, number>, list: ResourceList | undefined): void {
  if (!list) return;
  for (const k in list) into.set(k, (into.get(k) ?? 0) + list[k]!);
}

function maxInto(into: Map<string, number>, other: Map<string, number>): void {
  for (const [k, v] of other) {
    const cur = into.get(k);
    if (cur === undefined || v > cur) into.set(k, v);
  }
}

function containerRequests(c: ContainerSpec, nonMissing: ResourceList | undefined): ResourceList | undefined {
  if (!nonMissing) return c.requests;
  const out: ResourceList = { ...(c.requests ?? {}) };
  // Only a missing key gets the default: an explicit 0 stays 0 (kube applyNonMissing).
  for (const k in nonMissing) if (!(c.requests && Object.prototype.hasOwnProperty.call(c.requests, k))) out[k] = nonMissing[k]!;
  return out;
}

/**
 * The pod's effective requests per resource name. With `nonMissing`, a container lacking a
 * request for one of its keys counts that default instead (NonMissingContainerRequests).
 */
export function podRequests(pod: Pod, nonMissing?: ResourceList): Map<string, number> {
  const reqs = new Map<string, number>();
  for (const c of pod.containers) add(reqs, containerRequests(c, nonMissing));
  const sidecars = new Map<string, number>();
  const initMax = new Map<string, number>();
  for (const c of pod.initContainers ?? []) {
    const r = containerRequests(c, nonMissing);
    let effective: Map<string, number>;
    if (c.restartPolicy === 'Always') {
      add(reqs, r);
      add(sidecars, r);
      effective = sidecars;
    } else {
      effective = new Map<string, number>();
      add(effective, r);
      for (const [k, v] of sidecars) effective.set(k, (effective.get(k) ?? 0) + v);
    }
    maxInto(initMax, effective);
  }
  maxInto(reqs, initMax);
  add(reqs, pod.overhead);
  return reqs;
}

/** Requests used by NodeResourcesFit scoring: missing cpu/memory requests count as 100m / 200MB per container. */
export function podNonZeroRequests(pod: Pod): Map<string, number> {
  return podRequests(pod, { cpu: DEFAULT_MILLI_CPU_REQUEST, memory: DEFAULT_MEMORY_REQUEST_BYTES });
}
