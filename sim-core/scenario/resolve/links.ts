/**
 * Links: endpoints checked against the node set, ids defaulted to "<a>~<b>", per-type
 * defaults for latency, bandwidth and cost, availability converted to base units.
 */
import type { z } from 'zod';
import type { LinkModel, LinkType } from '../model.ts';
import type { zLink, zLinkTemplate } from '../schema/fabric.ts';
import type { FieldPath } from '../../text/yaml-source.ts';
import { checkDuplicates, type ResolveContext } from './context.ts';
import { LINK_DEFAULTS } from './defaults.ts';

/** Link fields without ends (zod output, base units). */
export type LinkTemplateOut = z.output<typeof zLinkTemplate>;

/** A link before checks: ends, template and where to report problems. */
export interface LinkDraft {
  id?: string;
  a: string;
  b: string;
  template: LinkTemplateOut;
  path: FieldPath;
  /** Paths of the end ids, when they differ from `path`. */
  aPath?: FieldPath;
  bPath?: FieldPath;
  idPath?: FieldPath;
}

/** Turns a spec.links entry into a draft, or records why it has no ends. */
export function linkDraftFromInput(ctx: ResolveContext, l: z.output<typeof zLink>, i: number): LinkDraft | undefined {
  const path: FieldPath = ['spec', 'links', i];
  const { id, between, a, b, ...template } = l;
  if (between && (a !== undefined || b !== undefined)) {
    ctx.issue([...path, a !== undefined ? 'a' : 'b'], 'give either between: [a, b] or a and b, not both', 'key');
    return undefined;
  }
  if (between) {
    return { id, a: between[0]!, b: between[1]!, template, path, aPath: [...path, 'between', 0], bPath: [...path, 'between', 1], idPath: [...path, 'id'] };
  }
  if (a === undefined || b === undefined) {
    ctx.issue(path, `link needs its two ends: between: [a, b]${a !== undefined || b !== undefined ? ' (or both a and b)' : ''}`);
    return undefined;
  }
  return { id, a, b, template, path, aPath: [...path, 'a'], bPath: [...path, 'b'], idPath: [...path, 'id'] };
}

/** Resolves drafts against the node ids; dangling ends, self links and duplicate ids are issues. */
export function resolveLinks(ctx: ResolveContext, drafts: LinkDraft[], nodeIds: Set<string>, knownNodes: readonly string[]): LinkModel[] {
  const out: LinkModel[] = [];
  const idItems: { id: string; path: FieldPath }[] = [];
  for (const d of drafts) {
    let ok = true;
    for (const [end, p] of [[d.a, d.aPath], [d.b, d.bPath]] as const) {
      if (!nodeIds.has(end)) { ctx.dangling(p ?? d.path, 'node', end, knownNodes); ok = false; }
    }
    if (d.a === d.b) { ctx.issue(d.bPath ?? d.path, `link connects node '${d.a}' to itself`); ok = false; }
    if (!ok) continue;
    const id = d.id ?? `${d.a}~${d.b}`;
    idItems.push({ id, path: d.id !== undefined ? (d.idPath ?? d.path) : d.path });
    out.push(linkFromTemplate(id, d.a, d.b, d.template));
  }
  checkDuplicates(ctx, 'link', idItems);
  return out;
}

/** A LinkModel from a template (defaults by type). */
export function linkFromTemplate(id: string, a: string, b: string, t: LinkTemplateOut): LinkModel {
  const def = LINK_DEFAULTS[t.type as LinkType];
  const link: LinkModel = {
    id, a, b,
    type: t.type as LinkType,
    latencyMs: t.latency ?? def.latencyMs,
    bandwidthBps: t.bandwidth ?? def.bandwidthBps,
    loss: t.loss ?? 0,
    costPerGbUsd: t.costPerGb ?? def.costPerGbUsd,
    availability: {
      outages: (t.availability?.outages ?? []).map((o) => ({ atMs: o.at, forMs: o.for })),
      ...(t.availability?.markov ? { markov: { meanUpMs: t.availability.markov.meanUp, meanDownMs: t.availability.markov.meanDown } } : {}),
    },
  };
  if (t.jitter) link.jitter = t.jitter;
  return link;
}
