/**
 * A node's desired workloads → apps/v1 Deployments for server-side apply. Pure.
 *
 * One Deployment per (service, node): replicas = how many times the node's desired state lists
 * the service, pinned to that node by required node affinity (`matchFields metadata.name In
 * [node]`, exact even where kubernetes.io/hostname differs from the node name). So a push wave
 * that reaches one node changes only that node's Deployments, exactly as the MQTT push changes
 * only that node's agent. Labels say which service and node (`edgetwin.io/service: app.service`,
 * `edgetwin.io/node`, `app.kubernetes.io/{name,part-of,managed-by}`), so the informers map the
 * pods back to the plan's placement; the desired-state version, plan hash, push id and signature
 * go into the Deployment's annotations (not the pod template's, so a push that changes nothing
 * does not restart pods).
 */
import { createHash } from 'node:crypto';
import type { SignedDesiredState, Workload } from '../signing/desired-state.ts';
import { SERVICE_LABEL } from '../../sim-core/twin/k8s-view.ts';

/** Label with the node a Deployment is pinned to. */
export const NODE_LABEL = 'edgetwin.io/node';
/** Label every Deployment EdgeTwin applies carries (`app.kubernetes.io/managed-by: edgetwin`). */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/** Annotations on the Deployment. */
export const ANNOTATIONS = { version: 'edgetwin.io/desired-version', planHash: 'edgetwin.io/plan-hash', pushId: 'edgetwin.io/push-id', signature: 'edgetwin.io/signature', keyId: 'edgetwin.io/key-id' } as const;

/**
 * Annotations EdgeTwin sets on the Node (server-side apply, field manager edgetwin) once a desired
 * state's Deployments are applied: its version, its workloads ("app/service" → replicas, JSON)
 * and its signature. The informers read them back for FleetNode.runningVersion. (Not under
 * `edgetwin.io/`: those node annotations are the scheduler's edge attributes.)
 */
export const NODE_ANNOTATIONS = { version: 'push.edgetwin.io/version', workloads: 'push.edgetwin.io/workloads', signature: 'push.edgetwin.io/signature' } as const;

/** "app/service" → how many replicas a desired state asks for. */
export function workloadCounts(signed: SignedDesiredState): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of signed.payload.workloads) out[w.service] = (out[w.service] ?? 0) + 1;
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]!]));
}

/** The apply configuration of the Node's EdgeTwin annotations for `signed`. */
export function nodeMarkFor(signed: SignedDesiredState): { apiVersion: 'v1'; kind: 'Node'; metadata: { name: string; annotations: Record<string, string> } } {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: {
      name: signed.payload.node,
      annotations: { [NODE_ANNOTATIONS.version]: String(signed.payload.version), [NODE_ANNOTATIONS.workloads]: JSON.stringify(workloadCounts(signed)), [NODE_ANNOTATIONS.signature]: signed.signature },
    },
  };
}

/** How workloads become containers. */
export interface DeploymentOptions {
  namespace: string;
  /** Container image per service ("app/service"); absent: defaultImage. */
  images?: Record<string, string>;
  /** The image when a service has none: the pause image, which runs and does nothing. */
  defaultImage?: string;
}

/** The pause image (a real, tiny image that just sleeps) for services without an image. */
export const DEFAULT_IMAGE = 'registry.k8s.io/pause:3.10';

/** A Deployment as JSON (what server-side apply sends). */
export interface DeploymentManifest {
  apiVersion: 'apps/v1';
  kind: 'Deployment';
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: { matchFields: { key: string; operator: 'In'; values: string[] }[] }[] } } };
        containers: { name: string; image: string; command?: string[]; env?: { name: string; value: string }[] }[];
      };
    };
  };
}

const short = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 8);

/** A DNS-1123 label (lowercase alphanumerics and '-', ≤ 63 chars); long or rewritten names get a hash suffix so they stay unique. */
export function dnsLabel(text: string, max = 63): string {
  let s = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  if (s === text && s.length <= max && s !== '') return s;
  s = s.slice(0, max - 9).replace(/-$/, '');
  return `${s || 'x'}-${short(text)}`;
}

/** A label value (≤ 63 chars of [A-Za-z0-9_.-], alphanumeric at both ends); rewritten values get a hash suffix. */
export function labelValue(text: string): string {
  const s = text.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  if (s === text && s.length <= 63) return s;
  return `${s.slice(0, 54).replace(/[^A-Za-z0-9]+$/, '') || 'x'}-${short(text)}`;
}

/** The Deployment name of `service` ("app/service") on `node`. */
export function deploymentName(service: string, node: string): string {
  return dnsLabel(`${service.replace('/', '-')}-${node}`);
}

/** Labels selecting the Deployments EdgeTwin manages on `node`. */
export function nodeSelector(node: string): string {
  return `${MANAGED_BY_LABEL}=edgetwin,${NODE_LABEL}=${labelValue(node)}`;
}

/** The Deployment for `replicas` copies of `workload` on `node`. */
export function deploymentFor(node: string, workload: Workload, replicas: number, opts: DeploymentOptions): DeploymentManifest {
  const [app, svc] = splitService(workload.service);
  const select = { [SERVICE_LABEL]: labelValue(`${app}.${svc}`), [NODE_LABEL]: labelValue(node) };
  const podLabels = { ...select, 'app.kubernetes.io/name': labelValue(svc), 'app.kubernetes.io/part-of': labelValue(app), [MANAGED_BY_LABEL]: 'edgetwin' };
  const env = workload.env ? Object.keys(workload.env).sort().map((name) => ({ name, value: workload.env![name]! })) : [];
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: deploymentName(workload.service, node), namespace: opts.namespace, labels: podLabels, annotations: {} },
    spec: {
      replicas,
      selector: { matchLabels: select },
      template: {
        metadata: { labels: podLabels },
        spec: {
          affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] } } },
          containers: [{
            name: dnsLabel(svc), image: opts.images?.[workload.service] ?? opts.defaultImage ?? DEFAULT_IMAGE,
            ...(workload.command?.length ? { command: [...workload.command] } : {}),
            ...(env.length ? { env } : {}),
          }],
        },
      },
    },
  };
}

/** "app/service" → [app, service]; throws on anything else (desired states are validated before they get here). */
function splitService(service: string): [string, string] {
  const i = service.indexOf('/');
  if (i <= 0 || i === service.length - 1) throw new Error(`deploymentFor: service must be "app/service", got ${JSON.stringify(service)}`);
  return [service.slice(0, i), service.slice(i + 1)];
}

/** The Deployments a signed desired state asks of its node: one per distinct service, replicas = its count, annotated with version, plan, push and signature. */
export function deploymentsForDesiredState(signed: SignedDesiredState, opts: DeploymentOptions): DeploymentManifest[] {
  const p = signed.payload;
  const counts = new Map<string, { workload: Workload; n: number }>();
  for (const w of p.workloads) {
    const c = counts.get(w.service);
    if (c) c.n++; else counts.set(w.service, { workload: w, n: 1 });
  }
  return [...counts.keys()].sort().map((service) => {
    const { workload, n } = counts.get(service)!;
    const d = deploymentFor(p.node, workload, n, opts);
    d.metadata.annotations = {
      [ANNOTATIONS.version]: String(p.version), [ANNOTATIONS.planHash]: p.planHash, [ANNOTATIONS.pushId]: p.pushId,
      [ANNOTATIONS.signature]: signed.signature, [ANNOTATIONS.keyId]: signed.keyId,
    };
    return d;
  });
}
