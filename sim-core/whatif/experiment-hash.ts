/**
 * A content hash for experiments: shards of one experiment must carry the same one, so `merge`
 * refuses to join shards of different experiments (or of one run with different flags).
 */

/** 64-bit FNV-1a over the UTF-16 code units of `text`, as 16 hex digits. */
export function hashText(text: string): string {
  // Two 32-bit lanes stand in for one 64-bit FNV state; BigInt would be slower and no safer here.
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 15), 0x01000193);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
