/**
 * The workload processes an agent started, on disk (`<stateDir>/workloads.json`), so that an agent
 * that died without stopping them (SIGKILL, power cut of the agent alone) can stop them when it
 * starts again, instead of running every workload twice. Each record holds the PID and the
 * process's start time from /proc/<pid>/stat: a PID the kernel has since given to another process
 * has another start time and is left alone. Where /proc is not there, nothing is reaped.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** One workload process as recorded. */
export interface PidRecord { service: string; pid: number; startTicks: string }

/** Most records read back from a file (more is a damaged file). */
const MAX_RECORDS = 100_000;

/** The process's start time in clock ticks since boot (/proc/<pid>/stat field 22), or null when it is gone, a zombie, or unknowable. */
export function processStartTicks(pid: number): string | null {
  let stat: string;
  try { stat = readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { return null; }
  // The command name (field 2) is in parentheses and may hold spaces: split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return null;
  return fields[19] ?? null;
}

/** Writes the records atomically (tmp file, fsync, rename). */
export function writePidFile(path: string, records: readonly PidRecord[]): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(records)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** The records in the file; [] when it is absent or damaged (then nothing is reaped, never a crash). */
export function readPidFile(path: string): PidRecord[] {
  let raw: unknown;
  try { raw = JSON.parse(readFileSync(path, 'utf8')); } catch { return []; }
  if (!Array.isArray(raw) || raw.length > MAX_RECORDS) return [];
  return raw.filter((r): r is PidRecord => typeof r === 'object' && r !== null
    && typeof r.service === 'string' && Number.isSafeInteger(r.pid) && r.pid > 1 && typeof r.startTicks === 'string');
}

/**
 * Stops the processes a previous agent recorded that are still the same processes (PID and start
 * time): SIGTERM, then SIGKILL after graceMs. Resolves to the services stopped.
 */
export async function reapLeftovers(path: string, graceMs: number, log: (line: string) => void): Promise<string[]> {
  const left = readPidFile(path).filter((r) => r.pid !== process.pid && processStartTicks(r.pid) === r.startTicks);
  await Promise.all(left.map(async (r) => {
    log(`stopping workload ${r.service} (pid ${r.pid}) left running by a previous agent`);
    try { process.kill(r.pid, 'SIGTERM'); } catch { return; }
    const killAt = Date.now() + graceMs;
    const giveUpAt = killAt + Math.max(graceMs, 1000);
    while (processStartTicks(r.pid) === r.startTicks) {
      if (Date.now() > giveUpAt) { log(`workload ${r.service} (pid ${r.pid}) left by a previous agent does not die; leaving it`); return; }
      if (Date.now() > killAt) { try { process.kill(r.pid, 'SIGKILL'); } catch { /* gone */ } }
      await new Promise((res) => setTimeout(res, 20));
    }
  }));
  return left.map((r) => r.service);
}
