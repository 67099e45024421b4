/**
 * Real servers for the live-side tests: Mosquitto (MQTT v5), Prometheus and
 * prometheus-node-exporter, from Debian's packages. A missing package is installed with apt-get
 * (said on the console); each server starts on a free loopback port with a temporary directory,
 * and is stopped by its own PID. Nothing listens beyond 127.0.0.1.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let aptUpdated = false;

/** Makes sure `binary` is on this machine, installing Debian package `pkg` when it is not. */
export function ensureDebianPackage(binary: string, pkg: string): string {
  const which = () => spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' }).stdout.trim();
  let path = which();
  if (path) return path;
  console.log(`[test set-up] ${binary} is not installed: installing Debian package ${pkg} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) { spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env }); aptUpdated = true; }
  const r = spawnSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env });
  path = which();
  if (r.status !== 0 || !path) throw new Error(`could not install Debian package ${pkg} (apt-get exit ${r.status}); the live tests need ${binary}`);
  return path;
}

/** A free TCP port on 127.0.0.1 (the kernel picks it; a tiny race with other processes remains). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves when something accepts TCP connections on 127.0.0.1:port, or rejects after timeoutMs. */
export async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect(port, '127.0.0.1');
      c.once('connect', () => { c.destroy(); resolve(true); });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves when GET url answers 200, or rejects after timeoutMs. */
export async function waitForHttp(url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A server process this test started: its PID, and stop() that signals that PID and waits for it. */
export interface RealServer {
  name: string;
  pid: number;
  port: number;
  dir: string;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s) and waits for its exit. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => { for (const p of running) try { process.kill(p.pid!, 'SIGKILL'); } catch { /* gone */ } });

function startProcess(name: string, cmd: string, args: string[], port: number, dir: string): { child: ChildProcess; server: RealServer } {
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => { stderr = (stderr + b.toString()).slice(-4000); });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => { running.delete(child); resolve(); }));
  console.log(`[test set-up] started ${name} (pid ${child.pid}) on 127.0.0.1:${port}`);
  const server: RealServer = {
    name, pid: child.pid!, port, dir,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(child.pid!, 'SIGTERM');
      const t = setTimeout(() => { try { process.kill(child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5000);
      await exited;
      clearTimeout(t);
      console.log(`[test set-up] stopped ${name} (pid ${child.pid})`);
    },
  };
  child.once('exit', (code, sig) => {
    if (code && code !== 0) console.log(`[test set-up] ${name} (pid ${child.pid}) exited ${code ?? sig}: ${stderr.trim().slice(-400)}`);
  });
  return { child, server };
}

/** Mosquitto options: a fixed port (to restart on the same one) and its persistence directory. */
export interface MosquittoOptions { port?: number; dir?: string }

/** A running Mosquitto: `url` is mqtt://127.0.0.1:port; persistence on, so sessions and retained messages survive restart(). */
export interface Mosquitto extends RealServer { url: string; restart(): Promise<Mosquitto> }

/** Starts Mosquitto 2 on loopback with persistence in a temporary directory (anonymous access, loopback only). */
export async function startMosquitto(opts: MosquittoOptions = {}): Promise<Mosquitto> {
  const bin = ensureDebianPackage('mosquitto', 'mosquitto');
  const port = opts.port ?? await freePort();
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'edgetwin-mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, [
    `listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence true', `persistence_location ${dir}/`,
    'autosave_interval 1', 'log_dest stderr', 'log_type error', 'max_queued_messages 100000', 'set_tcp_nodelay true', '',
  ].join('\n'));
  const { server } = startProcess('mosquitto', bin, ['-c', conf], port, dir);
  await waitForPort(port);
  return {
    ...server,
    url: `mqtt://127.0.0.1:${port}`,
    async restart() { await server.stop(); return startMosquitto({ port, dir }); },
  };
}

/** A running node_exporter; `url` is its /metrics address. */
export interface NodeExporter extends RealServer { url: string }

/** Starts prometheus-node-exporter on a free loopback port. */
export async function startNodeExporter(): Promise<NodeExporter> {
  const bin = ensureDebianPackage('prometheus-node-exporter', 'prometheus-node-exporter');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'edgetwin-node-exporter-'));
  const { server } = startProcess('prometheus-node-exporter', bin, [`--web.listen-address=127.0.0.1:${port}`], port, dir);
  const url = `http://127.0.0.1:${port}/metrics`;
  await waitForHttp(url);
  return { ...server, url };
}

/** A running Prometheus; `url` is its base address (the HTTP API is under /api/v1). */
export interface Prometheus extends RealServer { url: string }

/** Starts Prometheus scraping `targets` ("host:port", job name "node") every second, storage in a temporary directory. */
export async function startPrometheus(targets: string[], scrapeInterval = '1s'): Promise<Prometheus> {
  const bin = ensureDebianPackage('prometheus', 'prometheus');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'edgetwin-prometheus-'));
  const conf = join(dir, 'prometheus.yml');
  writeFileSync(conf, `global:\n  scrape_interval: ${scrapeInterval}\n  evaluation_interval: ${scrapeInterval}\nscrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: [${targets.map((t) => JSON.stringify(t)).join(', ')}]\n`);
  const { server } = startProcess('prometheus', bin, [
    `--config.file=${conf}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`,
  ], port, dir);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/-/ready`);
  return { ...server, url };
}

/** Removes a server's temporary directory (after stop()). */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
