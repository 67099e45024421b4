/** Periodic samples of the whole twin for time-series charts (report.timeSeries, the UI). */
import type { TwinState } from './state.ts';

/** Sample event: records one TimeSample and schedules the next. */
export function onSample(s: TwinState): void {
  let queued = 0;
  for (const p of s.messages.processors) queued += p.waiting + p.busy;
  let nodesDown = 0;
  for (let n = 0; n < s.model.nodes.length; n++) if (!s.fabric.topology.isNodeUp(n)) nodesDown++;
  let linksDown = 0;
  for (let l = 0; l < s.fabric.topology.linkCount; l++) if (!s.fabric.topology.isLinkUp(l)) linksDown++;
  s.metrics.timeSeries.push({
    tMs: s.kernel.nowMs,
    inFlight: s.messages.table.live,
    delivered: s.messages.counts.delivered,
    dropped: s.messages.counts.droppedTotal,
    lost: s.messages.counts.lostTotal,
    queued,
    wanBytes: s.metrics.wanBytes,
    nodesDown,
    linksDown,
  });
  s.kernel.schedule(s.model.sampleEveryMs, s.kinds.sample);
}
