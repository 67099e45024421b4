/**
 * The `--fault` grammar the README documents (also the string form of `spec.faults`):
 *   node:<id>@<at>[+<for>]            partition:<region-or-zone>@<at>[+<for>]
 *   link:<a>~<b>@<at>[+<for>][:latency=x3,bandwidth=x0.1,loss=0.05]
 *   control-plane@<at>[+<for>]        power:<id>@<at>[+<for>]
 * Times use parseDurationMs ("90s", "10m", "1h30m"); no +<for> means the fault never recovers.
 * Only syntax is checked here; whether the target exists is the scenario resolver's job.
 */
import type { FaultModel } from './model.ts';
import { BOUNDS } from './schema/bounds.ts';
import { formatDurationMs, parseDurationMs, showValue } from '../text/units.ts';
import { didYouMean } from '../text/did-you-mean.ts';

/** A malformed fault spec; the message says what the grammar allows. */
export class FaultSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultSpecError';
  }
}

/** Fault kinds, in grammar order. */
export const FAULT_KINDS: readonly FaultModel['kind'][] = ['node', 'link', 'partition', 'control-plane', 'power'];

/** Grammar summary for error messages and help text. */
export const FAULT_GRAMMAR =
  'node:<id>@<at>[+<for>] | link:<a>~<b>@<at>[+<for>][:latency=x3,bandwidth=x0.1,loss=0.05] | ' +
  'partition:<region-or-zone>@<at>[+<for>] | control-plane@<at>[+<for>] | power:<id>@<at>[+<for>]';

const DEGRADE_KEYS = ['latency', 'bandwidth', 'loss'] as const;

/** Parses one fault spec; throws FaultSpecError naming the problem and the grammar. */
export function parseFaultSpec(text: string): FaultModel {
  if (typeof text !== 'string') throw new FaultSpecError(`expected a fault spec string (${FAULT_GRAMMAR}), got ${showValue(text)}`);
  const spec = text.trim();
  const at = spec.indexOf('@');
  if (at < 0) throw new FaultSpecError(`fault '${spec}' has no '@<at>' time; expected ${FAULT_GRAMMAR}`);
  const head = spec.slice(0, at);
  const tail = spec.slice(at + 1);
  let kind: string;
  let target: string;
  if (head === 'control-plane') {
    kind = head;
    target = '';
  } else {
    const colon = head.indexOf(':');
    if (colon < 0) throw new FaultSpecError(`fault '${spec}' needs '<kind>:<target>' before '@'; expected ${FAULT_GRAMMAR}`);
    kind = head.slice(0, colon);
    target = head.slice(colon + 1);
  }
  if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new FaultSpecError(`unknown fault kind '${kind}'${didYouMean(kind, FAULT_KINDS)}; allowed: ${FAULT_KINDS.join(', ')}`);
  }
  if (kind !== 'control-plane' && target === '') throw new FaultSpecError(`fault '${spec}' has an empty target after '${kind}:'`);
  if (kind === 'link' && !/^[^~]+~[^~]+$/.test(target)) {
    throw new FaultSpecError(`link fault target must be '<a>~<b>' (two node ids), got '${target}'`);
  }
  const optStart = tail.indexOf(':');
  const timing = optStart < 0 ? tail : tail.slice(0, optStart);
  const options = optStart < 0 ? undefined : tail.slice(optStart + 1);
  const plus = timing.indexOf('+');
  const atMs = duration(plus < 0 ? timing : timing.slice(0, plus), 'start time (@<at>)', spec);
  const forMs = plus < 0 ? Infinity : duration(timing.slice(plus + 1), 'duration (+<for>)', spec);
  if (forMs === 0) throw new FaultSpecError(`fault '${spec}' lasts 0 ms; leave out +<for> for a permanent fault`);
  const fault: FaultModel = { kind: kind as FaultModel['kind'], target, atMs, forMs, spec };
  if (options !== undefined) {
    if (kind !== 'link') throw new FaultSpecError(`only link faults take ':latency=…,bandwidth=…,loss=…' options, got '${spec}'`);
    fault.degrade = parseDegrade(options, spec);
  }
  return fault;
}

function duration(text: string, what: string, spec: string): number {
  const r = parseDurationMs(text);
  if (!r.ok) throw new FaultSpecError(`bad ${what} in fault '${spec}': ${r.message}`);
  if (what.startsWith('start') && r.value === Infinity) throw new FaultSpecError(`fault '${spec}' starts at infinity`);
  if (r.value !== Infinity && r.value > BOUNDS.durationMs.max) {
    throw new FaultSpecError(`the ${what} in fault '${spec}' must be at most ${formatDurationMs(BOUNDS.durationMs.max)}, got '${text}'`);
  }
  return r.value;
}

function parseDegrade(options: string, spec: string): NonNullable<FaultModel['degrade']> {
  const degrade: NonNullable<FaultModel['degrade']> = {};
  if (options.trim() === '') throw new FaultSpecError(`fault '${spec}' has ':' but no options; use latency=x3,bandwidth=x0.1,loss=0.05`);
  for (const item of options.split(',')) {
    const eq = item.indexOf('=');
    const key = (eq < 0 ? item : item.slice(0, eq)).trim();
    const val = eq < 0 ? '' : item.slice(eq + 1).trim();
    if (!(DEGRADE_KEYS as readonly string[]).includes(key)) {
      throw new FaultSpecError(`unknown link degradation '${key}'${didYouMean(key, DEGRADE_KEYS)}; allowed: latency=x<factor>, bandwidth=x<factor>, loss=<probability>`);
    }
    if (key === 'loss') {
      const p = Number(val);
      if (val === '' || !Number.isFinite(p) || p < 0 || p >= 1) throw new FaultSpecError(`loss must be a probability in [0, 1), got '${val}' in '${spec}'`);
      degrade.loss = p;
      continue;
    }
    const m = /^x(\d+(?:\.\d*)?|\.\d+)$/.exec(val);
    const factor = m ? Number(m[1]) : NaN;
    if (!m || !(factor > 0)) throw new FaultSpecError(`${key} must be a positive factor like x3 or x0.1, got '${val}' in '${spec}'`);
    const { min, max } = BOUNDS.degradeFactor;
    if (factor < min || factor > max) throw new FaultSpecError(`${key} factor must be between x${min} and x${max}, got '${val}' in '${spec}'`);
    if (key === 'latency') degrade.latencyFactor = factor;
    else degrade.bandwidthFactor = factor;
  }
  return degrade;
}
