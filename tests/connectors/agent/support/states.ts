/**
 * Desired states for the agent tests, signed for real with node:crypto ed25519 (keys.ts): a
 * gateway key the agent trusts, and helpers that build a payload valid now for a node.
 */
import type { KeyObject } from 'node:crypto';
import { DESIRED_STATE_KIND, type DesiredState, type SignedDesiredState, type Workload } from '../../../../connectors/signing/desired-state.ts';
import { generateKeyPair, keyId, signDesiredState, type KeyPair } from '../../../../connectors/signing/keys.ts';

/** A key pair with its id and the trust map an agent holding its public key would have. */
export interface TestKey extends KeyPair { id: string; trust: Map<string, KeyObject> }

/** A fresh gateway signing key. */
export function testKey(): TestKey {
  const pair = generateKeyPair();
  const id = keyId(pair.publicKey);
  return { ...pair, id, trust: new Map([[id, pair.publicKey]]) };
}

const HOUR_MS = 3_600_000;

/** A payload for `node` at `version`, valid from an hour before `nowMs` to an hour after. */
export function payload(node: string, version: number, workloads: Workload[], nowMs = Date.now(), over: Partial<DesiredState> = {}): DesiredState {
  return {
    kind: DESIRED_STATE_KIND, node, version, planHash: `plan-${version}`, pushId: `push-${version}`,
    notBefore: new Date(nowMs - HOUR_MS).toISOString(), expiresAt: new Date(nowMs + HOUR_MS).toISOString(),
    workloads, ...over,
  };
}

/** The payload signed with `key`. */
export function signed(key: KeyPair, p: DesiredState): SignedDesiredState {
  return signDesiredState(p, key);
}
