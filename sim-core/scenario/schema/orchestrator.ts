/**
 * Surface schema of spec.orchestrator: how services are placed (the production scheduler, or
 * the scenario's static lists), which scheduler profile, and which policy files apply.
 * Files are named relative to the scenario; the caller (CLI, worker, app) reads them.
 */
import { zEnum, zList, zObj, zText } from './quantities.ts';

/** spec.orchestrator. */
export const zOrchestrator = zObj({
  placement: zEnum(['scheduler', 'static']).optional()
    .describe('scheduler (default): services without a `placement` list are placed by the production scheduler (Kubernetes plugins plus edge plugins), pinned ones keep their nodes (as pod nodeName); static: the scenario\'s lists, else first-fit in node order.'),
  profile: zEnum(['default', 'edge']).optional()
    .describe('Scheduler profile: default = kube-scheduler\'s default plugins and weights; edge (default) = those plus the edge plugins (architecture, accelerators, latency budget, data gravity, energy, cost, failure-domain spread, attestation) when available.'),
  schedulerConfig: zText().optional()
    .describe('A KubeSchedulerConfiguration file (kubescheduler.config.k8s.io/v1), relative to the scenario; its first profile replaces `profile`.'),
  policies: zList(zText()).optional()
    .describe('Policy files (kind: Policy / PolicySet), relative to the scenario: placement rules, data residency, encryption, retention, security. Applied at placement, per routed message, and at storage.'),
});
