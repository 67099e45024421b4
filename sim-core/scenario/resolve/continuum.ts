/**
 * spec.continuum → ContinuumModel: QoS classes mapped onto streams (by id, else by priority),
 * and follow entries checked against services, mobile nodes and candidate nodes.
 */
import type { z } from 'zod';
import type { AppModel, ContinuumModel, FollowModel, MobilityModel, NodeModel, StreamModel } from '../model.ts';
import type { zContinuum } from '../schema/continuum.ts';
import type { FieldPath } from '../../text/yaml-source.ts';
import type { ResolveContext } from './context.ts';

type ContinuumInput = z.output<typeof zContinuum>;

/** Resolves spec.continuum (undefined when absent); `controlPlane` says whether spec.controlPlane asks for one. */
export function resolveContinuum(
  ctx: ResolveContext, input: ContinuumInput | undefined, apps: AppModel[], streams: StreamModel[],
  nodes: NodeModel[], mobility: MobilityModel[], controlPlane: boolean,
): ContinuumModel | undefined {
  if (input === undefined) return undefined;
  return { qos: input.qos ? resolveQos(ctx, input.qos, streams) : null, follow: resolveFollow(ctx, input.follow ?? [], apps, nodes, mobility, controlPlane) };
}

function resolveQos(ctx: ResolveContext, qos: NonNullable<ContinuumInput['qos']>, streams: StreamModel[]): NonNullable<ContinuumModel['qos']> {
  const streamIds = streams.map((s) => s.id);
  const streamClass: (string | null)[] = streams.map(() => null);
  const byId = new Map<string, string>();
  const classes = Object.entries(qos.classes).map(([id, c]) => ({ id, weight: c.weight }));
  for (const [id, c] of Object.entries(qos.classes)) {
    (c.streams ?? []).forEach((sid, k) => {
      const p: FieldPath = ['spec', 'continuum', 'qos', 'classes', id, 'streams', k];
      if (!streamIds.includes(sid)) { ctx.dangling(p, 'stream', sid, streamIds); return; }
      const prev = byId.get(sid);
      if (prev !== undefined) { ctx.issue(p, `stream '${sid}' is already in class '${prev}'; a stream belongs to one class`); return; }
      byId.set(sid, id);
    });
  }
  streams.forEach((st, i) => {
    const explicit = byId.get(st.id);
    if (explicit !== undefined) { streamClass[i] = explicit; return; }
    // By priority: the first class (in file order) naming the stream's priority.
    const match = Object.entries(qos.classes).find(([, c]) => c.priority === st.priority);
    if (match) streamClass[i] = match[0];
  });
  const weightOf = new Map(classes.map((c) => [c.id, c.weight]));
  return { classes, streamClass, streamWeight: streamClass.map((c) => (c === null ? 1 : weightOf.get(c)!)) };
}

function resolveFollow(ctx: ResolveContext, items: NonNullable<ContinuumInput['follow']>, apps: AppModel[], nodes: NodeModel[], mobility: MobilityModel[], controlPlane: boolean): FollowModel[] {
  const services = apps.flatMap((a) => a.services.map((s) => ({ key: `${a.id}/${s.id}`, model: s })));
  const serviceKeys = services.map((s) => s.key);
  const nodeIds = nodes.map((n) => n.id);
  const mobileIds = mobility.map((m) => m.node);
  const seen = new Set<string>();
  const out: FollowModel[] = [];
  items.forEach((f, i) => {
    const p: FieldPath = ['spec', 'continuum', 'follow', i];
    let ok = true;
    if (controlPlane) {
      ctx.issue([...p, 'service'], 'a following service cannot be combined with spec.controlPlane (its reconciliation would undo the migrations); remove one of them');
      ok = false;
    }
    const svc = services.find((s) => s.key === f.service);
    if (!svc) { ctx.dangling([...p, 'service'], 'service', f.service, serviceKeys, ' (write <app>/<service>)'); ok = false; }
    else if (svc.model.replicas !== 1) { ctx.issue([...p, 'service'], `a following service runs one replica; '${f.service}' has replicas: ${svc.model.replicas}`); ok = false; }
    else if (seen.has(f.service)) { ctx.issue([...p, 'service'], `service '${f.service}' already follows a node (one follow entry per service)`); ok = false; }
    seen.add(f.service);
    const mob = mobility.find((m) => m.node === f.node);
    if (!mob) {
      if (nodeIds.includes(f.node)) ctx.issue([...p, 'node'], `node '${f.node}' does not move: a service can only follow a node of spec.mobility (${mobileIds.join(', ') || 'none'})`);
      else ctx.dangling([...p, 'node'], 'mobile node', f.node, mobileIds);
      ok = false;
    }
    let candidates: string[] = mob ? [...mob.attachTo] : [];
    if (Array.isArray(f.candidates)) {
      candidates = [...f.candidates];
      f.candidates.forEach((id, k) => { if (!nodeIds.includes(id)) { ctx.dangling([...p, 'candidates', k], 'node', id, nodeIds); ok = false; } });
    } else if (f.candidates) {
      const sel = f.candidates;
      candidates = nodes.filter((n) => n.id !== f.node && (sel.tier === undefined || n.tier === sel.tier)
        && Object.entries(sel.labels ?? {}).every(([k, v]) => n.labels[k] === v)).map((n) => n.id);
      if (candidates.length === 0) { ctx.issue([...p, 'candidates'], `candidates ${JSON.stringify(sel)} match no node`); ok = false; }
    }
    if (!ok || !mob) return;
    out.push({
      service: f.service, node: f.node, stateSizeBytes: f.stateSize, candidates,
      policy: f.policy ?? 'lowest-latency', maxHops: f.maxHops ?? 0, latencyAboveMs: f.latencyAbove ?? Infinity,
      mode: f.mode ?? 'pre-copy', dirtyBytesPerS: f.dirtyRate ?? 0, restoreTimeMs: f.restoreTime ?? 0,
      checkEveryMs: f.checkEvery ?? mob.updateEveryMs,
    });
  });
  return out;
}
