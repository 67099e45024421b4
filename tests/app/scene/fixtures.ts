/**
 * Fabrics for the scene tests: shipped scenarios described through the Simulation (cached per
 * file), and small hand-built descriptions for the corner cases.
 */
import { readFileSync } from 'node:fs';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import type { FabricDescription, LinkDescription, NodeDescription } from '../../../sim-core/twin/describe.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';

const cache = new Map<string, Simulation>();

/** A fresh simulation of a shipped scenario (scenarios/<name>.yaml). */
export function simulation(name: string): Simulation {
  const file = `scenarios/${name}.yaml`;
  return new Simulation(parseScenario(readFileSync(file, 'utf8'), file));
}

/** The description of a shipped scenario. */
export function shipped(name: string): FabricDescription {
  if (!cache.has(name)) cache.set(name, simulation(name));
  return cache.get(name)!.describe();
}

/** A node with defaults. */
export function n(id: string, tier: NodeDescription['tier'], extra: Partial<NodeDescription> = {}): NodeDescription {
  return {
    id, tier, arch: 'x86_64', region: 'r1', zone: 'r1-a', className: null, cores: 1, cpuMillicores: 1000, memoryBytes: 1e9, storageBytes: 1e9,
    bufferBytes: 0, gpus: 0, accelerators: [], attested: false, labels: {}, xKm: 0, yKm: 0, positioned: true, mobile: false, uplink: -1, ...extra,
  };
}

/** A link between node indices. */
export function l(a: number, b: number, latencyMs = 1, type: LinkDescription['type'] = 'ethernet'): LinkDescription {
  return { id: `${a}~${b}`, a, b, type, latencyMs, bandwidthBps: 1e9, loss: 0, wan: false };
}

/** A description from nodes and links (regions inferred from the nodes). */
export function fabric(nodes: NodeDescription[], links: LinkDescription[]): FabricDescription {
  const regions = new Map<string, Set<string>>();
  for (const x of nodes) { if (!regions.has(x.region)) regions.set(x.region, new Set()); regions.get(x.region)!.add(x.zone); }
  return {
    name: 't', description: '', seed: 1, durationMs: 1000, sampleEveryMs: 100,
    regions: [...regions].map(([id, z]) => ({ id, zones: [...z] })), nodes, links, apps: [], services: [],
    controlPlane: null, faults: [], dropReasons: [], lossReasons: [],
  };
}
