/**
 * One step of the controller: observed state in, actions with reasons out. For every controller
 * of the configuration (the master, regional orchestrators, or the voting members), in id order:
 * detect (suspect / declare-failed / unwatch) on the nodes it watches; relocate the desired
 * replicas of nodes declared failed longer than the grace period (or refuse, with why); reconcile
 * the nodes it watches that are not declared. The live gateway calls decide() on its clock; the
 * twin calls the same steps (detectStep, relocationsOf, reconcileStep) from its virtual-time
 * timers, so both run this controller.
 */
import type { Action } from './actions.ts';
import { controllers } from './authority.ts';
import { detectStep } from './detect.ts';
import type { ControllerConfig, ObservedState } from './observed.ts';
import { reconcileStep } from './reconcile-step.ts';
import { relocationsOf, type Placer, type RelocateContext } from './relocate.ts';
import { viewOf } from './view.ts';

/** The actions every controller of `cfg` takes at `nowMs` given `observed`; relocation targets come from `placer`. */
export function decide(config: ControllerConfig, observed: ObservedState, nowMs: number, placer: Placer): Action[] {
  const cfg: ControllerConfig = { ...config, members: [...config.members].sort() };
  const view = viewOf(observed);
  const regions = [...new Set(observed.nodes.map((n) => n.region))].sort();
  const declared = new Map<string, Set<string>>();
  for (const [c, ws] of Object.entries(observed.watched)) declared.set(c, new Set(ws.filter((w) => w.declaredAtMs !== null).map((w) => w.node)));
  const desired = (n: string) => observed.desired[n] ?? [];
  const ctx: RelocateContext = {
    nodes: observed.nodes.map((n) => n.id),
    desiredHas: (n, svc) => desired(n).includes(svc),
    runningNodes: (svc) => observed.nodes.flatMap((n) => ((observed.running[n.id] ?? []).includes(svc) ? [n.id] : [])),
    isDeclared: (c, n) => declared.get(c)?.has(n) ?? false,
  };
  const out: Action[] = [];
  for (const by of controllers(cfg, regions)) {
    if (!view.isUp(by)) continue;
    const watched = [...(observed.watched[by] ?? [])].sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
    const healthy: string[] = [];
    for (const w of watched) {
      if (w.declaredAtMs !== null) {
        if (nowMs - w.declaredAtMs >= cfg.gracePeriodMs && desired(w.node).length > 0) {
          out.push(...relocationsOf(cfg, view, ctx, by, w.node, [...desired(w.node)].sort(), placer));
        }
        continue;
      }
      const a = detectStep(cfg, by, w, nowMs, {
        canAct: !view.isControllerDown(by), reachable: view.reaches(by, w.node), isMember: cfg.members.includes(w.node),
      });
      if (a) out.push(a);
      else healthy.push(w.node);
    }
    if (view.isControllerDown(by)) continue;
    out.push(...reconcileStep(by, { nodes: healthy, desired, running: (n) => observed.running[n] ?? [] }));
  }
  return out;
}
