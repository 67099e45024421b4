/**
 * The structure docs/architecture.md describes, checked on the source: imports point one way.
 * sim-core imports no app, cli, connectors or workers code and no Node, DOM or network module;
 * sim-core/orchestrator (production code, also run by the gateway) imports nothing of the
 * simulator (des/ apart from its deterministic math, fabric/, workload/, twin/, whatif/) nor the
 * scenario format (scenario/); and sim-core/twin and sim-core/orchestrator hold no import circle.
 * Imports are read from the text (static `import … from`, `export … from`, `import()`), type-only
 * imports included: a circle of types is still a circle of concepts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const SIM = join(ROOT, 'sim-core');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Every module specifier a file names, in order. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)) {
    out.push((m[1] ?? m[2] ?? m[3])!);
  }
  return out;
}

const files = sources(SIM);
const edges = new Map<string, string[]>(files.map((f) => [f, specifiers(f).filter((s) => s.startsWith('.')).map((s) => resolve(dirname(f), s))]));
const rel = (f: string) => relative(SIM, f);

/** Strongly connected components with more than one file (Tarjan), each as sorted relative paths. */
function circles(within: (f: string) => boolean): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!within(w) || !edges.has(w)) continue;
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); comp.push(rel(w)); } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const f of files) if (within(f) && !idx.has(f)) visit(f);
  return out;
}

describe('structure', () => {
  it('the scanner finds imports (twin/simulation.ts names its neighbours; twin/ imports orchestrator/)', () => {
    expect(edges.get(join(SIM, 'twin/simulation.ts'))!.some((t) => t.startsWith(join(SIM, 'twin')))).toBe(true);
    expect([...edges.entries()].some(([f, ts]) => f.includes('/twin/') && ts.some((t) => t.includes('/orchestrator/')))).toBe(true);
    expect(specifiers(join(SIM, 'twin/simulation.ts')).length).toBeGreaterThan(3);
  });

  it('sim-core imports no app, cli, connectors or workers code, and no Node, DOM or network module', () => {
    const bad: string[] = [];
    for (const f of files) {
      for (const s of specifiers(f)) {
        const target = s.startsWith('.') ? relative(ROOT, resolve(dirname(f), s)) : s;
        if (/^(app|cli|connectors|workers)\//.test(target) || /^node:|^(fs|path|os|http|https|net|child_process|worker_threads)$/.test(s) || /^(react|three|d3|comlink|mqtt|fastify|ws)(\/|$)/.test(s)) bad.push(`${rel(f)} → ${s}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('sim-core/orchestrator imports nothing of the simulator nor the scenario format', () => {
    const allowed = new Set([join(SIM, 'des/det-math.ts')]);
    const bad: string[] = [];
    for (const f of files.filter((x) => x.startsWith(join(SIM, 'orchestrator') + '/'))) {
      for (const t of edges.get(f)!) {
        if (t.startsWith(join(SIM, 'orchestrator') + '/') || t.startsWith(join(SIM, 'text') + '/') || allowed.has(t)) continue;
        bad.push(`${rel(f)} → ${rel(t)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('no import circles in sim-core/twin or sim-core/orchestrator', () => {
    expect(circles((f) => f.startsWith(join(SIM, 'twin') + '/'))).toEqual([]);
    expect(circles((f) => f.startsWith(join(SIM, 'orchestrator') + '/'))).toEqual([]);
  });
});
