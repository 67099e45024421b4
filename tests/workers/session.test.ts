/**
 * The interactive session behind the web app: load, advance, inject, seek. The promise tested
 * here is the one the timeline rests on: seeking back re-simulates exactly — seek-then-play gives
 * the same trace hash and the same chart as a run that never went back — and a bad load keeps
 * the current scene.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Session, withStartNow } from '../../workers/session.ts';
import { Pacer, checkSpeed, nextSlice, targetTime, type PacerHost } from '../../workers/pacer.ts';
import { H_TIME_MS, NODE_DOWN, NODE_UP, createFrame } from '../../sim-core/twin/frame.ts';
import type { FrameMessage } from '../../workers/session-types.ts';

const FILE = 'scenarios/metro-operations.yaml';
const TEXT = readFileSync(FILE, 'utf8');

function loaded(): Session {
  const s = new Session();
  const r = s.load({ text: TEXT, file: FILE });
  if (!r.ok) throw new Error(r.message);
  return s;
}

/** Plays `s` to the end in steps of `stepMs`, applying `script` (time → change) on the way. */
function playWith(s: Session, stepMs: number, script: [number, Parameters<Session['inject']>[0]][]): void {
  const todo = [...script];
  while (s.nowMs < s.endMs) {
    const next = todo.length > 0 ? Math.min(todo[0]![0], s.nowMs + stepMs) : s.nowMs + stepMs;
    s.advanceTo(next);
    while (todo.length > 0 && todo[0]![0] === s.nowMs) {
      const r = s.inject(todo.shift()![1]);
      if (!r.ok) throw new Error(r.message);
    }
  }
}

describe('session: seek re-simulates exactly', () => {
  const script: [number, Parameters<Session['inject']>[0]][] = [
    [45_000, { kind: 'fault', spec: 'node:station-07-edge' }],
    [90_000, { kind: 'recover', target: 'station-07-edge' }],
    [150_000, { kind: 'fault', spec: 'link:station-05-edge~dc-centre+30s:bandwidth=x0.2' }],
  ];

  it('seek-then-play equals an uninterrupted run: trace hash, events and chart', () => {
    const straight = loaded();
    playWith(straight, 1_000, script);

    const rehearsed = loaded();
    playWith(rehearsed, 7_300, script.slice(0, 2));
    rehearsed.advanceTo(120_000);
    rehearsed.seek(30_000); // before both injections: they replay
    expect(rehearsed.nowMs).toBe(30_000);
    rehearsed.advanceTo(150_000);
    const r = rehearsed.inject(script[2]![1]);
    expect(r.ok).toBe(true);
    rehearsed.seek(100_000);
    rehearsed.advanceTo(rehearsed.endMs);

    expect(rehearsed.simulation.traceHash).toBe(straight.simulation.traceHash);
    expect(rehearsed.simulation.eventsProcessed).toBe(straight.simulation.eventsProcessed);
    expect(rehearsed.chartPoints).toEqual(straight.chartPoints);
    expect(rehearsed.timeline.map((i) => [i.atMs, i.label])).toEqual([
      [45_000, 'node:station-07-edge'], [90_000, 'recover station-07-edge'], [150_000, 'link:station-05-edge~dc-centre+30s:bandwidth=x0.2'],
    ]);
  });

  it('the injections change the run (the test above is not trivially true)', () => {
    const plain = loaded();
    plain.advanceTo(plain.endMs);
    const injected = loaded();
    playWith(injected, 5_000, script);
    expect(injected.simulation.traceHash).not.toBe(plain.simulation.traceHash);
  });

  it('removing an injection re-simulates as if it never happened', () => {
    const s = loaded();
    s.advanceTo(45_000);
    const r = s.inject({ kind: 'fault', spec: 'node:station-07-edge' });
    if (!r.ok) throw new Error(r.message);
    s.advanceTo(100_000);
    expect(s.removeInjection(r.injection.id)).toBe(true);
    expect(s.nowMs).toBe(100_000);
    const plain = loaded();
    plain.advanceTo(100_000);
    expect(s.simulation.traceHash).toBe(plain.simulation.traceHash);
  });
});

