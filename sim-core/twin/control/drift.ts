/**
 * Drift: a manual change on a node (someone stopped a replica, or started one by hand). It goes
 * through the kernel, so the trace hash covers it; the agent reports it in its observed state
 * and the reconcile loop corrects it.
 */
import { publishCp, type ControlPlane } from './cp.ts';
import { markRunning, stopService } from './agent.ts';

/** Encodes (service, action) into one kernel argument. */
export function driftArg(service: number, action: 'stop' | 'start'): number {
  return service * 2 + (action === 'start' ? 1 : 0);
}

/** Drift event on node `node`: stop or start `service` there, bypassing the control plane. */
export function onDriftEvent(cp: ControlPlane, node: number, arg: number): void {
  const agent = cp.agents[node];
  if (!agent || !cp.s.fabric.topology.isNodeUp(node)) return;
  const svc = arg >> 1;
  if (arg & 1) { if (!agent.running.has(svc)) { agent.starting.delete(svc); markRunning(cp, agent, svc, true); } }
  else stopService(cp, agent, svc);
  publishCp(cp, () => ({ t: cp.s.kernel.nowMs, type: 'drift', node: agent.id, service: cp.s.graph.services[svc]!.key, action: arg & 1 ? 'start' : 'stop' }));
}
