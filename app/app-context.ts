/**
 * The app's singletons: the store, the frame holder and the session client. Modules import them
 * from here; tests build their own with createAppStore / FrameHolder.
 */
import { createAppStore } from './store/store.ts';
import { FrameHolder } from './sim-client/frame-holder.ts';

/** The one store of the running app. */
export const appStore = createAppStore();

/** Release callback for frame buffers, set by the session client once the worker is up. */
let releaseToWorker: (buffer: ArrayBuffer) => void = () => {};
/** Wires the frame holder to the worker (called by the session client). */
export function setFrameRelease(fn: (buffer: ArrayBuffer) => void): void { releaseToWorker = fn; }

/** The latest frame (read it in useFrame, never through React state). */
export const frames = new FrameHolder((b) => releaseToWorker(b));
