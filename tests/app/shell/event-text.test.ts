/** The event log's sentences, from real events of the opening scenario and from hand-made ones. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appendFolded, clockText, durationText, eventEntries, scoreText } from '../../../app/sim-client/event-text.ts';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import type { TwinEvent } from '../../../sim-core/twin/events.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';

describe('event text', () => {
  it('clock and durations', () => {
    expect(clockText(0)).toBe('0:00.0');
    expect(clockText(723_200)).toBe('12:03.2');
    expect(clockText(27_054.59)).toBe('0:27.0');
    expect(clockText(3_723_400)).toBe('1:02:03.4');
    expect(durationText(850)).toBe('850 ms');
    expect(durationText(2049.6)).toBe('2.0 s');
    expect(durationText(95_000)).toBe('1 min 35 s');
    expect(durationText(Infinity)).toBe('—');
  });

  it('tells the crash, the detection and the relocation of metro-operations with reasons', () => {
    const file = 'scenarios/metro-operations.yaml';
    const sim = new Simulation(parseScenario(readFileSync(file, 'utf8'), file));
    const events: TwinEvent[] = [];
    sim.subscribe((e) => events.push(e));
    sim.advanceTo(40_000);
    const d = sim.describe();
    const entries = eventEntries(events, d, 1);
    const texts = entries.map((e) => e.text);
    expect(texts[0]).toBe('0:20.0 station-04-edge went down');
    expect(texts).toContain('0:22.0 station-04-edge missed 3 heartbeats → declared failed by dc-north (timeout, 2.0 s after the crash)');
    const moved = entries.find((e) => e.text.includes('relocated'))!;
    // The crashed node ran one replica (the batch placer's initial placement): one entry, with the controller, the time since the failure and the deciding plugins.
    const relocs = events.filter((e): e is Extract<TwinEvent, { type: 'relocated' }> => e.type === 'relocated');
    expect(relocs).toHaveLength(1);
    const to = relocs[0]!.to;
    expect(moved.text).toMatch(new RegExp(`^0:27\\.0 ${relocs[0]!.service} relocated station-04-edge → ${to} by dc-north 7\\.1 s after the failure \\(.+ over station-\\d\\d-edge\\)$`));
    expect(moved.severity).toBe('good');
    expect(moved.nodes.map((i) => d.nodes[i]!.id)).toEqual(['station-04-edge', to]);
    expect(entries.map((e) => e.id)).toEqual(entries.map((_, i) => i + 1));
    expect(texts.some((t) => t.includes('replica-started'))).toBe(false);
  });

  it('relocations from one node by one controller within a second are told as one entry', () => {
    const d = { nodes: [{ id: 'x' }, { id: 'y' }, { id: 'z' }, { id: 'c' }], links: [] } as never;
    const detection = { by: 'c', atMs: 22_000, detector: 'timeout' as const, afterMs: 2_000, missedBeats: 3 };
    const decision = { scores: { Fit: 90 }, detection } as never;
    const [e] = eventEntries([
      { t: 27_000, type: 'relocated', service: 'a/one', from: 'x', to: 'y', by: 'c', decision },
      { t: 27_005, type: 'replica-started', node: 'y', service: 'a/one' },
      { t: 27_010, type: 'relocated', service: 'a/two', from: 'x', to: 'z', by: 'c', decision },
    ], d, 1);
    expect(e!.text).toBe('0:27.0 2 replicas relocated from x → y, z by c 7.0 s after the failure (Fit 90) (a/one → y; a/two → z)');
    expect(e!.nodes).toEqual([0, 1, 2]);
  });

  it('a false suspicion is told as one, and the deciding plugins are those with a margin', () => {
    const d = { nodes: [{ id: 'a' }, { id: 'b' }], links: [] } as never;
    const [e] = eventEntries([{ t: 61_000, type: 'declared-failed', node: 'a', by: 'b', up: true, detection: { by: 'b', atMs: 61_000, detector: 'phi', afterMs: 8000, phi: 8.14, missedBeats: 8 } }], d, 5);
    expect(e).toEqual({ id: 5, tMs: 61_000, severity: 'warn', nodes: [0, 1], text: '1:01.0 a missed 8 heartbeats → declared failed by b (phi, phi 8.1, 8.0 s after its last heartbeat) — it is up: a false suspicion' });
    const rec = { scores: { Fit: 90, Spread: 100, Gravity: 40 }, runnerUp: { node: 'x', total: 1, margins: { Fit: 12, Spread: 0, Gravity: 30 } } } as never;
    expect(scoreText(rec)).toBe('Gravity 40 (+30), Fit 90 (+12) over x');
    expect(scoreText({ scores: { Fit: 90, Spread: 100 } } as never)).toBe('Spread 100, Fit 90');
  });
});

describe('folding repeated entries', () => {
  it('retries of a refused relocation fold into one entry that moves to the end and counts them', () => {
    const d = { nodes: [{ id: 'dc-south' }, { id: 'cloud' }], links: [] } as never;
    const refused = (t: number) => ({ t, type: 'relocation-refused' as const, service: 'crowd/dispatch', node: 'dc-south', by: 'cloud', reason: 'controller-unreachable' });
    let log = appendFolded([], eventEntries([refused(247_255)], d, 1));
    log = appendFolded(log, eventEntries([{ t: 248_000, type: 'node-down', node: 'cloud' }], d, 2));
    log = appendFolded(log, eventEntries([refused(250_005), refused(255_005)], d, 3));
    expect(log.map((e) => [e.id, e.text])).toEqual([
      [2, '4:08.0 cloud went down'],
      [4, '4:07.2 cannot relocate crowd/dispatch from dc-south yet: controller-unreachable (cloud retries) — ×3, last at 4:15.0'],
    ]);
    expect(log[1]!.count).toBe(3);
    // Other entries never fold.
    const twice = appendFolded([], eventEntries([{ t: 1, type: 'node-down', node: 'cloud' }, { t: 2, type: 'node-down', node: 'cloud' }], d, 1));
    expect(twice).toHaveLength(2);
  });
});
