/**
 * Policies applied inside the twin, per message: may this stream's data go from here to that
 * replica (residency, encryption capability of the path)? how long may it be stored here
 * (retention)? Decisions depend only on the stream, the two nodes and the route's links, so
 * they are cached per (stream, from, to) and dropped when the topology changes.
 */
import { decide, routeDecision } from '../orchestrator/policy/decide.ts';
import type { PolicySet } from '../orchestrator/policy/compile.ts';
import type { PolicyLink, PolicyNode, PolicyStream } from '../orchestrator/policy/types.ts';
import type { NodeModel, StreamModel } from '../scenario/model.ts';
import type { TwinState } from './state.ts';
import { findRoute } from './route-choice.ts';
import type { PolicyGate, PolicyGateCache } from './policy-gate-types.ts';


/** The policy engine's view of a twin node. */
export function policyNode(n: NodeModel): PolicyNode {
  return { id: n.id, tier: n.tier, region: n.region, zone: n.zone, labels: n.labels, attested: n.attested, arch: n.arch };
}

function policyStream(st: StreamModel): PolicyStream {
  return { id: st.id, tags: st.tags, app: st.app, priority: st.priority };
}

/** Builds the gate for a twin and a compiled policy set. */
export function createPolicyGate(s: TwinState, set: PolicySet): PolicyGate {
  const nodes = s.model.nodes.map(policyNode);
  const streams = s.model.streams.map(policyStream);
  // Memoized decisions live on the gate (data a checkpoint copies), not in closure variables.
  const cache: PolicyGateCache = { route: new Map(), store: new Map(), topologyVersion: -1 };
  const routeCache = cache.route, storeCache = cache.store;
  const nNodes = s.model.nodes.length;
  const storeDecision = (st: number, node: number): { allowed: boolean; capMs: number } => {
    const key = st * nNodes + node;
    const hit = storeCache.get(key);
    if (hit !== undefined) return hit;
    const d = decide(set, { action: 'store', stream: streams[st]!, node: nodes[node]! });
    gate.decisions++;
    const out = { allowed: d.decision === 'allow', capMs: d.obligations.maxRetentionMs ?? Infinity };
    storeCache.set(key, out);
    return out;
  };
  const gate: PolicyGate = {
    denials: new Map(),
    decisions: 0,
    cache,
    routeAllowed(st, from, to) {
      if (s.fabric.topology.version !== cache.topologyVersion) { routeCache.clear(); cache.topologyVersion = s.fabric.topology.version; }
      const key = (st * nNodes + from) * nNodes + to;
      const hit = routeCache.get(key);
      if (hit !== undefined) return hit;
      const route = from === to ? null : findRoute(s, from, to);
      const path: PolicyLink[] = route ? Array.from(route.links, (l) => ({ id: s.fabric.topology.linkId(l), type: s.model.links[l]?.type ?? 'lte' })) : [];
      const transit: PolicyNode[] = [];
      if (route) {
        let at = from;
        for (let i = 0; i + 1 < route.links.length; i++) {
          const l = route.links[i]!;
          at = s.fabric.topology.linkA(l) === at ? s.fabric.topology.linkB(l) : s.fabric.topology.linkA(l);
          transit.push(nodes[at]!);
        }
      }
      const d = routeDecision(set, { stream: streams[st]!, from: nodes[from], to: nodes[to]!, path, transit });
      gate.decisions++;
      const ok = d.decision === 'allow';
      if (!ok) for (const id of d.policyIds) gate.denials.set(id, (gate.denials.get(id) ?? 0) + 1);
      routeCache.set(key, ok);
      return ok;
    },
    retentionCapMs(st, node) {
      return storeDecision(st, node).capMs;
    },
    storeAllowed(st, node) {
      return storeDecision(st, node).allowed;
    },
  };
  return gate;
}
