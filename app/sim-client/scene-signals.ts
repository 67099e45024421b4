/**
 * One-off happenings the scene animates (not state): a replica moving from one node to another.
 * The session client emits them as events arrive; the scene subscribes. Kept out of the store
 * because nothing else renders them.
 */

/** A replica moved (relocation, or a placement injected by hand). */
export interface RelocationSignal { kind: 'relocated'; service: string; from: number; to: number }

/** What the scene can be told. */
export type SceneSignal = RelocationSignal;

type Listener = (s: SceneSignal) => void;
const listeners = new Set<Listener>();

/** Subscribes; returns the unsubscribe function. */
export function onSceneSignal(fn: Listener): () => void {
  listeners.add(fn);
  return () => { listeners.delete(fn); };
}

/** Tells every subscriber. */
export function emitSceneSignal(s: SceneSignal): void {
  for (const fn of listeners) fn(s);
}
