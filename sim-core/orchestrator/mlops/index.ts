/** Edge MLOps decisions (pure): accuracy proxy, value windows, drift detection, retraining trigger. */
export * from './accuracy.ts';
export * from './window.ts';
export * from './drift-detector.ts';
export * from './retrain-trigger.ts';
