/**
 * The 3D view of the fabric: a full-size r3f Canvas (rendered on demand) with the fabric, its
 * labels and the hover tooltip as HTML overlays. The canvas is role="img" with an aria-label
 * summarising the fabric ("3D view of N nodes and M links; K down"), refreshed at most once a
 * second; the node table is the accessible alternative. Place it in an element with a size:
 * it fills its parent (width and height 100 %).
 */
import { Canvas } from '@react-three/fiber';
import { useRef } from 'react';
import { useApp } from '../store/use-store.ts';
import { sceneSummary } from './describe-item.ts';
import { FabricView } from './FabricView.tsx';
import { THEMES } from './theme.ts';
import { renderProfile } from './renderer-class.ts';
import { installThreeConsoleFilter } from './three-console.ts';

installThreeConsoleFilter();

/** The scene's props. */
export interface SceneProps { className?: string }

/** The 3D scene: fills its parent; the parent must have a definite height. */
export function Scene({ className }: SceneProps) {
  const theme = useApp((s) => s.theme);
  const colors = THEMES[theme];
  const tooltip = useRef<HTMLDivElement | null>(null);
  const labels = useRef<HTMLDivElement | null>(null);
  const overlays = useRef({ tooltip, labels }).current;
  const profile = renderProfile();
  return (
    <div className={className} data-scene="" style={{ position: 'relative', width: '100%', height: '100%', minHeight: 120, overflow: 'hidden', background: colors.background }}>
      <Canvas
        frameloop="demand"
        flat
        dpr={profile.dpr}
        camera={{ fov: 40, near: 0.1, far: 10_000, position: [0, 40, 90] }}
        gl={{ antialias: profile.antialias, alpha: false, powerPreference: 'high-performance' }}
        style={{ position: 'absolute', inset: 0 }}
        onCreated={({ gl }) => {
          gl.domElement.setAttribute('role', 'img');
          gl.domElement.setAttribute('aria-label', sceneSummary(null, null));
          gl.domElement.style.touchAction = 'none';
          // The renderer on the read-only debug handle: the app benchmark counts renders (gl.info.render.frame).
          const handle = (globalThis as { __edgetwin?: Record<string, unknown> }).__edgetwin;
          if (handle) handle.renderer = gl;
        }}
      >
        <color attach="background" args={[colors.background]} />
        <FabricView overlays={overlays} itemBudget={profile.itemBudget} dataRenderIntervalMs={profile.dataRenderIntervalMs} />
      </Canvas>
      <div ref={labels} aria-hidden="true" style={{ position: 'absolute', inset: 0, pointerEvents: 'none', overflow: 'hidden', willChange: 'transform' }} />
      <div
        ref={tooltip}
        role="tooltip"
        hidden
        style={{
          position: 'absolute', left: 0, top: 0, maxWidth: 340, padding: '6px 9px', pointerEvents: 'none', whiteSpace: 'pre-line',
          font: '12px/1.45 system-ui, sans-serif', border: '1px solid', borderRadius: 6, zIndex: 2, willChange: 'transform',
        }}
      />
    </div>
  );
}
