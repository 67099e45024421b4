/**
 * The static fabric of a twin, described once for a UI: nodes (tier, region, zone, class,
 * resources, position), links (ends, type, latency, bandwidth), apps and their services with the
 * initial placement, the control plane and the scripted faults. Plain structured-cloneable data;
 * per-frame state goes in frames (frame.ts), indexed like `nodes` and `links` here.
 */
import type { LinkType, Tier } from '../scenario/model.ts';
import { completeControlPlane } from '../scenario/resolve/control-plane.ts';
import { DROP_REASONS, LOSS_REASONS } from './frame.ts';
import type { TwinState } from './state.ts';

/** One node. */
export interface NodeDescription {
  id: string;
  tier: Tier;
  arch: string;
  region: string;
  zone: string;
  className: string | null;
  cores: number;
  cpuMillicores: number;
  memoryBytes: number;
  storageBytes: number;
  bufferBytes: number;
  gpus: number;
  accelerators: string[];
  attested: boolean;
  labels: Record<string, string>;
  /** Position in km at the start. */
  xKm: number;
  yKm: number;
  /** True when the scenario (or a generator) placed it on the map; false for the resolver's default rows. */
  positioned: boolean;
  /** Moves (vehicle); its radio link is re-pointed on handover. */
  mobile: boolean;
  /** For sensors: index of the node it hangs from (lowest-latency non-sensor neighbour), else -1. */
  uplink: number;
}

/** One link (radio links of mobile nodes come after the scenario's links). */
export interface LinkDescription {
  id: string;
  a: number;
  b: number;
  type: LinkType | 'radio';
  latencyMs: number;
  bandwidthBps: number;
  loss: number;
  /** Leaves the site (metered, counted in WAN bytes). */
  wan: boolean;
}

/** One service, in the twin's global service order. */
export interface ServiceDescription {
  key: string;
  id: string;
  app: string;
  cpuWorkMs: number;
  cpuMillicores: number;
  memoryBytes: number;
  next: string[];
  /** Node indices of its replicas at the start. */
  replicas: number[];
}

/** One app. */
export interface AppDescription {
  id: string;
  slo: { latencyMs: number; percentile: number };
  services: string[];
  streams: { id: string; sources: number; entry: string }[];
}

/** Everything static about a twin. */
export interface FabricDescription {
  name: string;
  description: string;
  seed: number;
  durationMs: number;
  sampleEveryMs: number;
  regions: { id: string; zones: string[] }[];
  nodes: NodeDescription[];
  links: LinkDescription[];
  apps: AppDescription[];
  services: ServiceDescription[];
  controlPlane: { model: string; master: string | null; regional: Record<string, string>; members: string[]; detector: string; heartbeatEveryMs: number; gracePeriodMs: number } | null;
  faults: { spec: string; kind: string; target: string; atMs: number; forMs: number | null }[];
  dropReasons: string[];
  lossReasons: string[];
}

/** Describes the twin as built (call before or after running: nothing here changes with time). */
export function describeTwin(s: TwinState): FabricDescription {
  const m = s.model;
  const topo = s.fabric.topology;
  const mobile = new Set(m.mobility.map((x) => x.node));
  const uplink = new Int32Array(m.nodes.length).fill(-1);
  const best = new Float64Array(m.nodes.length).fill(Infinity);
  m.links.forEach((l) => {
    const a = topo.nodeIndex(l.a), b = topo.nodeIndex(l.b);
    for (const [from, to] of [[a, b], [b, a]] as const) {
      if (m.nodes[from]!.tier !== 'sensor' || m.nodes[to]!.tier === 'sensor') continue;
      if (l.latencyMs < best[from]!) { best[from] = l.latencyMs; uplink[from] = to; }
    }
  });
  const nodes = m.nodes.map((n, i): NodeDescription => ({
    id: n.id, tier: n.tier, arch: n.arch, region: n.region, zone: n.zone, className: n.className ?? null,
    cores: n.cores, cpuMillicores: n.cpuMillicores, memoryBytes: n.memoryBytes, storageBytes: n.storageBytes, bufferBytes: n.bufferBytes,
    gpus: n.gpus, accelerators: n.accelerators.map((a) => `${a.type}×${a.count}`), attested: n.attested, labels: { ...n.labels },
    xKm: s.fabric.posX[i]!, yKm: s.fabric.posY[i]!, positioned: n.positionSource !== 'layout', mobile: mobile.has(n.id), uplink: uplink[i]!,
  }));
  const links: LinkDescription[] = [];
  for (let l = 0; l < topo.linkCount; l++) {
    const base = m.links[l];
    links.push({
      id: topo.linkId(l), a: topo.linkA(l), b: topo.linkB(l), type: base ? base.type : 'radio',
      latencyMs: topo.latencyMs[l]!, bandwidthBps: topo.bandwidthBps[l]!, loss: topo.loss[l]!, wan: s.fabric.linkIsWan[l] === 1,
    });
  }
  const services = s.graph.services.map((c): ServiceDescription => ({
    key: c.key, id: c.model.id, app: s.graph.apps[c.appIndex]!.id, cpuWorkMs: c.model.cpuWorkMs,
    cpuMillicores: c.model.requests.cpuMillicores, memoryBytes: c.model.requests.memoryBytes,
    next: c.next.map((i) => s.graph.services[i]!.key), replicas: Array.from(s.placement.seam.replicas[c.index]!),
  }));
  const apps = m.apps.map((a, i): AppDescription => ({
    id: a.id, slo: { ...a.slo },
    services: s.graph.services.filter((c) => c.appIndex === i).map((c) => c.key),
    streams: m.streams.flatMap((st) => (st.app === a.id ? [{ id: st.id, sources: st.sources.length, entry: `${a.id}/${st.entry}` }] : [])),
  }));
  const cfg = completeControlPlane(m.controlPlane, m.nodes);
  return {
    name: m.name, description: m.description, seed: s.seed, durationMs: m.durationMs, sampleEveryMs: m.sampleEveryMs,
    regions: m.regions.map((r) => ({ id: r.id, zones: [...r.zones] })),
    nodes, links, apps, services,
    controlPlane: cfg.model === 'none' ? null : {
      model: cfg.model, master: cfg.master, regional: { ...cfg.regional }, members: [...cfg.members],
      detector: cfg.detector.kind === 'phi' ? `phi accrual (threshold ${cfg.detector.threshold})` : `timeout ${cfg.detector.timeoutMs} ms`,
      heartbeatEveryMs: cfg.heartbeatEveryMs, gracePeriodMs: cfg.gracePeriodMs,
    },
    faults: s.faults.models.map((f) => ({ spec: f.spec, kind: f.kind, target: f.target, atMs: f.atMs, forMs: Number.isFinite(f.forMs) ? f.forMs : null })),
    dropReasons: [...DROP_REASONS],
    lossReasons: [...LOSS_REASONS],
  };
}
