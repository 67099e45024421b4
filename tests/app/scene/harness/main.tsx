/** Scene harness: renders <Scene/> and <Legend/> over a fabric chosen by the URL (?fabric=metro|large|synth&sites=..&sensors=..). */
import { createRoot } from 'react-dom/client';
import { appStore, frames } from '../../../../app/app-context.ts';
import { Scene } from '../../../../app/scene/Scene.tsx';
import { Legend } from '../../../../app/scene/Legend.tsx';
import { emitSceneSignal } from '../../../../app/sim-client/scene-signals.ts';
import { parseScenario } from '../../../../sim-core/scenario/parse.ts';
import { Simulation } from '../../../../sim-core/twin/simulation.ts';
import type { FabricDescription } from '../../../../sim-core/twin/describe.ts';
import type { TwinFrame } from '../../../../sim-core/twin/frame.ts';
import { synthFabric, synthFrame } from './synth.ts';

// Count scene renders (three clears once per render) to tell them apart from page frames.
let renders = 0;
const clear = WebGL2RenderingContext.prototype.clear;
WebGL2RenderingContext.prototype.clear = function (this: WebGL2RenderingContext, mask: number) { renders++; return clear.call(this, mask); };

const texts = import.meta.glob('../../../../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const q = new URLSearchParams(location.search);
const fabric = q.get('fabric') ?? 'metro-operations';
const t0 = performance.now();
let description: FabricDescription;
let sim: Simulation | null = null;
let frame: TwinFrame;
if (fabric === 'synth') {
  description = synthFabric(Number(q.get('sites') ?? 100), Number(q.get('sensors') ?? 98), Number(q.get('regions') ?? 4), Number(q.get('extra') ?? 0));
  frame = synthFrame(description, 0);
} else {
  const file = `scenarios/${fabric}.yaml`;
  sim = new Simulation(parseScenario(texts[`../../../../${file}`]!, file));
  description = sim.describe();
  frame = sim.createFrame();
  sim.advanceTo(Number(q.get('t') ?? 25_000));
  sim.snapshotInto(frame);
}
const setupMs = performance.now() - t0;
const layout = { nodes: description.nodes.length, links: description.links.length, apps: description.apps.length };
frames.reset(layout);
frames.accept(frame.buffer, performance.now());
appStore.setState({
  description: q.get('empty') ? null : description, layout, placement: description.services.map((s) => s.replicas),
  viewLayout: (q.get('layout') as 'tiers' | 'geo') ?? 'tiers', theme: (q.get('theme') as 'dark' | 'light') ?? 'dark',
  colorBy: (q.get('color') as 'cpu') ?? 'cpu', palette: (q.get('palette') as 'viridis') ?? 'viridis',
});
if (sim) appStore.setState({ placement: sim.describe().services.map((s) => s.replicas) });

let tick = 0;
let simT = Number(q.get('t') ?? 25_000);
// Frames are precomputed (a few, cycled) so the harness measures the scene, not the simulation or the generator.
const synthFrames = sim ? [1, 2, 3, 4].map(() => { simT += 1000; sim!.advanceTo(simT); const nf = sim!.createFrame(); sim!.snapshotInto(nf); return nf; })
  : [1, 2, 3, 4].map((t) => synthFrame(description, t));
/** Pushes a new frame: the simulation advanced by `ms`, or the next precomputed synthetic frame. */
function pushFrame(ms = 1000): void {
  tick++;
  void ms;
  frames.accept(synthFrames[tick % synthFrames.length]!.buffer, performance.now());
}
(globalThis as Record<string, unknown>).harness = { appStore, frames, emitSceneSignal, pushFrame, setupMs, description, renders: () => renders };

function App() {
  return (
    <div style={{ position: 'relative', width: '100%', height: '100%' }}>
      <Scene />
      {!q.get('nolegend') && <Legend style={{ position: 'absolute', top: 8, right: 8 }} />}
    </div>
  );
}
createRoot(document.getElementById('root')!).render(<App />);
