/**
 * Reading a trace file written by `run --trace`: line by line (a trace of any size replays in
 * bounded memory) into sim-core's TraceReplay, which recomputes the report's numbers.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { TraceReplay, type TraceSummary } from '../../sim-core/twin/trace-replay.ts';

/** Replays the trace at `path`; rejects naming the line when a line is not JSON or out of place. */
export async function readTrace(path: string): Promise<TraceSummary> {
  const replay = new TraceReplay();
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    if (text === '') continue;
    try {
      replay.add(JSON.parse(text));
    } catch (err) {
      throw new Error(`${path}:${n}: ${(err as Error).message}`);
    }
  }
  return replay.result();
}
