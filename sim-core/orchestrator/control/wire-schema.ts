/**
 * JSON Schema (draft 2020-12) of the control frames of wire.ts, for the edge agent, the gateway
 * and anyone writing another agent. decodeFrame is the reference check; this schema says the
 * same shape (the CRDT payloads are described by their outer shape; sync-wire.ts checks them whole).
 */
import { CONTROL_WIRE_VERSION, MAX_ID_LENGTH, MAX_SERVICES_PER_FRAME } from './wire.ts';

const idSchema = { type: 'string', minLength: 1, maxLength: MAX_ID_LENGTH } as const;
const serviceList = { type: 'array', items: idSchema, maxItems: MAX_SERVICES_PER_FRAME } as const;
const base = {
  v: { const: CONTROL_WIRE_VERSION },
  from: idSchema,
  to: idSchema,
  atMs: { type: 'number', minimum: 0 },
} as const;
const baseRequired = ['v', 'kind', 'from', 'to', 'atMs'] as const;
const ackMessage = {
  type: 'object', required: ['t', 'from', 'epoch', 'seq'],
  properties: { t: { const: 'ack' }, from: idSchema, epoch: { type: 'integer', minimum: 0 }, seq: { type: 'integer', minimum: 0 } },
} as const;
const deltaMessage = {
  type: 'object', required: ['t', 'from', 'epoch', 'toSeq', 'doc'],
  properties: { t: { enum: ['delta', 'full'] }, from: idSchema, epoch: { type: 'integer', minimum: 0 }, fromSeq: { type: 'integer', minimum: 0 }, toSeq: { type: 'integer', minimum: 0 }, doc: { type: 'object' } },
} as const;
const nullable = (s: object) => ({ oneOf: [{ type: 'null' }, s] });

/** The JSON Schema of one control frame. */
export const CONTROL_WIRE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: `https://edgetwin.io/schemas/control-wire/v${CONTROL_WIRE_VERSION}.json`,
  title: `EdgeTwin control frame, version ${CONTROL_WIRE_VERSION}`,
  oneOf: [
    { type: 'object', required: [...baseRequired, 'observed', 'ack', 'needsStart'],
      properties: { ...base, kind: { const: 'heartbeat' }, observed: nullable(deltaMessage), ack: nullable(ackMessage), needsStart: { type: 'boolean' } } },
    { type: 'object', required: [...baseRequired, 'desired', 'ack'],
      properties: { ...base, kind: { const: 'ack' }, desired: nullable(deltaMessage), ack: nullable(ackMessage) } },
    { type: 'object', required: [...baseRequired, 'start', 'stop'],
      properties: { ...base, kind: { const: 'command' }, start: serviceList, stop: serviceList } },
    { type: 'object', required: [...baseRequired],
      properties: { ...base, kind: { const: 'gossip' } } },
    { type: 'object', required: [...baseRequired, 'state', 'running'],
      properties: { ...base, kind: { const: 'status' }, state: { enum: ['ready', 'draining', 'down'] }, running: serviceList } },
  ],
} as const;
