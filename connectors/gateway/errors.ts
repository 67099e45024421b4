/**
 * JSON errors: every 4xx/5xx the gateway answers is `{error, message}`, never a stack trace. The
 * error handler turns Fastify's own errors (bad JSON, body too large, schema validation) into
 * that shape with a message naming the field.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';

const NAMES: Record<number, string> = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed', 409: 'conflict',
  413: 'payload_too_large', 415: 'unsupported_media_type', 429: 'too_many_requests', 500: 'internal', 503: 'unavailable',
};

/** The `error` word for a status. */
export function errorName(status: number): string {
  return NAMES[status] ?? (status >= 500 ? 'internal' : 'bad_request');
}

/** Sends `{error, message, ...extra}` with `status`. */
export function sendError(reply: FastifyReply, status: number, message: string, extra: Record<string, unknown> = {}): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error: errorName(status), message, ...extra });
}

/** The message a client sees for one of Fastify's errors. */
export function clientMessage(err: FastifyError, bodyLimitBytes: number): string {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return `request body is larger than the limit of ${bodyLimitBytes} bytes`;
  if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'the body is empty but content-type says application/json';
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return `unsupported content-type; send application/json`;
  if (err.validation) return `invalid request: ${err.message}`;
  if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return `the body is not valid JSON: ${err.message}`;
  return err.message;
}

/** Installs the JSON error handler; 5xx are logged on stderr (with the stack, server side only) and answered with a generic message. */
export function installErrorHandler(app: FastifyInstance, bodyLimitBytes: number): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) {
      process.stderr.write(`edgetwin gateway: ${req.method} ${req.url} failed: ${err.stack ?? err.message}\n`);
      return sendError(reply, status, `internal error while handling ${req.method} ${req.routeOptions.url ?? req.url}; see the gateway's log`);
    }
    return sendError(reply, status, clientMessage(err, bodyLimitBytes));
  });
}
