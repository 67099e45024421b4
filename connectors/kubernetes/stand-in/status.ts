/**
 * metav1.Status bodies as the Kubernetes API server writes them for failures (kind Status,
 * status Failure, reason, code, details.causes), for the API stand-in. Pure.
 *
 * This is part of a STAND-IN for a Kubernetes API server: no API server installs on the machines
 * EdgeTwin is built and tested on, so the stand-in answers with the real REST shapes instead.
 */

/** One metav1.StatusCause. */
export interface StatusCause { reason: string; message: string; field?: string }

/** A metav1.Status failure body. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
  code: number;
}

/** A Status failure with `code`, `reason` and `message`. */
export function status(code: number, reason: string, message: string, details?: KubeStatus['details']): KubeStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

/** 404 for an object: `deployments.apps "web" not found`. */
export function notFound(resource: string, group: string, name: string): KubeStatus {
  const qualified = group ? `${resource}.${group}` : resource;
  return status(404, 'NotFound', `${qualified} "${name}" not found`, { name, ...(group ? { group } : {}), kind: resource });
}

/** 404 for a path the server does not serve. */
export function noSuchPath(): KubeStatus {
  return status(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** 410 Gone in a watch ERROR event: the requested resourceVersion left the retained window. */
export function expired(requestedRv: number, oldestRv: number): KubeStatus {
  return status(410, 'Expired', `too old resource version: ${requestedRv} (${oldestRv})`);
}

/** 409 from server-side apply: one cause per field another manager owns with a different value. */
export function applyConflict(conflicts: readonly { manager: string; field: string }[], apiVersion: string): KubeStatus {
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with "${c.manager}" using ${apiVersion}`, field: c.field }));
  const n = conflicts.length;
  const lines = causes.map((c) => `- ${c.message}: ${c.field}`).join('\n');
  return status(409, 'Conflict', `Apply failed with ${n} conflict${n === 1 ? '' : 's'}: ${n === 1 ? `${causes[0]!.message}: ${causes[0]!.field}` : `\n${lines}`}`, { causes });
}

/** 422 Invalid: `Deployment.apps "web" is invalid: spec.selector: Required value`. */
export function invalid(kind: string, group: string, name: string, causes: readonly { field: string; message: string }[]): KubeStatus {
  const text = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  return status(422, 'Invalid', `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${text}`, {
    name, ...(group ? { group } : {}), kind, causes: causes.map((c) => ({ reason: 'FieldValueInvalid', message: c.message, field: c.field })),
  });
}

/** 400 BadRequest. */
export function badRequest(message: string): KubeStatus {
  return status(400, 'BadRequest', message);
}

/** Reason names of the other codes the stand-in answers with. */
const REASONS: Record<number, string> = { 401: 'Unauthorized', 405: 'MethodNotAllowed', 413: 'RequestEntityTooLarge', 415: 'UnsupportedMediaType', 500: 'InternalError' };

/** A Status for `code` with its usual reason. */
export function failure(code: number, message: string): KubeStatus {
  return status(code, REASONS[code] ?? 'Unknown', message);
}
