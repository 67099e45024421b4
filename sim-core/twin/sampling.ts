/** Periodic samples of the whole twin for time-series charts (report.timeSeries, the UI). */
import type { TwinState } from './state.ts';

/** Sample event: records one TimeSample and schedules the next. */
export function onSample(s: TwinState): void {
  let queued = 0;
  for (const p of s.processors) queued += p.waiting + p.busy;
  let nodesDown = 0;
  for (let n = 0; n < s.model.nodes.length; n++) if (!s.topology.isNodeUp(n)) nodesDown++;
  let linksDown = 0;
  for (let l = 0; l < s.topology.linkCount; l++) if (!s.topology.isLinkUp(l)) linksDown++;
  s.timeSeries.push({
    tMs: s.kernel.nowMs,
    inFlight: s.msgs.live,
    delivered: s.counts.delivered,
    dropped: s.counts.droppedTotal,
    lost: s.counts.lostTotal,
    queued,
    wanBytes: s.wanBytes,
    nodesDown,
    linksDown,
  });
  s.kernel.schedule(s.model.sampleEveryMs, s.kinds.sample);
}
