/**
 * ed25519 keys, signatures and key files through node:crypto: the gateway signs desired states,
 * the edge agent verifies them with the public key it was given (`--trust KEY.pub`). Key files are
 * PEM (PKCS#8 private, SPKI public); the private key file is written with mode 0600.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { canonicalJson } from '../../sim-core/whatif/plan/canonical-json.ts';
import { sha256Bytes } from '../../sim-core/whatif/plan/sha256.ts';
import type { DesiredState, SignedDesiredState } from './desired-state.ts';

/** An ed25519 key pair. */
export interface KeyPair { privateKey: KeyObject; publicKey: KeyObject }

/** A fresh ed25519 key pair. */
export function generateKeyPair(): KeyPair {
  return generateKeyPairSync('ed25519');
}

/** The key's id: the first 16 hex digits of SHA-256 over its raw 32-byte public key. */
export function keyId(publicKey: KeyObject): string {
  const raw = publicKey.export({ format: 'jwk' }).x!;
  return sha256Bytes(Buffer.from(raw, 'base64url')).slice(0, 16);
}

/** Writes `<dir>/<name>.key` (0600) and `<dir>/<name>.pub`; returns both paths. */
export function writeKeyPair(pair: KeyPair, dir: string, name = 'edgetwin'): { privatePath: string; publicPath: string } {
  const privatePath = `${dir}/${name}.key`;
  const publicPath = `${dir}/${name}.pub`;
  writeFileSync(privatePath, pair.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, { mode: 0o600, flag: 'wx' });
  writeFileSync(publicPath, pair.publicKey.export({ format: 'pem', type: 'spki' }) as string, { flag: 'wx' });
  return { privatePath, publicPath };
}

/** Reads a PEM private key file; throws an Error naming the file when it is not an ed25519 private key. */
export function readPrivateKey(path: string): KeyObject {
  const k = createPrivateKey(readFileSync(path, 'utf8'));
  if (k.asymmetricKeyType !== 'ed25519') throw new Error(`${path}: expected an ed25519 private key, got ${k.asymmetricKeyType}`);
  return k;
}

/** Reads a PEM public key file; throws an Error naming the file when it is not an ed25519 public key. */
export function readPublicKey(path: string): KeyObject {
  const k = createPublicKey(readFileSync(path, 'utf8'));
  if (k.asymmetricKeyType !== 'ed25519') throw new Error(`${path}: expected an ed25519 public key, got ${k.asymmetricKeyType}`);
  return k;
}

/** The bytes that are signed: the UTF-8 of the payload's RFC 8785 canonical JSON. */
export function signedBytes(payload: DesiredState): Buffer {
  return Buffer.from(canonicalJson(payload), 'utf8');
}

/** Signs a desired state. */
export function signDesiredState(payload: DesiredState, pair: KeyPair): SignedDesiredState {
  return { payload, signature: sign(null, signedBytes(payload), pair.privateKey).toString('base64'), keyId: keyId(pair.publicKey) };
}

/** True when `signed.signature` is a valid ed25519 signature of its payload by `publicKey` (a malformed signature is false, never a throw). */
export function signatureValid(signed: SignedDesiredState, publicKey: KeyObject): boolean {
  try {
    const sig = Buffer.from(signed.signature, 'base64');
    if (sig.length !== 64) return false;
    return verify(null, signedBytes(signed.payload), publicKey, sig);
  } catch {
    return false;
  }
}
