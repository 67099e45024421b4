/** Choosing a route for a transfer: a sensor's hop to a neighbour over the direct link, else the router. */
import type { Route } from '../fabric/routing.ts';
import type { TwinState } from './state.ts';

/** A route from → to; a sensor's hop to a neighbour uses the direct link without Dijkstra. */
export function findRoute(s: TwinState, from: number, to: number): Route | null {
  const topo = s.fabric.topology;
  if (!topo.isNodeUp(from) || !topo.isNodeUp(to)) return null;
  if (s.fabric.isSensor[from] === 1 || from >= s.fabric.isSensor.length) {
    const l = directLink(s, from, to);
    if (l >= 0) return directRoute(s, l, topo.linkA(l) === from);
  }
  return s.fabric.router.route(from, to);
}

/** The up link joining two nodes with the least latency, or -1. */
export function directLink(s: TwinState, a: number, b: number): number {
  const topo = s.fabric.topology;
  const inc = topo.linksOf(a), up = topo.linkUpFlags, endA = topo.linkEndsA, endB = topo.linkEndsB, lat = topo.latencyMs;
  let best = -1;
  for (let i = 0; i < inc.length; i++) {
    const l = inc[i]!;
    if (up[l] !== 1) continue;
    const other = endA[l] === a ? endB[l]! : endA[l]!;
    if (other === b && (best < 0 || lat[l]! < lat[best]!)) best = l;
  }
  return best;
}

/** The shared one-link route over link l, from end a (forward) or from end b. */
export function directRoute(s: TwinState, l: number, forward: boolean): Route {
  // Pre-sized: filling indices out of order would turn a plain array into a dictionary.
  const cache = (s.fabric.directRoutes ??= new Array<Route | undefined>(2 * s.fabric.topology.linkCount).fill(undefined));
  const r = forward ? 2 * l : 2 * l + 1;
  let route = cache[r];
  if (!route) {
    route = { links: Int32Array.of(l), resources: Int32Array.of(r), latencyMs: 0 };
    cache[r] = route;
  }
  return route;
}
