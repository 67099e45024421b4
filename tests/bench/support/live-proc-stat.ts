/**
 * Another process's figures (Mosquitto's) for the live-fleet benchmark, from Linux's /proc: CPU
 * time from /proc/<pid>/stat (utime + stime in clock ticks, converted with the kernel's tick rate,
 * `getconf CLK_TCK`, normally 100 Hz), RSS from /proc/<pid>/status, and its open-files limit from
 * /proc/<pid>/limits (each agent holds one broker socket). The parses are pure; reading is not.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** utime + stime (fields 14 and 15) of a /proc/<pid>/stat line, in ticks; the comm field may hold spaces and parentheses (pure). */
export function cpuTicksOfStat(line: string): number {
  const close = line.lastIndexOf(')');
  if (close < 0) throw new Error(`not a /proc/<pid>/stat line: ${JSON.stringify(line.slice(0, 80))}`);
  // After "pid (comm)" the fields start at field 3 (state): utime is field 14, so index 11 here.
  const fields = line.slice(close + 2).trim().split(/\s+/);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`no utime/stime in /proc stat line: ${JSON.stringify(line.slice(0, 120))}`);
  return utime + stime;
}

let ticksPerS: number | null = null;

/** The kernel's clock ticks per second (USER_HZ). */
export function clockTicksPerS(): number {
  if (ticksPerS !== null) return ticksPerS;
  const out = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim());
  ticksPerS = Number.isFinite(out) && out > 0 ? out : 100;
  return ticksPerS;
}

/** CPU time (user + system) process `pid` used so far, ms. */
export function processCpuMs(pid: number): number {
  return (cpuTicksOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8')) / clockTicksPerS()) * 1000;
}

/** Resident set size of process `pid`, bytes (VmRSS from /proc/<pid>/status). */
export function processRssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/** The soft "Max open files" of a /proc/<pid>/limits text; Infinity for "unlimited" (pure). */
export function openFilesLimitOf(limits: string): number {
  const m = /^Max open files\s+(\S+)/m.exec(limits);
  if (!m) throw new Error('no "Max open files" line in /proc/<pid>/limits');
  return m[1] === 'unlimited' ? Infinity : Number(m[1]);
}

/** The soft open-files limit of process `pid`. */
export function processOpenFilesLimit(pid: number): number {
  return openFilesLimitOf(readFileSync(`/proc/${pid}/limits`, 'utf8'));
}
