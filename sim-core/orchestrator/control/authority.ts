/**
 * The three control-plane models as configurations of one controller: who reports to whom, who
 * may decide, and where a decision escalates. Centralized: every agent reports to the master.
 * Hierarchical: agents report to their region's orchestrator (to the global master when it has
 * none or cannot be reached); a regional orchestrator decides inside its region and escalates
 * what its region cannot hold to the master. Decentralized: agents report to the lowest-id
 * member they reach; only the leader of a majority quorum may decide.
 */
import { quorumOf } from '../detector/quorum.ts';
import type { RefusalReason } from './actions.ts';
import type { ControllerConfig, FleetView } from './observed.ts';

/** Whether a controller may decide now, or why not. */
export type Authority = { ok: true } | { ok: false; reason: Extract<RefusalReason, 'no-quorum' | 'controller-unreachable'>; detail: string };

/** Where a controller may place: its region only, or the whole fleet. */
export type Scope = 'region' | 'global';

/** The regional orchestrator of `region`, or null. */
export function regionalController(cfg: ControllerConfig, region: string): string | null {
  return cfg.regional[region] ?? null;
}

/** The controller `node` reports to now; `node` itself when it is one; null when none is reachable. */
export function controllerFor(cfg: ControllerConfig, view: FleetView, node: string): string | null {
  switch (cfg.model) {
    case 'centralized': return cfg.master;
    case 'hierarchical': {
      const r = regionalController(cfg, view.regionOf(node));
      if (r === null || r === node) return cfg.master;
      return view.reaches(node, r) ? r : cfg.master;
    }
    case 'decentralized': {
      for (const m of cfg.members) if (view.reaches(node, m)) return m;
      return null;
    }
  }
}

/** Every node that runs a controller loop, in id order. */
export function controllers(cfg: ControllerConfig, regions: readonly string[]): string[] {
  const out = new Set<string>();
  if (cfg.model === 'decentralized') for (const m of cfg.members) out.add(m);
  else {
    if (cfg.master !== null) out.add(cfg.master);
    if (cfg.model === 'hierarchical') for (const r of regions) { const c = regionalController(cfg, r); if (c !== null) out.add(c); }
  }
  return [...out].sort();
}

/** Whether `controller` may decide now: reachable, and (decentralized) the leader of a majority. */
export function authorityOf(cfg: ControllerConfig, view: FleetView, controller: string): Authority {
  if (view.isControllerDown(controller)) return { ok: false, reason: 'controller-unreachable', detail: `controller ${controller} is unreachable` };
  if (cfg.model !== 'decentralized') return { ok: true };
  const q = quorumOf(cfg.members, (id) => view.isUp(id), (a, b) => view.reaches(a, b));
  if (q.canDecide && q.leader === controller) return { ok: true };
  return {
    ok: false, reason: 'no-quorum',
    detail: q.canDecide ? `${controller} is not the leader (${q.leader} leads ${q.reachable.length} of ${cfg.members.length} members)` : `no group of ${q.needed} of ${cfg.members.length} members can reach each other`,
  };
}

/** A regional orchestrator places inside its region; the master and decentralized leaders anywhere. */
export function scopeOf(cfg: ControllerConfig, controller: string): Scope {
  return cfg.model === 'hierarchical' && controller !== cfg.master ? 'region' : 'global';
}

/** Where a regional decision that found no room goes: the master, when reachable and able to decide; else null. */
export function escalationTarget(cfg: ControllerConfig, view: FleetView, controller: string): string | null {
  if (scopeOf(cfg, controller) !== 'region' || cfg.master === null) return null;
  if (!view.reaches(controller, cfg.master) || !authorityOf(cfg, view, cfg.master).ok) return null;
  return cfg.master;
}
