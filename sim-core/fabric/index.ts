/** The edge fabric: topology, routing, flow-level bandwidth sharing, availability and mobility. */
export { Topology, type LinkProps, type NewLinkProps } from './topology.ts';
export { Router, type Route, type RouterOptions } from './routing.ts';
export { FlowNetwork, type FlowNetworkOptions, COMPLETION_TOLERANCE_MS, COMPLETION_TOLERANCE_BYTES } from './flow-network.ts';
export { markovDurationMs, outageWindows, type Outage, type OutageWindow } from './availability.ts';
export { positionAt, distanceKm, chooseAttachment, type PointKm } from './mobility.ts';
export { IndexedHeap } from './indexed-heap.ts';
