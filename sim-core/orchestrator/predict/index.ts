/** Failure prediction from telemetry trends (pure): least-squares trend, detector, scoring. */
export * from './trend.ts';
export * from './detector.ts';
export * from './score.ts';
