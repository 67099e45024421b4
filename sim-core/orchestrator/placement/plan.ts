/**
 * A placement plan as declared: apps × services × replicas, each service with a pod template.
 * expandPlan turns it into concrete pods named `<app>-<service>-<i>`, labelled with the service
 * (edgetwin.io/service = `<app>.<service>`) so spreading and the reconciler can find replicas.
 */
import type { Pod } from '../scheduler/api-types.ts';
import { SERVICE_LABEL } from '../scheduler/plugins/edge-attrs.ts';

/** One service of a plan: how many replicas of which template. */
export interface PlanService { app: string; service: string; replicas: number; template: Omit<Pod, 'name'> }

/** The service id used in labels and by the reconciler: `<app>.<service>`. */
export function serviceId(app: string, service: string): string { return `${app}.${service}`; }

/** Expands a plan into pods (template labels kept, the service label added); throws on a bad replica count or duplicate. */
export function expandPlan(services: readonly PlanService[]): Pod[] {
  const seen = new Set<string>();
  const out: Pod[] = [];
  for (const s of services) {
    const id = serviceId(s.app, s.service);
    if (seen.has(id)) throw new Error(`expandPlan: service ${id} is listed twice`);
    seen.add(id);
    if (!Number.isInteger(s.replicas) || s.replicas < 0) throw new Error(`expandPlan: ${id} replicas must be an integer >= 0, got ${s.replicas}`);
    for (let i = 0; i < s.replicas; i++) {
      out.push({ ...s.template, name: `${s.app}-${s.service}-${i}`, labels: { ...(s.template.labels ?? {}), [SERVICE_LABEL]: id } });
    }
  }
  return out;
}
