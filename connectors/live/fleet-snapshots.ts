/**
 * The fleet on disk: table `fleet_snapshots` in the gateway's SQLite database, one row per save
 * (time and the nodes as JSON), the newest few kept. A restarted gateway restores the newest
 * snapshot, so it knows the last fleet before the first heartbeat arrives (and sweeps the nodes
 * that stay silent offline). A row that does not parse is skipped for the next older one, never fatal.
 */
import type Database from 'better-sqlite3';
import { ensureSchema } from '../gateway/db.ts';
import type { FleetNode, FleetNodeState } from './fleet-node.ts';

/** Snapshots kept; older rows are deleted on save. */
export const FLEET_SNAPSHOTS_KEPT = 20;

const STATES: readonly FleetNodeState[] = ['ready', 'draining', 'down', 'offline', 'unknown'];

/** Creates the table (migration 'fleet_snapshots' v1). */
export function ensureFleetSnapshotSchema(db: Database.Database): void {
  ensureSchema(db, 'fleet_snapshots', 1, `
    CREATE TABLE fleet_snapshots (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      taken_at_ms INTEGER NOT NULL,
      nodes_json TEXT NOT NULL
    );`);
}

/** Saves the fleet as of takenAtMs and prunes to the newest `kept` rows. */
export function saveFleetSnapshot(db: Database.Database, nodes: readonly FleetNode[], takenAtMs: number, kept = FLEET_SNAPSHOTS_KEPT): void {
  db.transaction(() => {
    db.prepare('INSERT INTO fleet_snapshots (taken_at_ms, nodes_json) VALUES (?, ?)').run(Math.round(takenAtMs), JSON.stringify(nodes));
    db.prepare('DELETE FROM fleet_snapshots WHERE id NOT IN (SELECT id FROM fleet_snapshots ORDER BY id DESC LIMIT ?)').run(kept);
  }).immediate();
}

/** The newest snapshot that parses, or null when there is none. */
export function loadLatestFleetSnapshot(db: Database.Database): { takenAtMs: number; nodes: FleetNode[] } | null {
  const rows = db.prepare('SELECT taken_at_ms AS takenAtMs, nodes_json AS json FROM fleet_snapshots ORDER BY id DESC').all() as { takenAtMs: number; json: string }[];
  for (const row of rows) {
    const nodes = parseNodes(row.json);
    if (nodes) return { takenAtMs: row.takenAtMs, nodes };
  }
  return null;
}

/** The stored node list, or null when it is not one (a damaged row). */
function parseNodes(json: string): FleetNode[] | null {
  let v: unknown;
  try { v = JSON.parse(json); } catch { return null; }
  if (!Array.isArray(v)) return null;
  const out: FleetNode[] = [];
  for (const n of v) {
    if (typeof n !== 'object' || n === null) return null;
    const o = n as Record<string, unknown>;
    if (typeof o.id !== 'string' || !STATES.includes(o.state as FleetNodeState) || !Array.isArray(o.sources) || !Array.isArray(o.running)) return null;
    out.push({
      id: o.id, state: o.state as FleetNodeState, sources: o.sources as FleetNode['sources'],
      lastSeenMs: typeof o.lastSeenMs === 'number' ? o.lastSeenMs : null,
      heartbeatLagMs: typeof o.heartbeatLagMs === 'number' ? o.heartbeatLagMs : null,
      runningVersion: typeof o.runningVersion === 'number' ? o.runningVersion : 0,
      running: (o.running as unknown[]).filter((s): s is string => typeof s === 'string'),
      lastReport: (o.lastReport ?? null) as FleetNode['lastReport'],
      metrics: (o.metrics ?? null) as FleetNode['metrics'],
      labels: typeof o.labels === 'object' && o.labels !== null ? o.labels as Record<string, string> : {},
    });
  }
  return out;
}
