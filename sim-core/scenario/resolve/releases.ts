/**
 * spec.releases → ReleaseModel[]: the service reference, the version chain (each release starts
 * from the image or the release before it), immutability of versions (one behaviour per name and
 * version), and canary steps turned into cumulative weights with the pause after each.
 */
import type { AppModel, ImageVersionModel, ReleaseModel } from '../model.ts';
import type { ReleaseInput } from '../schema/releases.ts';
import type { FieldPath } from '../../text/yaml-source.ts';
import { formatPath } from '../issues.ts';
import type { ResolveContext } from './context.ts';

const DEFAULT_MAX_ERROR_RATE = 0.05;
const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_RESTART_DELAY_MS = 5_000;
const DEFAULT_OBSERVE_EVERY_MS = 10_000;

const behaviour = (v: ImageVersionModel) => `errorRate ${v.errorRate}, latencyFactor ${v.latencyFactor}, cpuWorkFactor ${v.cpuWorkFactor}, crashLoop ${v.crashLoop}`;

/** Resolves spec.releases (issues land in ctx). */
export function resolveReleases(ctx: ResolveContext, items: readonly ReleaseInput[], apps: readonly AppModel[]): ReleaseModel[] {
  const services = apps.flatMap((a) => a.services.map((s) => ({ key: `${a.id}/${s.id}`, app: a, svc: s })));
  const known = services.map((s) => s.key);
  /** Every image version seen so far, with where it was defined (versions are immutable). */
  const seen = new Map<string, { v: ImageVersionModel; path: FieldPath }>();
  /** What each service runs after the releases so far (ordered by `at`). */
  const current = new Map<string, { v: ImageVersionModel; atMs: number }>();
  for (const s of services) {
    const img = s.svc.image ?? { name: s.svc.id, version: 1 };
    const v: ImageVersionModel = { ...img, errorRate: 0, latencyFactor: 1, cpuWorkFactor: 1, crashLoop: false };
    current.set(s.key, { v, atMs: -1 });
    const ai = apps.indexOf(s.app);
    const path: FieldPath = ['spec', 'apps', ai, 'services', s.app.services.indexOf(s.svc), 'image'];
    const id = `${v.name}:${v.version}`;
    const prev = seen.get(id);
    if (!prev) seen.set(id, { v, path });
  }
  const out: ReleaseModel[] = [];
  const order = items.map((r, i) => ({ r, i })).sort((a, b) => a.r.at - b.r.at || a.i - b.i);
  for (const { r, i } of order) {
    const p: FieldPath = ['spec', 'releases', i];
    const ref = services.find((s) => s.key === r.service);
    if (!ref) {
      if (!r.service.includes('/')) ctx.issue([...p, 'service'], `expected <app>/<service>, got '${r.service}'; services: ${known.join(', ')}`);
      else ctx.dangling([...p, 'service'], 'service', r.service, known);
      continue;
    }
    const cur = current.get(ref.key)!;
    const to: ImageVersionModel = {
      name: r.to.name ?? cur.v.name, version: r.to.version,
      errorRate: r.to.errorRate ?? 0, latencyFactor: r.to.latencyFactor ?? 1, cpuWorkFactor: r.to.cpuWorkFactor ?? 1, crashLoop: r.to.crashLoop ?? false,
    };
    let ok = true;
    if (to.name === cur.v.name && to.version === cur.v.version) {
      ctx.issue([...p, 'to', 'version'], `${ref.key} already runs ${to.name} version ${to.version} at ${r.at} ms; a release needs a different version`);
      ok = false;
    }
    const id = `${to.name}:${to.version}`;
    const prev = seen.get(id);
    if (prev && behaviour(prev.v) !== behaviour(to)) {
      ctx.issue([...p, 'to'], `image ${to.name} version ${to.version} is immutable: defined at ${formatPath(prev.path)} with ${behaviour(prev.v)}, here with ${behaviour(to)}; give the changed image a new version`);
      ok = false;
    } else if (!prev) seen.set(id, { v: to, path: [...p, 'to'] });
    let weights: number[] = [];
    let pausesMs: number[] = [];
    let analysis: ReleaseModel['analysis'] = null;
    if (r.strategy === 'all-at-once') {
      weights = [100];
      pausesMs = [0];
    } else {
      r.strategy.steps.forEach((st, k) => {
        const sp: FieldPath = [...p, 'strategy', 'steps', k];
        const n = (st.setWeight !== undefined ? 1 : 0) + (st.pause !== undefined ? 1 : 0);
        if (n !== 1) { ctx.issue(sp, `a step is exactly one of {setWeight: <percent>} or {pause: <duration>}, got ${n === 0 ? 'neither' : 'both'}`); ok = false; return; }
        if (st.setWeight !== undefined) {
          const last = weights.at(-1) ?? 0;
          if (st.setWeight <= last) { ctx.issue([...sp, 'setWeight'], `setWeight must increase: ${st.setWeight} after ${last}`); ok = false; return; }
          weights.push(st.setWeight);
          pausesMs.push(0);
        } else if (weights.length === 0) {
          ctx.issue([...sp, 'pause'], 'a pause must follow a setWeight (nothing runs the new version yet)');
          ok = false;
        } else {
          pausesMs[pausesMs.length - 1]! += st.pause!;
        }
      });
      if (weights.length === 0 && ok) { ctx.issue([...p, 'strategy', 'steps'], 'a canary needs at least one setWeight step'); ok = false; }
      if (weights.at(-1) !== 100) { weights.push(100); pausesMs.push(0); }
      const a = r.strategy.analysis;
      if (a) analysis = { maxErrorRate: a.maxErrorRate ?? DEFAULT_MAX_ERROR_RATE, latencyMsP95: a.latencyP95 ?? ref.app.slo.latencyMs, timeoutMs: a.timeout ?? DEFAULT_TIMEOUT_MS };
    }
    if (!ok) continue;
    out.push({
      app: ref.app.id, service: ref.svc.id, atMs: r.at, from: cur.v, to,
      strategy: r.strategy === 'all-at-once' ? 'all-at-once' : 'canary', weights, pausesMs, analysis,
      restartDelayMs: r.restartDelay ?? DEFAULT_RESTART_DELAY_MS, observeEveryMs: r.observeEvery ?? DEFAULT_OBSERVE_EVERY_MS,
    });
    current.set(ref.key, { v: to, atMs: r.at });
  }
  return out;
}
