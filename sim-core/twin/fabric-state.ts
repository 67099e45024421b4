/**
 * The fabric as a running twin holds it: topology, routes, flows and the per-node and per-link
 * bookkeeping around them (a record of TwinState, state.ts).
 *
 * Owners, the only writers: build.ts creates it; fabric-changes.ts (links and nodes up and down,
 * linkDownCauses); mobility.ts (positions, radio links: it grows the per-link arrays when it adds
 * one); link-availability.ts (markovRngs); link-degradation.ts (degradedLinks); route-choice.ts
 * (directRoutes); flow-timer.ts and transport.ts (flows, the flow timer, linkBytes).
 */
import type { Rng } from '../des/rng.ts';
import type { FlowNetwork } from '../fabric/flow-network.ts';
import type { Route, Router } from '../fabric/routing.ts';
import type { Topology } from '../fabric/topology.ts';
import type { AttachmentCache } from './attachment.ts';
import type { DegradedLink } from './degradation-types.ts';

/** A mobile model's towers (indices and positions, fixed once computed; mobility.ts). */
export interface MobileTowers { node: number; towers: number[]; positions: { xKm: number; yKm: number }[] }

/** Topology, routes, flows and link bookkeeping (see the file comment for who writes what). */
export interface FabricState {
  topology: Topology;
  router: Router;
  flows: FlowNetwork;
  /** 1 for sensor-tier nodes (hot-path test without string compares). */
  isSensor: Uint8Array;
  /** Each sensor's attachment hop, cached per topology version (attachment.ts). */
  attachment: AttachmentCache;
  /** Reasons that currently hold a link down (outage, markov, fault); down while > 0. */
  linkDownCauses: Int32Array;
  /** Bytes carried per link (both directions). */
  linkBytes: Float64Array;
  /** 1 for links that leave the site (metered, counted in wanBytes), per link. */
  linkIsWan: number[];
  /** Per-link jitter sampler (null: none) and cost per GB, indexed like the topology's links. */
  linkJitter: (((r: Rng) => number) | null)[];
  linkCostPerGbUsd: number[];
  /** Node positions in km (mobility moves them). */
  posX: Float64Array;
  posY: Float64Array;
  /** Mobile nodes: current radio link (or -1) and attachment. */
  mobileLink: Int32Array;
  mobileAttach: Int32Array;
  /** Per mobile model: its towers, computed on the first mobility update (mobility.ts). */
  mobileTowers: MobileTowers[] | null;
  /** Shared one-link routes by directed resource, built on first use (route-choice.ts). */
  directRoutes: (Route | undefined)[] | null;
  /** Degraded links: link → its base values and active degradations (link-degradation.ts). */
  degradedLinks: Map<number, DegradedLink>;
  /** Per link with Markov availability: its on/off random stream (link-availability.ts). */
  markovRngs: Map<number, Rng>;
  /** Pending flow-timer event and the time it is set for (flow-timer.ts). */
  flowTimerId: number;
  flowTimerAtMs: number;
}
