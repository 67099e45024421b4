/**
 * SHA-256 through @noble/hashes (audited, synchronous, runs in Node and in browsers): sim-core
 * cannot import node:crypto, and Web Crypto's digest is asynchronous.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** SHA-256 of bytes, as 64 lowercase hex digits. */
export function sha256Bytes(data: Uint8Array): string {
  return bytesToHex(sha256(data));
}

/** SHA-256 of the UTF-8 encoding of a string, as 64 lowercase hex digits. */
export function sha256Hex(text: string): string {
  return sha256Bytes(utf8ToBytes(text));
}
