/** Which model version a node runs (mlops.ts). */
import type { ModelRun } from './mlops-types.ts';

/** The version node n runs: the one it was given by a rollout in progress, else the deployed one. */
export function versionOn(run: ModelRun, n: number): number {
  return run.nodeVersion.get(n) ?? run.deployed;
}
