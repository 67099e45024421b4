/**
 * Builds a runnable twin from a resolved scenario: kernel and event kinds, fabric, apps,
 * message table, processors, storage, random streams, sources, placement; then schedules the
 * first emissions, link availability, mobility, faults and sampling.
 */
import { Kernel } from '../des/kernel.ts';
import { createRng } from '../des/rng.ts';
import { sampler } from '../des/distributions.ts';
import { FlowNetwork } from '../fabric/flow-network.ts';
import { Router } from '../fabric/routing.ts';
import { Topology } from '../fabric/topology.ts';
import { InputError } from '../text/input-error.ts';
import type { LinkModel, NodeModel, ScenarioModel } from '../scenario/model.ts';
import { compileApps } from '../workload/app-graph.ts';
import { sourceArrivals, withRateTraces, type RateTraces } from './source-arrivals.ts';
import { serviceTimeDraw } from '../workload/service-time.ts';
import { AttachmentCache } from './attachment.ts';
import { DecisionLog } from './decision-log.ts';
import { PlacementState } from './placement-state.ts';
import { TwinEventBus } from './events.ts';
import { KeyedStreams } from './keyed-streams.ts';
import { checkFaultTarget, onFault, scheduleFaults } from './faults.ts';
import { healed } from './fabric-changes.ts';
import { LatencyLog } from './latency-log.ts';
import { LifecycleCounts } from './lifecycle-counts.ts';
import { onArrive, onEmit, onPsTimer, onServiceDone } from './lifecycle.ts';
import { onPurge, onReplicaArrive } from './storage-stage.ts';
import { onLinkToggle, scheduleLinkAvailability } from './link-availability.ts';
import { MessageTable } from './message-table.ts';
import { onMobility, setupMobility } from './mobility.ts';
import { staticPlacement } from './placement.ts';
import type { PlacementSeam } from './placement-seam.ts';
import { createPolicyGate } from './policy-gate.ts';
import { schedulerPlacement } from './scheduler-placement.ts';
import { builtinProfile } from './profiles.ts';
import type { PolicySet } from '../orchestrator/policy/compile.ts';
import type { Profile } from '../orchestrator/scheduler/profile.ts';
import { Processor } from './processor.ts';
import { onSample } from './sampling.ts';
import type { TwinState } from './state.ts';
import { StorageTable } from './storage.ts';
import { onFlowTimer } from './transport.ts';
import { onControlArrive } from './control-transport.ts';
import { newControlTraffic } from './control-message.ts';
import { installControlPlane } from './control/install.ts';
import { installStochasticFaults } from './stochastic-faults.ts';
import { installContinuum } from './continuum-install.ts';
import { installReleases } from './rollout.ts';
import { installPrediction } from './prediction.ts';
import { installQueueGrowth } from './queue-growth.ts';
import { installValueDrift } from './value-drift.ts';
import { installMlops } from './mlops.ts';
import { installNodePools } from './node-pools.ts';
import { installAutoscalers } from './autoscaler.ts';

/** Options for building a twin. */
export interface BuildOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Replaces the placement seam entirely (tests, custom strategies). */
  placement?: (s: TwinState) => PlacementSeam;
  /** Compiled policies (from the scenario's policy files, read by the caller). */
  policies?: PolicySet;
  /** Scheduler profile (from the scenario's schedulerConfig file, read by the caller); default: the built-in one named by the scenario. */
  schedulerProfile?: Profile;
  /** Rate traces of `arrival: {curve: {trace: {file}}}` streams (read by the caller, scenario-files.ts), keyed by the path as written. */
  rateTraces?: RateTraces;
}

/** A link leaves the site (metered, counted in wanBytes) when it reaches a regional or cloud node, crosses regions, or rides a carrier network. */
export function isWanLink(link: LinkModel, a: NodeModel, b: NodeModel): boolean {
  if (link.type === 'satellite' || link.type === 'lte' || link.type === '5g') return true;
  if (a.region !== b.region) return true;
  const far = (n: NodeModel) => n.tier === 'regional' || n.tier === 'cloud';
  return far(a) !== far(b);
}

