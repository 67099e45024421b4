/**
 * Which kind of WebGL renderer the browser gives us, probed once with a throwaway context:
 * software rasterisers (SwiftShader, llvmpipe, Microsoft Basic Render) pay tens of microseconds
 * per drawn instance and per MSAA pixel, so the scene draws fewer glyphs one by one (a smaller
 * level-of-detail budget) and turns antialiasing off there.
 */

/** The scene's settings for a renderer class. */
export interface RenderProfile {
  software: boolean;
  /** Items the level of detail may show one by one. */
  itemBudget: number;
  antialias: boolean;
  /** Device pixel ratio range for the canvas. */
  dpr: [number, number];
  /**
   * Least wall time between two renders caused by new frames alone (camera motion and animations
   * are not held back): a software renderer spends most of a core per render, and redrawing every
   * 33 ms frame of the session would starve the rest of the page.
   */
  dataRenderIntervalMs: number;
}

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** The profile for a renderer description string (UNMASKED_RENDERER_WEBGL, or RENDERER). */
export function profileFor(renderer: string): RenderProfile {
  const software = SOFTWARE.test(renderer);
  return software
    ? { software, itemBudget: 250, antialias: false, dpr: [1, 1], dataRenderIntervalMs: 80 }
    : { software, itemBudget: 12_000, antialias: true, dpr: [1, 2], dataRenderIntervalMs: 0 };
}

let cached: RenderProfile | null = null;

/** Probes the browser's renderer once (no WebGL: the software profile, the cautious choice). */
export function renderProfile(): RenderProfile {
  if (cached) return cached;
  let name = '';
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (gl) {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    } else name = 'software (no webgl)';
  } catch {
    name = 'software (probe failed)';
  }
  cached = profileFor(name);
  return cached;
}