describe('session: frames, messages and loads', () => {
  it('a message carries a frame, the events and decisions since the last one, and placement when it changed', () => {
    const s = loaded();
    const first = s.takeMessage();
    expect(first.reset).toBe(true);
    expect(first.placement).not.toBeNull();
    expect(first.decisions.length).toBeGreaterThan(20); // initial placement of every replica
    expect(first.buffer).not.toBeNull(); // kept by the "client": one buffer left
    const st = s.simulation.state;
    const edge = st.fabric.topology.nodeIndex('station-04-edge');
    const ranThere = st.placement.seam.replicas.filter((r) => r.includes(edge)).length;
    expect(ranThere).toBeGreaterThan(0);
    s.advanceTo(40_000);
    const m = s.takeMessage();
    expect(m.reset).toBe(false);
    const types = m.events.map((e) => e.type);
    expect(types).toContain('node-down');
    expect(types).toContain('declared-failed');
    expect(types).toContain('relocated');
    expect(m.decisions.map((d) => d.kind)).toEqual(Array(ranThere).fill('relocated')); // one per replica the crashed node ran
    expect(m.decisions.every((d) => d.from === 'station-04-edge' && d.detection?.by === 'dc-north')).toBe(true);
    expect(m.placement).not.toBeNull();
    const f = createFrame(s.simulation.frameLayout, m.buffer!);
    expect(f.header[H_TIME_MS]).toBe(40_000);
    const i = s.simulation.state.fabric.topology.nodeIndex('station-04-edge');
    expect(f.nodeState[i]).toBe(NODE_DOWN);
    expect(f.nodeReplicas[i]).toBe(0);
    // Both buffers are with the client now: the next message has no frame until one comes back.
    const noFrame = s.takeMessage();
    expect(noFrame.buffer).toBeNull();
    expect(noFrame.placement).toBeNull();
    s.releaseFrame(m.buffer!);
    expect(s.takeMessage().buffer).not.toBeNull();
  });

  it('node details say why each replica is there, back to its first placement; a replica still starting is listed as coming', () => {
    const s = loaded();
    s.advanceTo(28_000); // relocated at 27.05 s, running 2 s later
    const reloc = s.simulation.state.placement.decisionLog.records.find((r) => r.kind === 'relocated')!;
    expect(reloc).toMatchObject({ from: 'station-04-edge', by: 'dc-north' });
    const target = reloc.node!;
    const coming = s.nodeDetails(target)!;
    expect(coming.replicas.map((r) => r.service)).not.toContain(reloc.service);
    expect(coming.pending.map((r) => [r.service, r.history[0]!.kind])).toEqual([[reloc.service, 'relocated']]);
    s.advanceTo(40_000);
    const d = s.nodeDetails(target)!;
    const occ = d.replicas.find((r) => r.service === reloc.service)!;
    expect(occ.history.map((h) => [h.kind, h.node, h.from])).toEqual([
      ['relocated', target, 'station-04-edge'],
      ['initial', 'station-04-edge', null],
    ]);
    expect(Object.keys(occ.history[0]!.scores)).toContain('NodeResourcesFit');
    expect(d.pending).toEqual([]);
    expect(s.nodeDetails('no-such-node')).toBeNull();
  });

  it('a bad load reports located issues and keeps the current scenario', () => {
    const s = loaded();
    s.advanceTo(10_000);
    const hash = s.simulation.traceHash;
    const r = s.load({ text: TEXT.replace('bandwidth: 10Gbps}', 'bandwith: 10Gbps}'), file: FILE });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({ file: FILE, path: expect.stringContaining('bandwith') });
    expect(r.issues[0]!.line).toBeGreaterThan(0);
    expect(s.nowMs).toBe(10_000);
    expect(s.simulation.traceHash).toBe(hash);
  });

  it('an injection that names nothing is refused with a message and changes nothing', () => {
    const s = loaded();
    s.advanceTo(5_000);
    const hash = s.simulation.traceHash;
    expect(s.inject({ kind: 'fault', spec: 'node:nope' })).toMatchObject({ ok: false, message: expect.stringContaining("no node 'nope'") });
    expect(s.inject({ kind: 'recover', target: 'station-07-edge' })).toMatchObject({ ok: false, message: expect.stringContaining('no active fault') });
    expect(s.inject({ kind: 'fault', spec: 'sideways:x' })).toMatchObject({ ok: false });
    expect(s.timeline).toEqual([]);
    expect(s.simulation.traceHash).toBe(hash);
  });

  it('recovering a node early makes its scheduled end a no-op', () => {
    const s = loaded();
    s.advanceTo(30_000);
    const i = s.simulation.state.fabric.topology.nodeIndex('station-04-edge');
    expect(s.simulation.state.fabric.topology.isNodeUp(i)).toBe(false); // the scripted crash at 20 s, for 5 min
    expect(s.inject({ kind: 'recover', target: 'station-04-edge' }).ok).toBe(true);
    expect(s.simulation.state.fabric.topology.isNodeUp(i)).toBe(true);
    s.advanceTo(330_000); // past the scripted end at 5m20s
    expect(s.simulation.state.fabric.topology.isNodeUp(i)).toBe(true);
    const f = createFrame(s.simulation.frameLayout);
    s.simulation.snapshotInto(f);
    expect(f.nodeState[i]).toBe(NODE_UP);
    expect(s.simulation.report().conservation.balanced).toBe(true);
  });
});