/** Builds the twin state and schedules its initial events. */
export function buildTwin(scenario: ScenarioModel, opts: BuildOptions = {}): TwinState {
  const model = withRateTraces(scenario, opts.rateTraces);
  const seed = opts.seed ?? model.seed;
  const kernel = new Kernel(4096);
  const topology = Topology.fromModel(model.nodes, model.links);
  const router = new Router(topology, { maxTrees: 256 });
  const flows = new FlowNetwork((r) => topology.resourceCapacityBps(r), 2 * topology.linkCount);
  const graph = compileApps(model);
  const nodeIndex = new Map(model.nodes.map((n, i) => [n.id, i]));
  const sourceNode: number[] = [];
  const sourceStream: number[] = [];
  model.streams.forEach((st, i) => {
    for (const id of st.sources) { sourceNode.push(nodeIndex.get(id)!); sourceStream.push(i); }
  });
  const nLinks = model.links.length;
  const nNodes = model.nodes.length;
  const s: TwinState = {
    model, seed, kernel, graph,
    kinds: undefined as unknown as TwinState['kinds'],
    rngs: {
      arrivals: model.streams.map((st) => createRng(seed, `arrivals:${st.id}`)),
      sizes: model.streams.map((st) => createRng(seed, `sizes:${st.id}`)),
      values: model.streams.map((st) => createRng(seed, `values:${st.id}`)),
      filters: model.streams.map((st) => createRng(seed, `filter:${st.id}`)),
      // Per source sensor and per link: one sensor more never changes another message's service
      // time, nor another link's jitter and loss draws (common random numbers across variants).
      service: new KeyedStreams(seed, 'service-times', (n) => topology.nodeId(n), nNodes),
      jitter: new KeyedStreams(seed, 'jitter', (l) => topology.linkId(l), nLinks),
      loss: new KeyedStreams(seed, 'loss', (l) => topology.linkId(l), nLinks),
      controlJitter: new KeyedStreams(seed, 'control-jitter', (l) => topology.linkId(l), nLinks),
      controlLoss: new KeyedStreams(seed, 'control-loss', (l) => topology.linkId(l), nLinks),
      links: createRng(seed, 'links'),
    },
    events: new TwinEventBus(),
    messageEvents: false,
    hooks: { nodeDown: [], nodeUp: [], linkDown: [], linkUp: [], admit: [], receiveControl: [], report: [], controlPlaneFault: null },
    fabric: {
      topology, router, flows,
      isSensor: Uint8Array.from(model.nodes, (n) => (n.tier === 'sensor' ? 1 : 0)),
      attachment: new AttachmentCache(nNodes),
      linkDownCauses: new Int32Array(nLinks),
      linkBytes: new Float64Array(nLinks),
      linkIsWan: model.links.map((l) => (isWanLink(l, model.nodes[nodeIndex.get(l.a)!]!, model.nodes[nodeIndex.get(l.b)!]!) ? 1 : 0)),
      linkJitter: model.links.map((l) => (l.jitter ? sampler(l.jitter) : null)),
      linkCostPerGbUsd: model.links.map((l) => l.costPerGbUsd),
      posX: Float64Array.from(model.nodes, (n) => n.position.xKm),
      posY: Float64Array.from(model.nodes, (n) => n.position.yKm),
      mobileLink: new Int32Array(model.mobility.length).fill(-1),
      mobileAttach: new Int32Array(model.mobility.length).fill(-1),
      mobileTowers: null,
      directRoutes: null,
      degradedLinks: new Map(),
      markovRngs: new Map(),
      flowTimerId: -1,
      flowTimerAtMs: Infinity,
    },
    // New replicas (relocation, injected placement) may unblock buffered messages: retry them.
    placement: new PlacementState(new DecisionLog(), () => healed(s)),
    messages: {
      table: new MessageTable(1024),
      counts: new LifecycleCounts(),
      sources: {
        node: Int32Array.from(sourceNode),
        stream: Int32Array.from(sourceStream),
        arrival: sourceArrivals(model, sourceStream, sourceNode.map((n) => model.nodes[n]!.id)),
      },
      streamPriority: Uint8Array.from(model.streams, (st) => ({ high: 0, normal: 1, low: 2 })[st.priority]),
      serviceDraw: graph.services.map((svc) => serviceTimeDraw(svc.model.serviceTime)),
      sizeDraw: model.streams.map((st) => sampler(st.sizeBytes)),
      valueDraw: model.streams.map((st) => sampler(st.value)),
      processors: model.nodes.map((n) => new Processor(n.cores, n.queueCapacity, n.discipline)),
      psTimer: new Float64Array(nNodes).fill(-1),
    },
    storage: {
      table: new StorageTable(model.nodes.map((n) => n.storageBytes)),
      replicaCandidates: model.nodes.flatMap((n, i) => (n.tier === 'edge' || n.tier === 'regional' || n.tier === 'cloud' ? [i] : [])),
      replicaJobs: [],
      replicaFree: [],
    },
    buffers: {
      usedBytes: new Float64Array(nNodes),
      queues: model.nodes.map(() => [] as number[]),
      buffering: new Set<number>(),
    },
    faults: {
      log: model.faults.map((f) => ({ kind: f.kind, target: f.target, atMs: f.atMs, endMs: f.forMs < Infinity ? f.atMs + f.forMs : null, detectedAfterMs: null, recoveredAfterMs: null, messagesLost: 0 })),
      models: [...model.faults],
      active: -1,
      nodeDownSince: new Float64Array(nNodes).fill(-1),
      nodeDownMs: new Float64Array(nNodes),
      nodeDownBy: new Int32Array(nNodes).fill(-1),
      nodeHolds: new Map(),
      partitionedLinks: new Map(),
    },
    control: { traffic: newControlTraffic(), inFlight: [], free: [], plane: null },
    metrics: {
      latency: model.apps.map(() => new LatencyLog()),
      sloViolations: new Float64Array(model.apps.length),
      appDropped: new Float64Array(model.apps.length),
      appLost: new Float64Array(model.apps.length),
      wanBytes: 0,
      transferCostUsd: 0,
      timeSeries: [],
      handovers: 0,
    },
  };

  const problems = model.faults.flatMap((f, i) => {
    const why = checkFaultTarget(s, f);
    return why ? [{ file: '<faults>', line: 0, col: 0, path: `spec.faults[${i}]`, message: `${f.spec}: ${why}` }] : [];
  });
  if (problems.length > 0) throw new InputError(problems);

  s.kinds = {
    emit: kernel.on((a) => onEmit(s, a)),
    flowTimer: kernel.on(() => onFlowTimer(s)),
    arrive: kernel.on((a) => onArrive(s, a)),
    serviceDone: kernel.on((a, b) => onServiceDone(s, a, b)),
    psTimer: kernel.on((a) => onPsTimer(s, a)),
    purge: kernel.on((a) => onPurge(s, a)),
    linkToggle: kernel.on((a, b) => onLinkToggle(s, a, b)),
    fault: kernel.on((a, b) => onFault(s, a, b)),
    mobility: kernel.on((a) => onMobility(s, a)),
    sample: kernel.on(() => onSample(s)),
    replicaArrive: kernel.on((a) => onReplicaArrive(s, a)),
    controlArrive: kernel.on((a) => onControlArrive(s, a)),
  };
  s.placement.policyGate = opts.policies ? createPolicyGate(s, opts.policies) : null;
  // Unprovisioned pool nodes are down before the initial placement (nothing without spec.nodePools).
  installNodePools(s);
  s.placement.install(opts.placement ? opts.placement(s)
    : model.orchestrator.placement === 'scheduler' ? schedulerPlacement(opts.schedulerProfile ?? builtinProfile(model.orchestrator.profile, opts.policies), seed)(s)
      : staticPlacement(s));

  // First emission of each source: a random phase within its first gap, so periodic sensors
  // do not all fire at t = 0.
  for (let src = 0; src < s.messages.sources.node.length; src++) {
    const st = s.messages.sources.stream[src]!;
    const process = s.messages.sources.arrival[src]!;
    if (process.firstArrivalMs) {
      // Curves and rate changes: the process places its own first emission (Infinity: none).
      const atMs = process.firstArrivalMs(s.rngs.arrivals[st]!);
      if (atMs !== Infinity) kernel.scheduleAt(atMs, s.kinds.emit, src);
      continue;
    }
    const gap = process.nextGapMs(s.rngs.arrivals[st]!, 0);
    kernel.scheduleAt(gap * s.rngs.arrivals[st]!.next(), s.kinds.emit, src);
  }
  scheduleLinkAvailability(s);
  setupMobility(s);
  scheduleFaults(s);
  if (model.sampleEveryMs > 0 && model.sampleEveryMs < Infinity) kernel.schedule(model.sampleEveryMs, s.kinds.sample);
  // Resilience layers register their own event kinds after these, and only when the scenario asks.
  installControlPlane(s);
  installPrediction(s); // before stochastic faults: it hears of their first precursor-ed failures
  installStochasticFaults(s);
  installContinuum(s);
  installReleases(s);
  installQueueGrowth(s); // after releases: it composes with their serviceWork hook
  installValueDrift(s);
  installMlops(s, opts.policies);
  installAutoscalers(s);
  return s;
}
