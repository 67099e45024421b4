/**
 * A push request and what it is turned into before anything is stored: the wave spec parsed, the
 * plan's nodes in waves (sorted: the canary is the first), and each node's change from what it
 * runs now to the plan's target. Also the shape of a refusal and of a dry run.
 */
import { parseWaves, planWaves, WaveSpecError, type PlannedWave, type WaveSpec } from '../../sim-core/orchestrator/rollout/waves.ts';
import type { GateThresholds } from '../../sim-core/orchestrator/rollout/gates.ts';
import type { Plan } from '../../sim-core/whatif/plan/index.ts';
import type { FleetView } from '../live/fleet-node.ts';
import { nodeChange, previousServices, pushNodesOf, servicesOn, type NodeChange } from './desired.ts';
import type { TransportName } from './transport.ts';

/** A request to push a plan. */
export interface PushRequest { planHash: string; via: TransportName; waves: string; by: string; thresholds?: Partial<GateThresholds> }

/** A refusal: HTTP-ish status and why. */
export interface PushRefusal { ok: false; status: 400 | 404 | 409; reason: string }

/** What a dry run shows: the waves and each node's change, nothing stored or sent. */
export interface DryRun {
  dryRun: true; planHash: string; via: TransportName; wavesSpec: string;
  /** Whether the plan could be pushed now, and if not why. */
  approved: boolean; refusal: string | null;
  waves: { index: number; nodes: string[]; cumulative: number }[];
  nodes: Record<string, NodeChange & { wave: number; nextVersion: number }>;
}

/** The parsed spec, or the WaveSpecError's message (user input). */
export function parseWavesText(waves: string): WaveSpec | string {
  try { return parseWaves(waves); } catch (e) { if (e instanceof WaveSpecError) return e.message; throw e; }
}

/** The plan's nodes in waves, with each node's wave and change (reads the fleet for what nodes run now). */
export interface PushNodesPlan { nodes: string[]; waves: PlannedWave[]; waveOf: Map<string, number>; change(node: string): NodeChange }

/** Plans the nodes of a push. */
export function planPushNodes(plan: Plan, spec: WaveSpec, fleet: FleetView): PushNodesPlan {
  const nodes = pushNodesOf(plan);
  const waves = planWaves(nodes, spec);
  const waveOf = new Map<string, number>();
  for (const w of waves) for (const n of w.added) waveOf.set(n, w.index);
  return { nodes, waves, waveOf, change: (n: string) => nodeChange(previousServices(plan, n, fleet.node(n)), servicesOn(plan.target, n)) };
}
