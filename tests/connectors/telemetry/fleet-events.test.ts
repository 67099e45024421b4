/**
 * Fleet events on the bus, with fake timers: heartbeats that change no node's state are coalesced
 * per node and go out once per throttle window; a change of state goes out at once, with whatever
 * was pending; stopping flushes the rest and unsubscribes.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEventBus } from '../../../connectors/gateway/events.ts';
import { publishFleetChanges } from '../../../connectors/live/fleet-events.ts';
import { createFleetStore } from '../../../connectors/live/fleet-store.ts';
import type { FleetNodeJson } from '../../../connectors/live/live-snapshot.ts';
import { heartbeatFrame, statusFrame } from './support/agents.ts';

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

describe('fleet events', () => {
  it('coalesces same-state changes per window and publishes state changes at once', () => {
    const fleet = createFleetStore();
    const bus = createEventBus();
    const got: FleetNodeJson[][] = [];
    bus.subscribe((topic, data) => { if (topic === 'fleet') got.push((data as { nodes: FleetNodeJson[] }).nodes); });
    const stop = publishFleetChanges(fleet, bus, 1000);
    // First sight of a and b: unknown → ready is a state change each, published at once.
    fleet.heartbeat(heartbeatFrame('a', 0), 10);
    fleet.heartbeat(heartbeatFrame('b', 0), 20);
    expect(got.map((e) => e.map((n) => `${n.id}:${n.state}`))).toEqual([['a:ready'], ['b:ready']]);
    // Ten more heartbeats each, state unchanged: nothing until the window ends, then one event with both, latest values.
    for (let i = 1; i <= 10; i++) { fleet.heartbeat(heartbeatFrame('a', i * 100), i * 100 + 5); fleet.heartbeat(heartbeatFrame('b', i * 100), i * 100 + 7); }
    expect(got).toHaveLength(2);
    vi.advanceTimersByTime(1000);
    expect(got).toHaveLength(3);
    expect(got[2]!.map((n) => [n.id, n.lastSeenMs, n.heartbeatLagMs])).toEqual([['a', 1005, 5], ['b', 1007, 7]]);
    // A pending heartbeat of a, then b goes offline: out at once, carrying a's pending change too.
    fleet.heartbeat(heartbeatFrame('a', 2000), 2001);
    fleet.status(statusFrame('b', 2002, 'down'), 2002, false);
    expect(got).toHaveLength(4);
    expect(got[3]!.map((n) => `${n.id}:${n.state}`).sort()).toEqual(['a:ready', 'b:offline']);
    vi.advanceTimersByTime(5000);
    expect(got).toHaveLength(4); // nothing was left pending
    // Stop flushes what is pending and unsubscribes.
    fleet.heartbeat(heartbeatFrame('a', 3000), 3001);
    stop();
    expect(got).toHaveLength(5);
    fleet.heartbeat(heartbeatFrame('a', 4000), 4001);
    vi.advanceTimersByTime(5000);
    expect(got).toHaveLength(5);
  });
});
