/**
 * scenarios/region-partition.yaml: the north region is partitioned 5m–13m and its edge server
 * edge-n2 (running north's detector) crashes at 6m. Hierarchical control relocates the detector
 * inside the partition; centralized control cannot until the partition heals; a decentralized
 * minority cannot decide at all.
 */
import { describe, expect, it } from 'vitest';
import { runShipped } from './run-shipped.ts';

const PARTITION = { atMs: 5 * 60_000, forMs: 8 * 60_000 };
const crashOf = (r: ReturnType<typeof runShipped>['report']) => r.faults.find((f) => f.kind === 'node' && f.target === 'edge-n2')!;
const cpOf = (r: ReturnType<typeof runShipped>['report']) => r.controlPlane as {
  model: string; decisions: number; refused: Record<string, number>; falseSuspicions: number; detections: number; autonomousMs: number;
};
const north = (r: ReturnType<typeof runShipped>['report']) => r.apps.find((a) => a.id === 'north-vision')!;

describe('region partition: centralized vs hierarchical vs decentralized control', () => {
  const central = runShipped('region-partition').report;
  const hier = runShipped('region-partition', { sets: ['spec.controlPlane.model=hierarchical'] }).report;

  it('both runs balance their message accounting', () => {
    expect(central.conservation.balanced).toBe(true);
    expect(hier.conservation.balanced).toBe(true);
    expect(cpOf(central).model).toBe('centralized');
    expect(cpOf(hier).model).toBe('hierarchical');
  });

  it('hierarchical: the crashed node is detected and its detector relocated inside the partition', () => {
    const crash = crashOf(hier);
    expect(crash.detectedAfterMs).not.toBeNull();
    // timeout 5 s after the last heartbeat: detection within (4 s, 5 s]
    expect(crash.detectedAfterMs!).toBeGreaterThan(4_000);
    expect(crash.detectedAfterMs!).toBeLessThanOrEqual(5_000);
    expect(crash.recoveredAfterMs).not.toBeNull();
    // detection + 30 s grace + decision + command + 2 s startup, well inside the 8-minute partition
    expect(crash.recoveredAfterMs!).toBeGreaterThan(crash.detectedAfterMs! + 30_000 + 2_000);
    expect(crash.atMs + crash.recoveredAfterMs!).toBeLessThan(PARTITION.atMs + PARTITION.forMs);
    expect(cpOf(hier).detections).toBeGreaterThanOrEqual(1);
  });

  it('centralized: the master behind the partition suspects healthy nodes and recovers only after the heal', () => {
    const crash = crashOf(central);
    const c = cpOf(central);
    expect(c.falseSuspicions).toBeGreaterThan(0);
    expect(c.refused['controller-unreachable'] ?? 0).toBeGreaterThan(0);
    expect(crash.recoveredAfterMs).not.toBeNull();
    expect(crash.atMs + crash.recoveredAfterMs!).toBeGreaterThan(PARTITION.atMs + PARTITION.forMs);
    expect(crash.recoveredAfterMs!).toBeGreaterThan(hier.faults.find((f) => f.target === 'edge-n2')!.recoveredAfterMs!);
    // Cut off from the master, the north agents ran on their own.
    expect(c.autonomousMs).toBeGreaterThan(0);
  });

  it('hierarchical loses fewer frames and keeps the affected app more available', () => {
    expect(north(hier).dropped + north(hier).lost).toBeLessThan(north(central).dropped + north(central).lost);
    expect(north(hier).completed).toBeGreaterThan(north(central).completed);
    expect(north(hier).availability!).toBeGreaterThan(north(central).availability!);
    // The south region was never affected: same outcome under both models.
    const south = (r: typeof hier) => r.apps.find((a) => a.id === 'south-vision')!;
    expect(south(hier).availability).toBe(1);
    expect(south(central).availability).toBe(1);
  });

  it('decentralized: the side of the partition without a majority refuses to decide', () => {
    const dec = runShipped('region-partition', { sets: [
      'spec.controlPlane.model=decentralized',
      'spec.controlPlane.members=[edge-n1, edge-n2, edge-n3, edge-s1, edge-s2, edge-s3, cloud-1]',
    ] }).report;
    const c = cpOf(dec);
    expect(dec.conservation.balanced).toBe(true);
    expect(c.refused['no-quorum'] ?? 0).toBeGreaterThan(0);
    // north holds 3 of 7 members: its detector comes back only once the partition heals
    const crash = crashOf(dec);
    expect(crash.recoveredAfterMs === null || crash.atMs + crash.recoveredAfterMs > PARTITION.atMs + PARTITION.forMs).toBe(true);
  });
});
