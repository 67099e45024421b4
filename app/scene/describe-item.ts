/**
 * Words for what the pointer is over (tooltip lines) and for the whole view (the canvas's
 * aria-label). Pure: description, frame and display in, strings out.
 */
import type { FabricDescription } from '../../sim-core/twin/describe.ts';
import {
  FLAG_AUTONOMOUS, FLAG_BUFFERING, FLAG_CONTROLLER, H_LINKS_DOWN, H_NODES_DOWN, LINK_DEGRADED, NODE_SUSPECT, type TwinFrame,
} from '../../sim-core/twin/frame.ts';
import { ITEM_GROUP, ITEM_NODE, ITEM_SITE, type Display, type ItemStats } from './display.ts';
import type { Hierarchy } from './hierarchy.ts';
import type { SegmentStats, Segments } from './segments.ts';

/** Tooltip content: a title line and detail lines. */
export interface Tip { title: string; lines: string[] }

const STATE_WORDS = ['up', 'suspect (declared failed, still running)', 'down'];
const LINK_WORDS = ['up', 'degraded', 'cut'];

/** '42 %' from a 0..1 fraction. */
export function percent(f: number): string {
  return `${Math.round(Math.max(0, f) * 100)} %`;
}

/** A bit rate in bit/s, kbit/s, Mbit/s or Gbit/s with three significant digits. */
export function formatRate(bps: number): string {
  const units = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s'];
  let v = Math.max(0, bps), u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return `${v >= 100 || u === 0 ? Math.round(v) : v.toPrecision(3)} ${units[u]}`;
}

function flagWords(flags: number): string[] {
  const out: string[] = [];
  if (flags & FLAG_CONTROLLER) out.push('controller');
  if (flags & FLAG_AUTONOMOUS) out.push('autonomous (cut off from its controller)');
  if (flags & FLAG_BUFFERING) out.push('buffering (store and forward)');
  return out;
}

/** Tooltip for node `i`; `services` lists the service keys it hosts (from the placement). */
export function nodeTip(d: FabricDescription, frame: TwinFrame | null, i: number, services: string[]): Tip {
  const n = d.nodes[i]!;
  const lines = [`${n.tier} · ${n.region} / ${n.zone}${n.className ? ` · ${n.className}` : ''}`];
  if (frame) {
    lines.push(`State: ${STATE_WORDS[frame.nodeState[i]!] ?? 'unknown'}`);
    lines.push(`CPU ${percent(frame.nodeCpu[i]!)} · memory ${percent(frame.nodeMemory[i]!)} · queue ${frame.nodeQueue[i]}`);
    const f = flagWords(frame.nodeFlags[i]!);
    if (f.length) lines.push(f.join(', '));
  }
  lines.push(services.length ? `Replicas (${services.length}): ${services.slice(0, 4).join(', ')}${services.length > 4 ? ', …' : ''}` : 'Replicas: none');
  return { title: n.id, lines };
}

/** Tooltip for an aggregate item (sensor group, site or zone). */
export function aggregateTip(d: FabricDescription, h: Hierarchy, disp: Display, stats: ItemStats, it: number, metricLabel: string): Tip {
  const kind = disp.kind[it]!, ref = disp.ref[it]!, size = disp.size[it]!;
  let title: string;
  if (kind === ITEM_GROUP) title = `${size} sensors of ${d.nodes[h.groupHub[ref]!]!.id}`;
  else if (kind === ITEM_SITE) title = `Site of ${disp.lead[it]! >= 0 ? d.nodes[disp.lead[it]!]!.id : 'sensors'} · ${size} nodes`;
  else title = `Zone ${h.zoneNames[ref]} (${h.regionNames[h.zoneRegion[ref]!]}) · ${h.zoneSiteStart[ref + 1]! - h.zoneSiteStart[ref]!} sites, ${size} nodes`;
  const lines: string[] = [];
  const down = stats.down[it]!, suspect = stats.suspect[it]!;
  lines.push(down || suspect ? `${down} down, ${suspect} suspect, ${size - down - suspect} up` : `All ${size} up`);
  lines.push(`Mean ${metricLabel} ${percent(stats.metric[it]!)} (of nodes up)`);
  if (stats.replicas[it]) lines.push(`Replicas: ${stats.replicas[it]}`);
  const f = flagWords(stats.flags[it]!);
  if (f.length) lines.push(`Some: ${f.join(', ')}`);
  lines.push(kind === ITEM_NODE ? '' : 'Zoom in or click to open');
  return { title, lines: lines.filter((l) => l !== '') };
}

/** Tooltip for segment k (one link, or several joined by aggregation). */
export function segmentTip(d: FabricDescription, frame: TwinFrame | null, segs: Segments, st: SegmentStats, k: number): Tip {
  const count = segs.start[k + 1]! - segs.start[k]!;
  const first = d.links[segs.members[segs.start[k]!]!]!;
  if (count === 1) {
    const l = segs.members[segs.start[k]!]!;
    const lines = [`${first.type}${first.wan ? ' · WAN' : ''} · ${first.latencyMs} ms · ${formatRate(first.bandwidthBps)}`];
    if (frame) {
      lines.push(`State: ${LINK_WORDS[frame.linkState[l]!] ?? 'unknown'}`);
      lines.push(`Utilisation ${percent(frame.linkUtilization[l]!)} · rate ${formatRate(frame.linkRateBps[l]!)} · ${frame.linkFlows[l]} flows`);
    }
    return { title: first.id, lines };
  }
  const lines = [st.down[k] ? `${st.down[k]} of ${count} cut` : st.state[k] === LINK_DEGRADED ? 'Some degraded' : `All ${count} up`];
  lines.push(`Max utilisation ${percent(st.util[k]!)} · total rate ${formatRate(st.rateBps[k]!)}`);
  return { title: `${count} links (${first.id}, …)`, lines };
}

/** The canvas's accessible name: "3D view of N nodes and M links; K down" (plus cut links when any). */
export function sceneSummary(d: FabricDescription | null, frame: TwinFrame | null): string {
  if (!d) return '3D view of the fabric (nothing loaded)';
  let down = 0, cut = 0, suspect = 0;
  if (frame) {
    down = frame.header[H_NODES_DOWN]! || 0;
    cut = frame.header[H_LINKS_DOWN]! || 0;
    for (let i = 0; i < frame.nodeState.length; i++) if (frame.nodeState[i] === NODE_SUSPECT) suspect++;
  }
  const n = d.nodes.length, m = d.links.length;
  let s = `3D view of ${n} node${n === 1 ? '' : 's'} and ${m} link${m === 1 ? '' : 's'}; ${down} down`;
  if (suspect) s += `, ${suspect} suspect`;
  if (cut) s += `, ${cut} link${cut === 1 ? '' : 's'} cut`;
  return s;
}
