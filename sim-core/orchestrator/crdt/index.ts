/** CRDT state sync: HLCs, LWW map, OR-set, PN-counter, a composite document, delta-state anti-entropy. */
export * from './hlc.ts';
export * from './dot-set.ts';
export * from './lattice.ts';
export * from './lww-map.ts';
export * from './or-set.ts';
export * from './pn-counter.ts';
export * from './doc.ts';
export * from './delta-replica.ts';
export * from './sync-wire.ts';
export * from './doc-replica.ts';
export * from './fleet-state.ts';
