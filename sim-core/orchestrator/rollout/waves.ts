/**
 * Wave specs of a rollout (Argo Rollouts' `setWeight` steps, over nodes instead of traffic):
 * `1,10%,50%,100%` is a canary of one node, then 10 %, 50 % and all of the fleet. Each entry is
 * cumulative: an absolute node count or a percentage of the nodes (rounded up). planWaves turns a
 * spec and a stably sorted node list into cumulative node sets that only grow, drops waves that
 * would add nobody, and always ends with every node (a spec that stops short gets a final wave).
 * Pure: no clock, no I/O.
 */

/** One entry of a wave spec: a cumulative node count, or a cumulative percentage in hundredths of a percent (10% = 1000). */
export type WaveStep = { kind: 'count'; count: number } | { kind: 'percent'; hundredths: number };

/** A parsed wave spec. */
export interface WaveSpec {
  /** The spec as written (trimmed). */
  text: string;
  steps: WaveStep[];
}

/** The most entries a spec may have. */
export const MAX_WAVE_STEPS = 100;
/** The default spec: a canary node, then 10 %, 50 %, everything. */
export const DEFAULT_WAVES = '1,10%,50%,100%';

/** Bad wave spec (user input): says which entry and what is allowed. */
export class WaveSpecError extends Error {
  constructor(message: string) { super(message); this.name = 'WaveSpecError'; }
}

const ALLOWED = `entries separated by commas, each a node count (1, 5) or a percentage (10%, 12.5%, 100%), increasing, e.g. '${DEFAULT_WAVES}'`;

const quote = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}...` : s);

/** Parses `1,10%,50%,100%`; throws WaveSpecError naming the entry when the spec is malformed. */
export function parseWaves(text: string): WaveSpec {
  if (typeof text !== 'string') throw new WaveSpecError(`waves: expected text like '${DEFAULT_WAVES}', got ${typeof text}`);
  const trimmed = text.trim();
  if (trimmed === '') throw new WaveSpecError(`waves: empty; expected ${ALLOWED}`);
  const parts = trimmed.split(',').map((p) => p.trim());
  if (parts.length > MAX_WAVE_STEPS) throw new WaveSpecError(`waves: ${parts.length} entries, more than the ${MAX_WAVE_STEPS} allowed`);
  const steps: WaveStep[] = [];
  let lastCount = 0;
  let lastHundredths = 0;
  parts.forEach((p, i) => {
    const where = `waves[${i}] ${quote(p)}`;
    if (p === '') throw new WaveSpecError(`waves[${i}]: empty entry; expected ${ALLOWED}`);
    const pct = /^(\d{1,3})(?:\.(\d{1,2}))?%$/.exec(p);
    if (pct) {
      const hundredths = Number(pct[1]) * 100 + Number((pct[2] ?? '').padEnd(2, '0') || '0');
      if (hundredths <= 0 || hundredths > 10_000) throw new WaveSpecError(`${where}: a percentage must be above 0% and at most 100%`);
      if (hundredths <= lastHundredths) throw new WaveSpecError(`${where}: percentages must increase (the one before is ${lastHundredths / 100}%)`);
      lastHundredths = hundredths;
      steps.push({ kind: 'percent', hundredths });
      return;
    }
    if (/^\d{1,9}$/.test(p)) {
      const count = Number(p);
      if (count < 1) throw new WaveSpecError(`${where}: a node count must be at least 1`);
      if (count <= lastCount) throw new WaveSpecError(`${where}: node counts must increase (the one before is ${lastCount})`);
      lastCount = count;
      steps.push({ kind: 'count', count });
      return;
    }
    throw new WaveSpecError(`${where}: not a node count or a percentage; expected ${ALLOWED}`);
  });
  return { text: trimmed, steps };
}

/** One planned wave: the nodes it adds and every node pushed once it is done (cumulative). */
export interface PlannedWave {
  index: number;
  /** Nodes this wave adds, in the input order. */
  added: string[];
  /** Nodes pushed once this wave is done: the waves before plus `added`. */
  cumulative: string[];
}

/** Cumulative node count a step asks for out of `total` nodes (percentages rounded up, counts capped at total). */
export function stepCount(step: WaveStep, total: number): number {
  if (step.kind === 'count') return Math.min(step.count, total);
  // Integer arithmetic: ceil(total * hundredths / 10000) without floating-point error.
  return Math.floor((total * step.hundredths + 9_999) / 10_000);
}

/**
 * The waves over `nodes` (sorted stably by the caller: the canary is nodes[0]). Counts are
 * cumulative and never shrink (a later smaller entry adds nobody), waves that add nobody are
 * dropped, and the last wave always reaches every node. Throws on duplicate node ids (a programmer error).
 */
export function planWaves(nodes: readonly string[], spec: WaveSpec): PlannedWave[] {
  if (new Set(nodes).size !== nodes.length) {
    const dup = nodes.find((n, i) => nodes.indexOf(n) !== i);
    throw new Error(`planWaves: node ${JSON.stringify(dup)} appears twice`);
  }
  const counts = spec.steps.map((s) => stepCount(s, nodes.length));
  counts.push(nodes.length);
  const waves: PlannedWave[] = [];
  let done = 0;
  for (const c of counts) {
    if (c <= done) continue;
    waves.push({ index: waves.length, added: nodes.slice(done, c), cumulative: nodes.slice(0, c) });
    done = c;
  }
  return waves;
}
