/**
 * The desired states of a push, derived from the approved plan: the nodes it touches (every node
 * its target or its baseline placement names), each node's target workloads (the services the
 * plan places on it) and its previous workloads (what it ran before: the fleet's report when the
 * node has reported, else the plan's baseline) — the latter is what a rollback carries. Desired
 * states are signed with the gateway's ed25519 key and valid for a bounded window (no freeze).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Plan, Placements } from '../../sim-core/whatif/plan/index.ts';
import type { FleetNode } from '../live/fleet-node.ts';
import { DESIRED_STATE_KIND, type DesiredState, type SignedDesiredState, type Workload } from '../signing/desired-state.ts';
import { readPrivateKey, signDesiredState, type KeyPair } from '../signing/keys.ts';
import { validTopicNode } from '../mqtt/topics.ts';

/** How long a signed desired state stays valid: 24 h. */
export const DESIRED_VALIDITY_MS = 24 * 3600 * 1000;
/** Clock skew allowed before `notBefore` (the agent's clock may run a little behind): 5 min. */
export const NOT_BEFORE_SKEW_MS = 5 * 60 * 1000;

/** Services placed on `node` ("app/service", sorted, each once). */
export function servicesOn(placements: Readonly<Placements>, node: string): string[] {
  return Object.keys(placements).filter((s) => placements[s]!.includes(node)).sort();
}

/** Every node a plan touches, sorted (the canary is the first): nodes of its target and of its baseline. */
export function pushNodesOf(plan: Plan): string[] {
  const all = new Set<string>();
  for (const p of [plan.target, plan.against.placements]) for (const nodes of Object.values(p)) for (const n of nodes) all.add(n);
  return [...all].sort();
}

/** Node ids of a plan that cannot be delivered (not a valid MQTT topic level). */
export function undeliverableNodes(plan: Plan): string[] {
  return pushNodesOf(plan).filter((n) => !validTopicNode(n));
}

/** What a node ran before the push: its own report when it has reported, else the plan's baseline placement. */
export function previousServices(plan: Plan, node: string, fleetNode: FleetNode | undefined): string[] {
  if (fleetNode && fleetNode.state !== 'unknown' && fleetNode.lastSeenMs !== null) return [...new Set(fleetNode.running)].sort();
  return servicesOn(plan.against.placements, node);
}

/** Per-node change: services added, removed and kept. */
export interface NodeChange { from: string[]; to: string[]; added: string[]; removed: string[] }

/** The change from `from` to `to` (pure). */
export function nodeChange(from: readonly string[], to: readonly string[]): NodeChange {
  return { from: [...from], to: [...to], added: to.filter((s) => !from.includes(s)), removed: from.filter((s) => !to.includes(s)) };
}

/** Workloads for services (the runtime's built-in workload for each). */
export function workloadsOf(services: readonly string[]): Workload[] {
  return services.map((service) => ({ service }));
}

/** What one desired state is built from. */
export interface DesiredInput { node: string; version: number; planHash: string; pushId: string; services: readonly string[]; nowMs: number; validityMs?: number }

/** The unsigned desired state (pure). */
export function buildDesiredState(i: DesiredInput): DesiredState {
  if (!Number.isInteger(i.version) || i.version < 1) throw new Error(`buildDesiredState: version must be an integer >= 1, got ${i.version}`);
  return {
    kind: DESIRED_STATE_KIND, node: i.node, version: i.version, planHash: i.planHash, pushId: i.pushId,
    notBefore: new Date(i.nowMs - NOT_BEFORE_SKEW_MS).toISOString(),
    expiresAt: new Date(i.nowMs + (i.validityMs ?? DESIRED_VALIDITY_MS)).toISOString(),
    workloads: workloadsOf(i.services),
  };
}

/** Builds and signs a desired state with the gateway key. */
export function signedDesiredState(i: DesiredInput, key: KeyPair): SignedDesiredState {
  return signDesiredState(buildDesiredState(i), key);
}

/** The gateway's signing key pair from its private key file (`--key`); the public half is derived. */
export function loadSigningKey(path: string): KeyPair {
  const privateKey: KeyObject = readPrivateKey(path);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}
