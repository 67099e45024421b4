/**
 * The kinds of transfer that share the flow network: a data message's leg, a replica job
 * (a critical result copied to another node), a control message, a bulk transfer (training
 * data, a model: bulk-transfer.ts) and a service's state moved by a live migration. The flow
 * network carries one numeric tag per flow (a double); this file is the only place that encodes a
 * transfer into a tag and decodes it back (data: the message slot, ≥ 0; replica: -(job + 1);
 * control: from -2^30 down; bulk: from -2^31 up, 2^28 slots; migration: from -2^40 down).
 */

/** What a flow carries. */
export type Transfer =
  | { kind: 'data'; message: number }
  | { kind: 'replica'; job: number }
  | { kind: 'control'; slot: number }
  | { kind: 'bulk'; job: number }
  | { kind: 'migration'; follower: number };

/** The kind of a transfer, without its index. */
export type TransferKind = Transfer['kind'];

// Replica tags occupy [CONTROL_BASE + 1, -1]: a billion replica jobs in flight before they would meet.
const CONTROL_BASE = -(2 ** 30);
// Control tags occupy [BULK_END, CONTROL_BASE]; bulk tags [-2^31, -2^31 + 2^28), so control keeps
// 3·2^28 slots; migration tags are at and below -2^40 (flow tags are doubles: -2^40 - k is exact).
const BULK_BASE = -(2 ** 31);
const BULK_END = BULK_BASE + 2 ** 28;
const MIGRATION_BASE = -(2 ** 40);

/** The flow tag of message m's leg (hot path: no allocation). */
export function dataTag(m: number): number { return m; }
/** The flow tag of replica job j. */
export function replicaTag(j: number): number { return -(j + 1); }
/** The flow tag of control message slot k. */
export function controlTag(k: number): number { return CONTROL_BASE - k; }
/** The flow tag of bulk job b (b < 2^28). */
export function bulkTag(b: number): number { return BULK_BASE + b; }
/** The flow tag of the state transfer of following service f (continuum-migration.ts). */
export function migrationTag(f: number): number { return MIGRATION_BASE - f; }

/** The kind of transfer a flow tag names (hot path: no allocation). */
export function transferKindOf(tag: number): TransferKind {
  return tag >= 0 ? 'data' : tag > CONTROL_BASE ? 'replica' : tag >= BULK_END ? 'control' : tag >= BULK_BASE ? 'bulk' : 'migration';
}

/** The index (message slot, replica job, or control slot) a flow tag names, within its kind. */
export function transferIndexOf(tag: number): number {
  return tag >= 0 ? tag : tag > CONTROL_BASE ? -tag - 1 : tag >= BULK_END ? CONTROL_BASE - tag : tag >= BULK_BASE ? tag - BULK_BASE : MIGRATION_BASE - tag;
}

/** A transfer's flow tag. */
export function encodeTransfer(t: Transfer): number {
  switch (t.kind) {
    case 'data': return dataTag(t.message);
    case 'replica': return replicaTag(t.job);
    case 'control': return controlTag(t.slot);
    case 'bulk': return bulkTag(t.job);
    case 'migration': return migrationTag(t.follower);
  }
}

/** The transfer a flow tag names. */
export function decodeTransfer(tag: number): Transfer {
  const i = transferIndexOf(tag);
  switch (transferKindOf(tag)) {
    case 'data': return { kind: 'data', message: i };
    case 'replica': return { kind: 'replica', job: i };
    case 'control': return { kind: 'control', slot: i };
    case 'bulk': return { kind: 'bulk', job: i };
    case 'migration': return { kind: 'migration', follower: i };
  }
}
