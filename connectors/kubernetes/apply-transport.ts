/**
 * The Kubernetes push transport: `deliver(node, signed)` makes the node run the workloads of its
 * signed desired state by server-side apply of one Deployment per service pinned to that node
 * (deployments.ts, apply.ts): a server dry-run first, then the apply with fieldManager `edgetwin`
 * and force=false. A conflict with another field manager rejects the delivery with a
 * KubeApplyConflictError that lists the fields and managers; nothing is forced.
 *
 * Before anything reaches the cluster the transport checks what an edge agent would: the state is
 * for this node, and (given the gateway's public key) its signature verifies.
 *
 * Written against the push helper's transport shape (connectors/push/transport.ts):
 * `deliver(node, signed) → Promise<void>` and `close()`.
 */
import type { KeyObject } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import type { SignedDesiredState } from '../signing/desired-state.ts';
import { keyId, signatureValid } from '../signing/keys.ts';
import { KubeApplier, type ApplyConflict, type NodeApplyOutcome } from './apply.ts';
import { deploymentsForDesiredState, type DeploymentOptions } from './deployments.ts';

/** The push transport shape (as connectors/push/transport.ts defines it). */
export interface PushTransport {
  deliver(node: string, signed: SignedDesiredState): Promise<void>;
  close(): Promise<void>;
}

/** A delivery refused because another field manager owns fields EdgeTwin would change. */
export class KubeApplyConflictError extends Error {
  constructor(readonly node: string, readonly conflicts: readonly ApplyConflict[]) {
    super(`Kubernetes apply for node ${node} refused (not forced): ${conflicts.map((c) => `${c.deployment} ${c.field} is owned by "${c.manager}"`).join('; ')}`);
    this.name = 'KubeApplyConflictError';
  }
}

/** Options of the Kubernetes transport. */
export interface KubeTransportOptions extends Partial<DeploymentOptions> {
  /** The gateway's public key: when given, a state whose signature does not verify is refused. */
  publicKey?: KeyObject;
  /** Called with every node's outcome (applied, conflict, failed), for the push's audit and events. */
  onOutcome?: (outcome: NodeApplyOutcome) => void;
}

/** A PushTransport that applies to a Kubernetes cluster, plus dryRun() for a push's preview. */
export class KubeApplyTransport implements PushTransport {
  private readonly applier: KubeApplier;
  private readonly deployOpts: DeploymentOptions;
  private closed = false;

  constructor(kc: KubeConfig, private readonly opts: KubeTransportOptions = {}) {
    this.applier = new KubeApplier(kc);
    this.deployOpts = { namespace: opts.namespace ?? 'default', ...(opts.images ? { images: opts.images } : {}), ...(opts.defaultImage ? { defaultImage: opts.defaultImage } : {}) };
  }

  private check(node: string, signed: SignedDesiredState): void {
    if (this.closed) throw new Error('KubeApplyTransport: closed');
    if (signed.payload.node !== node) throw new Error(`refused: the desired state is for node ${JSON.stringify(signed.payload.node)}, not ${JSON.stringify(node)}`);
    if (this.opts.publicKey) {
      if (signed.keyId !== keyId(this.opts.publicKey)) throw new Error(`refused: desired state for ${node} is signed with unknown key ${signed.keyId}`);
      if (!signatureValid(signed, this.opts.publicKey)) throw new Error(`refused: the signature of the desired state for ${node} does not verify`);
    }
  }

  /** What delivering would change on the cluster (server dry-run), without changing it. */
  async dryRun(node: string, signed: SignedDesiredState): Promise<NodeApplyOutcome> {
    this.check(node, signed);
    return this.applier.applyNode(node, deploymentsForDesiredState(signed, this.deployOpts), { namespace: this.deployOpts.namespace, dryRunOnly: true });
  }

  /** Applies the node's workloads; rejects on a conflict (KubeApplyConflictError) or an API failure. */
  async deliver(node: string, signed: SignedDesiredState): Promise<void> {
    this.check(node, signed);
    const outcome = await this.applier.applyNode(node, deploymentsForDesiredState(signed, this.deployOpts), { namespace: this.deployOpts.namespace });
    this.opts.onOutcome?.(outcome);
    if (outcome.status === 'conflict') throw new KubeApplyConflictError(node, outcome.conflicts);
    if (outcome.status === 'failed') throw new Error(`Kubernetes apply for node ${node} failed: ${outcome.error}`);
  }

  /** Refuses further deliveries (the client holds no connection between requests). */
  async close(): Promise<void> {
    this.closed = true;
  }
}
