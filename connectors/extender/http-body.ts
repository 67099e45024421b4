/**
 * Reading a JSON request body safely: declared and actual size against a limit (413), the
 * content type (415), JSON nesting depth (a body of 1e6 nested brackets parses, but any
 * recursive walk or JSON.stringify of it would overflow the stack and answer 500), then parsing.
 */
import type { IncomingMessage } from 'node:http';

/** An HTTP refusal with its status code and a message for the `{"error"}` body. */
export class HttpError extends Error {
  constructor(readonly statusCode: number, message: string, readonly issues?: readonly { path: string; message: string }[], readonly headers?: Record<string, string>) {
    super(message);
  }
}

/** Deepest JSON nesting accepted; real Node/Pod objects (managedFields included) stay well under 40. */
export const MAX_JSON_DEPTH = 100;

/** Refuses anything but application/json (parameters such as charset=utf-8 allowed). */
export function checkJsonContentType(req: IncomingMessage): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, `Content-Type must be application/json, got ${type ? JSON.stringify(type) : 'none'}`);
  }
}

/** The body as text; 413 when Content-Length or the bytes received exceed `limitBytes`. */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume();
    return Promise.reject(tooLarge(limitBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limitBytes) { failed = true; chunks.length = 0; reject(tooLarge(limitBytes)); return; }
      chunks.push(c);
    });
    req.on('end', () => { if (!failed) resolve(Buffer.concat(chunks).toString('utf8')); });
    req.on('error', (e) => { if (!failed) { failed = true; reject(new HttpError(400, `request body could not be read: ${e.message}`)); } });
  });
}

function tooLarge(limitBytes: number): HttpError {
  return new HttpError(413, `request body exceeds ${limitBytes} bytes`, undefined, { connection: 'close' });
}

/** Parses JSON text, refusing malformed text and nesting deeper than MAX_JSON_DEPTH. */
export function parseJsonBody(text: string): unknown {
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new HttpError(400, `JSON nested more than ${MAX_JSON_DEPTH} levels deep (at most ${MAX_JSON_DEPTH} allowed)`);
  try { return JSON.parse(text); } catch (e) { throw new HttpError(400, `malformed JSON: ${(e as Error).message}`); }
}

/** Maximum bracket nesting of JSON text, skipping string contents (stops counting past the limit + 1). */
export function jsonDepth(text: string): number {
  let depth = 0, max = 0, inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) { if (++depth > max) { max = depth; if (max > MAX_JSON_DEPTH) return max; } }
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}
