/**
 * Vitest global set-up: installs, once and before any test file runs, the Debian packages the
 * live-side tests start (Mosquitto, Prometheus, prometheus-node-exporter), so test files running
 * in parallel never race for apt's lock. Says on the console what it installs; nothing when all
 * three are present.
 */
import { ensureDebianPackage } from './real-servers.ts';

/** Runs before the test files. */
export default function setup(): void {
  ensureDebianPackage('mosquitto', 'mosquitto');
  ensureDebianPackage('prometheus', 'prometheus');
  ensureDebianPackage('prometheus-node-exporter', 'prometheus-node-exporter');
}
