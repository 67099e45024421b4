/**
 * Apps compiled into flat tables: every service of every app gets a global index, dataflow edges
 * become index lists, and each stream knows its entry service. The twin's hot path works on
 * these indices only.
 */
import type { AppModel, ScenarioModel, ServiceModel } from '../scenario/model.ts';

/** One service in the global table. */
export interface CompiledService {
  index: number;
  /** "app/service", unique across the scenario. */
  key: string;
  appIndex: number;
  model: ServiceModel;
  /** Global indices of downstream services; empty for a sink. */
  next: number[];
}

/** All apps' services, flattened. */
export interface AppGraph {
  services: CompiledService[];
  apps: AppModel[];
  /** Global service index by "app/service". */
  serviceIndex: Map<string, number>;
  /** Entry service index per stream, in scenario order. */
  streamEntry: Int32Array;
  /** App index per stream. */
  streamApp: Int32Array;
}

/** Compiles the scenario's apps; throws on a dataflow cycle or a dangling edge (the parser checks these first). */
export function compileApps(model: ScenarioModel): AppGraph {
  const services: CompiledService[] = [];
  const serviceIndex = new Map<string, number>();
  model.apps.forEach((app, appIndex) => {
    for (const s of app.services) {
      const key = `${app.id}/${s.id}`;
      serviceIndex.set(key, services.length);
      services.push({ index: services.length, key, appIndex, model: s, next: [] });
    }
  });
  for (const svc of services) {
    const app = model.apps[svc.appIndex]!;
    svc.next = svc.model.next.map((n) => {
      const idx = serviceIndex.get(`${app.id}/${n}`);
      if (idx === undefined) throw new Error(`service ${svc.key} flows to unknown service '${n}'`);
      return idx;
    });
  }
  assertAcyclic(services);
  const appIndexById = new Map(model.apps.map((a, i) => [a.id, i]));
  const streamEntry = new Int32Array(model.streams.length);
  const streamApp = new Int32Array(model.streams.length);
  model.streams.forEach((st, i) => {
    const e = serviceIndex.get(`${st.app}/${st.entry}`);
    const a = appIndexById.get(st.app);
    if (e === undefined || a === undefined) throw new Error(`stream ${st.id} enters unknown service ${st.app}/${st.entry}`);
    streamEntry[i] = e;
    streamApp[i] = a;
  });
  return { services, apps: model.apps, serviceIndex, streamEntry, streamApp };
}

function assertAcyclic(services: CompiledService[]): void {
  const state = new Uint8Array(services.length); // 0 new, 1 on stack, 2 done
  const visit = (i: number, path: string[]): void => {
    if (state[i] === 2) return;
    if (state[i] === 1) throw new Error(`dataflow cycle: ${[...path, services[i]!.key].join(' -> ')}`);
    state[i] = 1;
    for (const n of services[i]!.next) visit(n, [...path, services[i]!.key]);
    state[i] = 2;
  };
  for (let i = 0; i < services.length; i++) visit(i, []);
}
