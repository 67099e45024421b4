/**
 * `edgetwin record --gateway URL --out FILE.jsonl [--token T] [--duration D]` — records an
 * incident: subscribes to the gateway's event stream (GET /api/v1/events) and writes one JSON
 * object per line, `{atMs, topic, data}`, each line written through to the file as it arrives (a
 * recording cut short by a crash is still readable up to its last line). The first two lines are
 * the format (`record`) and the whole fleet as recording began (`fleet`, from GET /api/v1/fleet),
 * so a replay knows the nodes that were already out. Stops on SIGINT / SIGTERM, after --duration,
 * or when the gateway ends the stream. Replay it with `edgetwin replay FILE.jsonl --scenario …`.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../sim-core/text/input-error.ts';
import { parseDurationMs } from '../../sim-core/text/units.ts';
import { gatewayBaseUrl, gatewayToken, getText, readEvents, type SseEvent } from '../../connectors/live/gateway-client.ts';
import { RECORDING_FORMAT } from '../../connectors/live/recording.ts';
import { checkOutput, errnoText } from '../lib/output-file.ts';

interface RecordFlags { gateway?: string; out: string; token?: string; duration?: string }

/** --duration: "90s", "10m", or a bare number of seconds; InputError otherwise. */
export function durationFlagMs(text: string | undefined): number | null {
  if (text === undefined) return null;
  const d = /^\d+(\.\d+)?$/.test(text.trim()) ? { ok: true as const, value: Number(text) * 1000 } : parseDurationMs(text);
  if (!d.ok || !(d.value > 0) || !Number.isFinite(d.value)) throw new InputError([{ file: '<--duration>', line: 0, col: 0, path: '', message: `expected a positive duration like 30 (seconds), 90s or 10m, got '${text}'` }]);
  return d.value;
}

/** Registers `record`. */
export function register(program: Command): void {
  program
    .command('record')
    .description('record the gateway\'s telemetry and fleet events to a JSON-lines file, for edgetwin replay')
    .requiredOption('--gateway <url>', 'the gateway, e.g. http://127.0.0.1:8080')
    .requiredOption('--out <file>', 'the recording to write (JSON lines)')
    .option('--token <token>', 'a viewer token (default: $EDGETWIN_TOKEN)')
    .option('--duration <d>', 'stop after this long: seconds, or 90s, 10m (default: until Ctrl-C)')
    .action(async (flags: RecordFlags) => { await record(flags); });
}

async function record(flags: RecordFlags): Promise<void> {
  const base = gatewayBaseUrl(flags.gateway);
  const token = gatewayToken(flags.token);
  const durationMs = durationFlagMs(flags.duration);
  const target = checkOutput('--out', flags.out);
  const fleetText = await getText(base, 'api/v1/fleet', token); // fails early (bad token, no gateway) before a file exists
  let fd: number;
  try { fd = openSync(target.path, 'w'); } catch (e) { throw new InputError([{ file: '<--out>', line: 0, col: 0, path: '', message: `cannot write '${flags.out}': ${errnoText(e)}` }]); }
  const counts = new Map<string, number>();
  let closed = false;
  const write = (topic: string, data: unknown) => {
    if (closed) return;
    writeSync(fd, `${JSON.stringify({ atMs: Date.now(), topic, data })}\n`);
    counts.set(topic, (counts.get(topic) ?? 0) + 1);
  };
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const timer = durationMs !== null ? setTimeout(onSignal, durationMs) : null;
  // Events that arrive before the fleet's starting state is written wait for it, so the file is in order.
  let started = false;
  const early: SseEvent[] = [];
  const onEvent = (e: SseEvent) => {
    if (!started) { early.push(e); return; }
    let data: unknown = e.data;
    try { data = JSON.parse(e.data); } catch { /* keep the text */ }
    write(e.event, data);
  };
  const begin = (text: string) => {
    if (started) return;
    let nodes: unknown[] = [];
    try { const n = (JSON.parse(text) as { nodes?: unknown }).nodes; if (Array.isArray(n)) nodes = n; } catch { /* an odd answer: start from no nodes */ }
    write('fleet', { nodes, initial: true });
    started = true;
    for (const e of early.splice(0)) onEvent(e);
  };
  let ended: 'aborted' | 'ended';
  try {
    write('record', { format: RECORDING_FORMAT, gateway: base });
    ended = await readEvents(base, token, onEvent, stop.signal, () => {
      // The stream is open: from here on nothing is missed; the fleet as of now is the starting state.
      void getText(base, 'api/v1/fleet', token).catch(() => fleetText).then(begin);
    });
  } finally {
    if (timer) clearTimeout(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    begin(fleetText);
    closed = true;
    closeSync(fd);
  }
  const summary = [...counts].filter(([t]) => t !== 'record').map(([t, n]) => `${t} ${n}`).join(', ') || 'nothing';
  process.stderr.write(`recorded ${summary} to ${flags.out}${ended === 'ended' ? ' (the gateway ended the stream)' : ''}\n`);
}
