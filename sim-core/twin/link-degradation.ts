/**
 * Link degradations (`link:a~b@…:latency=x3,bandwidth=x0.5,loss=0.05`) composed on the link's
 * base values. Each active degradation is remembered by its fault; whenever one starts or ends,
 * the link's values are recomputed from the base and the degradations still active, so windows
 * that overlap, nest or coincide compose and the link returns exactly to its base when the last
 * one ends (saving and restoring values per fault left a link degraded when two windows
 * overlapped without nesting).
 *
 * The rule (order-independent): latency = base × product of the active latency factors;
 * bandwidth = base × product of the active bandwidth factors; loss = the highest loss any
 * active degradation sets (the base loss when none sets one), since `loss=p` names the link's
 * loss probability rather than a factor.
 */
import { healed, refreshCapacity } from './fabric-changes.ts';
import type { TwinState } from './state.ts';

import type { Degradation, DegradedLink, LinkValues } from './degradation-types.ts';


/**
 * The link's values under `active` degradations (pure). Factors multiply in the given order;
 * callers pass them in fault order so the float products are the same in every run.
 */
export function composeDegradations(base: LinkValues, active: readonly Degradation[]): LinkValues {
  let latencyFactor = 1;
  let bandwidthFactor = 1;
  let loss: number | undefined;
  for (const d of active) {
    latencyFactor *= d.latencyFactor ?? 1;
    bandwidthFactor *= d.bandwidthFactor ?? 1;
    if (d.loss !== undefined) loss = loss === undefined ? d.loss : Math.max(loss, d.loss);
  }
  return { latencyMs: base.latencyMs * latencyFactor, bandwidthBps: base.bandwidthBps * bandwidthFactor, loss: loss ?? base.loss };
}

/** Starts degradation `fault` on link l and applies the composed values. */
export function startDegradation(s: TwinState, l: number, fault: number, d: Degradation): void {
  const links = s.fabric.degradedLinks;
  let link = links.get(l);
  if (!link) {
    const topo = s.fabric.topology;
    link = { base: { latencyMs: topo.latencyMs[l]!, bandwidthBps: topo.bandwidthBps[l]!, loss: topo.loss[l]! }, active: new Map() };
    links.set(l, link);
  }
  link.active.set(fault, d);
  apply(s, l, link);
  s.events.publish({ t: s.kernel.nowMs, type: 'link-degraded', link: s.fabric.topology.linkId(l) });
}

/** Ends degradation `fault` on link l: the rest still compose on the base; the base comes back with the last. */
export function endDegradation(s: TwinState, l: number, fault: number): void {
  const links = s.fabric.degradedLinks;
  const link = links.get(l);
  if (!link || !link.active.delete(fault)) return;
  apply(s, l, link);
  if (link.active.size === 0) {
    links.delete(l);
    s.events.publish({ t: s.kernel.nowMs, type: 'link-restored', link: s.fabric.topology.linkId(l) });
  } else {
    s.events.publish({ t: s.kernel.nowMs, type: 'link-degraded', link: s.fabric.topology.linkId(l) });
  }
  healed(s);
}

function apply(s: TwinState, l: number, link: DegradedLink): void {
  const inFaultOrder = [...link.active].sort(([a], [b]) => a - b).map(([, d]) => d);
  s.fabric.topology.setLinkProps(l, composeDegradations(link.base, inFaultOrder));
  refreshCapacity(s, l);
}
