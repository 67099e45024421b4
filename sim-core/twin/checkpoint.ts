/**
 * Checkpoints of a running twin: a value from which a new Simulation continues exactly as the
 * original would (same events, same trace hash, same report).
 *
 * A checkpoint is a deep copy of the data reachable from the twin's state and from the
 * simulation's own records (trace hasher, frame writer), plus the scenario model and build
 * options it was built from. Restoring builds a fresh twin from the model, so every kernel
 * handler and hook closure is bound to the fresh state, then writes the copied data into the
 * fresh object graph in place (graph-copy.ts): objects keep their identities, so closures that
 * captured them stay valid, and the kernel's heap and clock, every random stream, every table
 * and counter take the checkpoint's values. The checkpoint is only read: restoring twice gives
 * two identical, independent runs, and the original run shares nothing mutable with it.
 *
 * State that a copy cannot reach (a closure variable) would be lost; the twin keeps its state in
 * fields for this reason (random streams, arrival processes, placement seams, policy caches).
 * The scenario model and the build options are shared, never copied (treat them as immutable).
 */
import type { ScenarioModel } from '../scenario/model.ts';
import type { BuildOptions } from './build.ts';
import { copyGraph, reachableObjects, transplant } from './graph-copy.ts';

/** The parts of a simulation a checkpoint copies (built by simulation.ts). */
export interface CheckpointRoots {
  [part: string]: unknown;
}

/** A checkpoint: opaque; restore it with `Simulation.restore`. */
export interface TwinCheckpoint {
  /** Virtual time at which it was taken, in ms. */
  readonly atMs: number;
  /** Events dispatched before it was taken. */
  readonly events: number;
  /** The scenario and options the twin was built from (shared, not copied). */
  readonly model: ScenarioModel;
  readonly options: BuildOptions;
  /** The copied data (read only by restoreRoots). */
  readonly data: CheckpointRoots;
}

/** Objects a checkpoint references instead of copying: everything reachable from the model and the options. */
function sharedInputs(model: ScenarioModel, options: BuildOptions): Set<object> {
  return reachableObjects(options, reachableObjects(model));
}

/** Copies `roots` into a checkpoint; objects in `opaque` stay with the live twin. */
export function takeCheckpoint(model: ScenarioModel, options: BuildOptions, atMs: number, events: number, roots: CheckpointRoots, opaque: ReadonlySet<object>): TwinCheckpoint {
  return { atMs, events, model, options, data: copyGraph(roots, sharedInputs(model, options), opaque) };
}

/** Writes a checkpoint's data into the roots of a simulation freshly built from its model and options; returns the roots to keep. */
export function restoreRoots(cp: TwinCheckpoint, live: CheckpointRoots): CheckpointRoots {
  return transplant(live, cp.data, sharedInputs(cp.model, cp.options));
}
