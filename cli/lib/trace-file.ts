/**
 * `run --trace`: the run's events streamed to a JSON-lines file as the simulation goes (memory
 * stays bounded: writes block on the disk, see OutputStream), framed by the header and footer of
 * sim-core/twin/trace-format.ts. The file appears only when the run finished; a failed write
 * stops the run early, and a run that fails or is interrupted leaves no file behind.
 */
import type { ScenarioModel } from '../../sim-core/scenario/model.ts';
import type { RunReport } from '../../sim-core/twin/report.ts';
import type { Simulation } from '../../sim-core/twin/simulation.ts';
import { traceFooter, traceHeader } from '../../sim-core/twin/trace-format.ts';
import { openOutput, type OutputStream, type OutputTarget } from './output-file.ts';

/** Kernel events per step between checks of the trace (a failed write stops the run) and yields (signals get handled). */
const STEP_EVENTS = 50_000;

/** An open trace file subscribed to a simulation. */
export class TraceFile {
  private lines = 0;
  private readonly off: () => void;

  private constructor(private readonly out: OutputStream, sim: Simulation) {
    this.off = sim.subscribe((e) => { this.lines++; out.write(`${JSON.stringify(e)}\n`); }, { messages: true });
  }

  /** Opens the trace and writes its header through to the disk now; InputError (exit 2) when that fails. */
  static open(target: OutputTarget, model: ScenarioModel, sim: Simulation): TraceFile {
    const out = openOutput(target);
    out.writeNow(`${JSON.stringify(traceHeader(model, sim.state.seed))}\n`);
    return new TraceFile(out, sim);
  }

  /** The first write failure (it stops the run), or null. */
  get error(): Error | null { return this.out.error; }

  /** Writes the footer and moves the file into place; throws (removing it) on failure. */
  finish(report: RunReport): void {
    this.off();
    this.out.write(`${JSON.stringify(traceFooter(report, this.lines))}\n`);
    this.out.commit();
  }

  /** Unsubscribes and removes the unfinished file. */
  abort(): void {
    this.off();
    this.out.abort();
  }
}

/**
 * Runs `sim` to its end. With a trace: in steps, yielding to the event loop between them (so a
 * signal removes the unfinished file) and stopping at the first failed write; the events and
 * their order are the same as one runToEnd.
 */
export async function runToEnd(sim: Simulation, trace: TraceFile | undefined, onProgress: (fraction: number) => void): Promise<void> {
  if (!trace) { sim.runToEnd(onProgress); return; }
  try {
    while (!sim.done) {
      sim.advanceEvents(STEP_EVENTS);
      onProgress(sim.endMs > 0 ? sim.nowMs / sim.endMs : 1);
      const err = trace.error;
      if (err) throw err;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } catch (err) {
    trace.abort();
    throw err;
  }
}
