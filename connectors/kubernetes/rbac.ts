/**
 * The Kubernetes permissions EdgeTwin's connector needs, as RBAC objects for the gateway's
 * service account: watch nodes and pods (informers), read and server-side-apply Deployments and
 * delete the ones EdgeTwin no longer runs (push), patch Nodes (the push.edgetwin.io/* annotations
 * that record the applied desired state). The tests replay a whole informer + push session
 * against the API stand-in and check that every request it made is allowed here. Pure.
 */

/** One rbac.authorization.k8s.io/v1 PolicyRule. */
export interface PolicyRule { apiGroups: string[]; resources: string[]; verbs: string[] }

/** What the connector does, and why. */
export const EDGETWIN_RULES: readonly (PolicyRule & { why: string })[] = [
  { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch', 'patch'], why: 'informers; the applied-version annotations on a Node' },
  { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'], why: 'informers: the current placement' },
  { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'patch', 'delete'], why: 'push: server-side apply, dry-run, removal of what a node no longer runs' },
];

/** True when `verb` on `resource` (core or apps group) is allowed by `rules`. */
export function allowed(rules: readonly PolicyRule[], verb: string, resource: string): boolean {
  return rules.some((r) => (r.resources.includes(resource) || r.resources.includes('*')) && (r.verbs.includes(verb) || r.verbs.includes('*')));
}

/** A ClusterRole, its ServiceAccount and ClusterRoleBinding as a YAML stream (kubectl apply -f). */
export function rbacYaml(namespace = 'edgetwin', name = 'edgetwin-gateway'): string {
  const rules = EDGETWIN_RULES.map((r) => [
    `- apiGroups: [${r.apiGroups.map((g) => JSON.stringify(g)).join(', ')}]   # ${r.why}`,
    `  resources: [${r.resources.join(', ')}]`,
    `  verbs: [${r.verbs.join(', ')}]`,
  ].join('\n')).join('\n');
  return [
    'apiVersion: v1', 'kind: ServiceAccount', `metadata: {name: ${name}, namespace: ${namespace}}`, '---',
    'apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', `metadata: {name: ${name}}`, 'rules:', rules, '---',
    'apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRoleBinding', `metadata: {name: ${name}}`,
    `roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${name}}`,
    `subjects: [{kind: ServiceAccount, name: ${name}, namespace: ${namespace}}]`, '',
  ].join('\n');
}
