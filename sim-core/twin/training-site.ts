/**
 * Where a model may be retrained: the first candidate site (by id) to which the policy engine
 * lets every stream feeding the app go from every node holding its data (action `route`, with the
 * route's links and transit nodes, as for messages) and be stored (action `store`). A refused
 * candidate is returned with the stream and the denying policy ids, so the report can say why.
 */
import { decide, routeDecision } from '../orchestrator/policy/decide.ts';
import type { PolicySet } from '../orchestrator/policy/compile.ts';
import type { PolicyLink, PolicyNode } from '../orchestrator/policy/types.ts';
import { policyNode } from './policy-gate.ts';
import { findRoute } from './route-choice.ts';
import type { TwinState } from './state.ts';

/** One refused candidate. */
export interface SiteRefusal { site: string; stream: string; from: string; policyIds: string[]; basis: string }

/** The chosen site (node index, or -1 when every candidate was refused or down) and the refusals met on the way. */
export interface SiteChoice { site: number; refusals: SiteRefusal[] }

/** Picks the training site for data of streams `streams` held on nodes `holders` (indices). */
export function chooseTrainingSite(s: TwinState, set: PolicySet | undefined, candidates: readonly string[], streams: readonly number[], holders: readonly number[]): SiteChoice {
  const topo = s.fabric.topology;
  const refusals: SiteRefusal[] = [];
  for (const id of candidates) {
    const site = topo.nodeIndex(id);
    if (!topo.isNodeUp(site)) continue;
    if (!set) return { site, refusals };
    const refused = refusalFor(s, set, site, streams, holders);
    if (refused) { refusals.push(refused); continue; }
    return { site, refusals };
  }
  return { site: -1, refusals };
}

function refusalFor(s: TwinState, set: PolicySet, site: number, streams: readonly number[], holders: readonly number[]): SiteRefusal | null {
  const topo = s.fabric.topology;
  const to = policyNode(s.model.nodes[site]!);
  for (const st of streams) {
    const stream = s.model.streams[st]!;
    const ps = { id: stream.id, tags: stream.tags, app: stream.app, priority: stream.priority };
    const store = decide(set, { action: 'store', stream: ps, node: to });
    if (store.decision === 'deny') return { site: to.id!, stream: stream.id, from: to.id!, policyIds: [...store.policyIds], basis: store.basis };
    for (const h of holders) {
      if (h === site) continue;
      const route = findRoute(s, h, site);
      const path: PolicyLink[] = route ? Array.from(route.links, (l) => ({ id: topo.linkId(l), type: s.model.links[l]?.type ?? 'lte' })) : [];
      const transit: PolicyNode[] = [];
      if (route) {
        let at = h;
        for (let i = 0; i + 1 < route.links.length; i++) {
          const l = route.links[i]!;
          at = topo.linkA(l) === at ? topo.linkB(l) : topo.linkA(l);
          transit.push(policyNode(s.model.nodes[at]!));
        }
      }
      const d = routeDecision(set, { stream: ps, from: policyNode(s.model.nodes[h]!), to, path, transit });
      if (d.decision === 'deny') return { site: to.id!, stream: stream.id, from: s.model.nodes[h]!.id, policyIds: [...d.policyIds], basis: d.basis };
    }
  }
  return null;
}