describe('pacer', () => {
  it('a fault spec may leave out its start (it starts now)', () => {
    expect(withStartNow('node:edge-1')).toBe('node:edge-1@0');
    expect(withStartNow('node:edge-1+2m')).toBe('node:edge-1@0+2m');
    expect(withStartNow('link:a~b+30s:bandwidth=x0.2')).toBe('link:a~b@0+30s:bandwidth=x0.2');
    expect(withStartNow('link:a~b:latency=x3')).toBe('link:a~b@0:latency=x3');
    expect(withStartNow('control-plane+1m')).toBe('control-plane@0+1m');
    expect(withStartNow('partition:south@5s')).toBe('partition:south@5s');
  });

  it('targetTime and nextSlice', () => {
    expect(targetTime(1000, 50, 150, 10, 1e6)).toBe(2000);
    expect(targetTime(1000, 50, 150, 10, 1500)).toBe(1500);
    expect(targetTime(1000, 50, 20, 10, 1e6)).toBe(1000); // wall clock before the anchor: no time passes
    expect(targetTime(0, 0, 1, 'max', 600_000)).toBe(600_000);
    expect(nextSlice(NaN, 4)).toBe(10);
    expect(nextSlice(500, 4)).toBe(2000);
    expect(nextSlice(1e9, 4)).toBe(60_000);
    expect(nextSlice(1e-6, 4)).toBe(1);
    expect(checkSpeed(1000)).toBe(1000);
    expect(() => checkSpeed(0)).toThrow(/1 to 1000/);
    expect(() => checkSpeed(5000)).toThrow(/1 to 1000/);
    expect(() => checkSpeed('fast')).toThrow(/'max'/);
  });

  it('plays at the asked speed against a fake clock, pushes frames, and stops at the end', () => {
    let now = 0;
    const timers: { at: number; fn: () => void }[] = [];
    const host: PacerHost = {
      nowMs: () => now,
      setTimer: (fn, ms) => { const t = { at: now + ms, fn }; timers.push(t); return t; },
      clearTimer: (h) => { const i = timers.indexOf(h as never); if (i >= 0) timers.splice(i, 1); },
    };
    const s = loaded();
    const pushed: FrameMessage[] = [];
    const pacer = new Pacer(s, host, (m) => { pushed.push(m); if (m.buffer) s.releaseFrame(m.buffer); });
    pacer.play(100);
    // One wall second in 8 ms ticks (the fake clock does not move while simulating: ticks always have budget).
    while (now < 1000) {
      timers.sort((a, b) => a.at - b.at);
      const t = timers.shift()!;
      now = Math.max(now, t.at);
      t.fn();
    }
    expect(s.nowMs).toBeGreaterThanOrEqual(99_000);
    expect(s.nowMs).toBeLessThanOrEqual(100_000);
    expect(pushed.length).toBeGreaterThan(25); // ~30 per second
    pacer.pause();
    expect(s.playing).toBe(false);
    expect(timers).toHaveLength(0);
    pacer.play('max');
    while (timers.length > 0) { const t = timers.shift()!; now = t.at; t.fn(); }
    expect(s.nowMs).toBe(s.endMs);
    expect(s.playing).toBe(false);
    expect(pushed.at(-1)!.status.timeMs).toBe(s.endMs);
  });
});
