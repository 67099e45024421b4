/**
 * `--from-live --gateway URL`: a what-if that starts from the fleet as it is now. The gateway's
 * fleet (GET /api/v1/fleet) becomes scenario edits — each service placed where the fleet runs it
 * (`….replicas=N`, `….placement=[…]`) — and faults: every node that is down or offline now is
 * down from time 0. The user's own --set and --fault come after, so they change the live start.
 */
import type { FleetNodeState } from '../../connectors/live/fleet-node.ts';
import { callJson, gatewayBaseUrl, gatewayToken } from '../../connectors/live/gateway-client.ts';
import { fleetPlacements, placementSets, type FleetNodeLike } from '../../connectors/live/recording.ts';
import { InputError } from '../../sim-core/text/input-error.ts';
import { parseScenario } from '../../sim-core/scenario/parse.ts';
import { readTextFile } from './files.ts';

/** Node states that make a node down in the what-if. */
export const OUT_STATES: readonly FleetNodeState[] = ['down', 'offline'];

/** What the live fleet adds to a run. */
export interface LiveStart { sets: string[]; faults: string[]; notes: string[] }

/** Scenario edits and faults from fleet nodes, for the scenario's nodes and services (pure). */
export function liveStart(nodes: readonly FleetNodeLike[], scenario: { nodes: { id: string }[]; apps: { id: string; services: { id: string }[] }[] }): LiveStart {
  const ids = new Set(scenario.nodes.map((n) => n.id));
  const placed = placementSets(fleetPlacements(nodes), { nodes: ids, services: new Map(scenario.apps.map((a) => [a.id, new Set(a.services.map((s) => s.id))])) });
  const out = nodes.filter((n) => OUT_STATES.includes(n.state) && ids.has(n.id)).map((n) => n.id).sort();
  const unknownNodes = [...new Set([...nodes.map((n) => n.id).filter((id) => !ids.has(id)), ...placed.unknownNodes])].sort();
  const notes = [`${placed.sets.length / 2} service placement(s) and ${out.length} node(s) down taken from the live fleet (${nodes.length} node(s))`];
  if (unknownNodes.length) notes.push(`live node(s) not in the scenario, left out: ${unknownNodes.slice(0, 10).join(', ')}${unknownNodes.length > 10 ? ', …' : ''}`);
  if (placed.unknownServices.length) notes.push(`live service(s) not in the scenario, left out: ${placed.unknownServices.slice(0, 10).join(', ')}`);
  return { sets: placed.sets, faults: out.map((id) => `node:${id}@0s`), notes };
}

/** Reads the fleet from the gateway and turns it into edits for the scenario file. */
export async function fromLive(scenarioFile: string, gateway: string | undefined, token: string | undefined): Promise<LiveStart> {
  const base = gatewayBaseUrl(gateway);
  const t = gatewayToken(token);
  const { json } = await callJson<{ nodes?: unknown }>(base, 'api/v1/fleet', t);
  if (!Array.isArray(json.nodes)) throw new InputError([{ file: `${base}api/v1/fleet`, line: 0, col: 0, path: 'nodes', message: 'expected the fleet answer of an EdgeTwin gateway (a nodes list)' }]);
  const model = parseScenario(readTextFile(scenarioFile), scenarioFile);
  const start = liveStart(json.nodes as FleetNodeLike[], model);
  start.notes[0] = `${start.notes[0]} at ${base}`;
  return start;
}
