/** The simulated fleet: build and drive a twin from a resolved scenario. */
export { Simulation, type TwinChange } from './simulation.ts';
export type { RunReport, AppReport, LatencySummary } from './report.ts';
export type { TwinSnapshot } from './snapshot.ts';
export type { TwinEvent, TwinListener } from './events.ts';
export type { PlacementSeam } from './placement-seam.ts';
export type { BuildOptions } from './build.ts';
export type { FabricDescription, NodeDescription, LinkDescription, AppDescription, ServiceDescription } from './describe.ts';
export type { TwinFrame, FrameLayout } from './frame.ts';
export type { DecisionRecord, DetectionReason, DecisionKind } from './decision-log.ts';
