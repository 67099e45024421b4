/**
 * The router patches its cached trees in place when only a leaf (degree-1 node such as a sensor
 * or a vehicle) changes; this differential property checks that a long-lived router answers
 * exactly like one built from scratch after random handovers, leaf link cuts, node failures and
 * core link cuts.
 */
import { describe, it } from 'vitest';
import { checkRouterLeafChanges } from '../../bench/fixtures/router-leaf-check.ts';

describe('Router leaf-change patching', () => {
  it('equals a fresh router after random leaf and core changes (fast-check, seed 42)', () => {
    checkRouterLeafChanges(300, 42);
  });
});
