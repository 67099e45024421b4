/**
 * The Kubernetes push transport: `deliver(node, signed)` makes the node run the workloads of its
 * signed desired state by server-side apply of one Deployment per service pinned to that node
 * (deployments.ts, apply.ts): a server dry-run first, then the apply with fieldManager `edgetwin`
 * and force=false. A conflict with another field manager rejects the delivery with a
 * KubeApplyConflictError that lists the fields and managers; nothing is forced.
 *
 * Before anything reaches the cluster the transport checks what an edge agent would: the state is
 * for this node, (given the gateway's public key) its signature verifies, it is inside its
 * notBefore/expiresAt window, the node is in the cluster, and the version is not below the one
 * recorded on the Node (annotation push.edgetwin.io/version, written by server-side apply once a
 * state's Deployments are applied; the same version only as the same signed state, i.e. a
 * redelivery). The informers read that annotation back as the node's runningVersion.
 *
 * Written against the push helper's transport shape (connectors/push/transport.ts):
 * `deliver(node, signed) → Promise<void>` and `close()`.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import type { GatewayOptions } from '../gateway/context.ts';
import type { SignedDesiredState } from '../signing/desired-state.ts';
import { keyId, readPrivateKey, signatureValid } from '../signing/keys.ts';
import { KubeApplier, type ApplyConflict, type NodeApplyOutcome } from './apply.ts';
import { deploymentsForDesiredState, type DeploymentOptions } from './deployments.ts';
import { loadKubeConfig } from './informers.ts';

/** The push transport shape (connectors/push/transport.ts). */
export type { PushTransport } from '../push/transport.ts';
import type { PushTransport } from '../push/transport.ts';

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
  /** Wall clock in ms, for notBefore / expiresAt. */
  nowMs?: () => number;
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

  /** What an edge agent would refuse: another node's state, closed, bad or unknown signature, outside its validity window, an older version than the node's. */
  private async check(node: string, signed: SignedDesiredState): Promise<void> {
    if (this.closed) throw new Error('KubeApplyTransport: closed');
    const p = signed.payload;
    if (p.node !== node) throw new Error(`refused: the desired state is for node ${JSON.stringify(p.node)}, not ${JSON.stringify(node)}`);
    if (this.opts.publicKey) {
      if (signed.keyId !== keyId(this.opts.publicKey)) throw new Error(`refused: desired state for ${node} is signed with unknown key ${signed.keyId}`);
      if (!signatureValid(signed, this.opts.publicKey)) throw new Error(`refused: the signature of the desired state for ${node} does not verify`);
    }
    const now = (this.opts.nowMs ?? Date.now)();
    if (!(Date.parse(p.notBefore) <= now)) throw new Error(`refused: the desired state for ${node} is not valid before ${p.notBefore}`);
    if (!(now <= Date.parse(p.expiresAt))) throw new Error(`refused: the desired state for ${node} expired at ${p.expiresAt}`);
    const mark = await this.applier.nodeMark(node);
    if (!mark) throw new Error(`refused: node ${node} is not in the cluster`);
    // Versions only grow; the same version again is a redelivery only when it is the same signed state.
    if (mark.version !== null && (mark.version > p.version || (mark.version === p.version && mark.signature !== signed.signature))) {
      throw new Error(`refused: node ${node} runs desired-state version ${mark.version}; version ${p.version} would be a replay or a rollback (a rollback is a new, higher version)`);
    }
  }

  /** What delivering would change on the cluster (server dry-run), without changing it. */
  async dryRun(node: string, signed: SignedDesiredState): Promise<NodeApplyOutcome> {
    await this.check(node, signed);
    return this.applier.applyNode(node, deploymentsForDesiredState(signed, this.deployOpts), { namespace: this.deployOpts.namespace, dryRunOnly: true });
  }

  /** Applies the node's workloads; rejects on a conflict (KubeApplyConflictError) or an API failure. */
  async deliver(node: string, signed: SignedDesiredState): Promise<void> {
    await this.check(node, signed);
    const outcome = await this.applier.applyNode(node, deploymentsForDesiredState(signed, this.deployOpts), { namespace: this.deployOpts.namespace });
    if (outcome.status === 'applied') {
      try { await this.applier.markNode(signed); } catch (e) {
        outcome.status = 'failed';
        outcome.error = `the Deployments are applied, but recording version ${signed.payload.version} on the Node failed: ${(e as Error).message}`;
      }
    }
    this.opts.onOutcome?.(outcome);
    if (outcome.status === 'conflict') throw new KubeApplyConflictError(node, outcome.conflicts);
    if (outcome.status === 'failed') throw new Error(`Kubernetes apply for node ${node} failed: ${outcome.error}`);
  }

  /** True when the node's EdgeTwin Deployments are exactly the ones `signed` asks for, each applied from this signed state (a resumed push need not apply again). */
  async alreadyDelivered(node: string, signed: SignedDesiredState): Promise<boolean> {
    if (signed.payload.node !== node) return false;
    const want = deploymentsForDesiredState(signed, this.deployOpts).map((d) => d.metadata.name).sort();
    const mark = await this.applier.nodeMark(node);
    if (mark?.signature !== signed.signature) return false;
    const have = await this.applier.appliedOn(node, this.deployOpts.namespace);
    return have.length === want.length && have.every((d) => d.signature === signed.signature && want.includes(d.name));
  }

  /** Refuses further deliveries (the client holds no connection between requests). */
  async close(): Promise<void> {
    this.closed = true;
  }
}

/**
 * The transport `edgetwin serve` gives the push when --kubeconfig is set (null otherwise); with
 * --key it verifies every state against the key's public half before applying.
 */
export function kubeTransportFromOptions(options: GatewayOptions, extra: KubeTransportOptions = {}): KubeApplyTransport | null {
  if (!options.kubeconfig) return null;
  const publicKey = options.signingKeyPath ? createPublicKey(readPrivateKey(options.signingKeyPath)) : undefined;
  return new KubeApplyTransport(loadKubeConfig(options.kubeconfig), { ...(publicKey ? { publicKey } : {}), ...extra });
}
