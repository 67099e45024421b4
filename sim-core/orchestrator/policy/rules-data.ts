/**
 * Data governance rules: residency (tagged data stays inside regions/zones), encryption on
 * given link types (an obligation, or deny when a link cannot encrypt), and maximum retention
 * (a lifespan cap obligation on store decisions). Structured on purpose: they run per message.
 */
import { Verdict, type CompiledPolicy, type ObligationAcc } from './compiled.ts';
import type { DecisionRequest, PolicyNode, PolicySpec, PolicyStream } from './types.ts';

const { None: NONE, Allow: ALLOW, Deny: DENY, Obligate: OBLIGATE } = Verdict;

type DataSpec = Extract<PolicySpec, { type: 'residency' | 'encryption' | 'retention' }>;

/** Builds the compiled form of a residency, encryption or retention policy. */
export function buildDataRule(id: string, s: DataSpec): CompiledPolicy {
  switch (s.type) {
    case 'residency': {
      const tags = s.tags, regions = s.regions ?? [], zones = s.zones ?? [];
      const inside = (n: PolicyNode | undefined): boolean =>
        n !== undefined && ((n.region !== undefined && regions.includes(n.region)) || (n.zone !== undefined && zones.includes(n.zone)));
      return {
        id, type: s.type, actions: ['route', 'store'], grants: false,
        check(req: DecisionRequest): Verdict {
          if (!carriesAny(req.stream, tags)) return NONE;
          // Fail closed: a destination whose location is unknown is not known to be inside.
          if (req.action === 'store') return inside(req.node) ? NONE : DENY;
          if (!inside(req.to)) return DENY;
          const transit = req.transit;
          if (transit) for (const n of transit) if (!inside(n)) return DENY;
          return NONE;
        },
      };
    }
    case 'encryption': {
      const types = s.linkTypes, tags = s.tags;
      return {
        id, type: s.type, actions: ['route'], grants: false,
        check(req: DecisionRequest, acc: ObligationAcc): Verdict {
          if (tags !== undefined && !carriesAny(req.stream, tags)) return NONE;
          let hit = false;
          const path = req.path;
          if (path) {
            for (const l of path) {
              if (l.type === undefined || !types.includes(l.type)) continue;
              if (l.encryptionCapable === false) return DENY;
              hit = true;
            }
          } else if (req.link && req.link.type !== undefined && types.includes(req.link.type)) {
            if (req.link.encryptionCapable === false) return DENY;
            hit = true;
          }
          if (!hit) return NONE;
          acc.encrypt = true;
          return OBLIGATE;
        },
      };
    }
    case 'retention': {
      const tags = s.tags, cap = s.maxRetentionMs;
      return {
        id, type: s.type, actions: ['store'], grants: false,
        check(req: DecisionRequest, acc: ObligationAcc): Verdict {
          if (!carriesAny(req.stream, tags)) return NONE;
          if (cap < acc.maxRetentionMs) acc.maxRetentionMs = cap;
          return OBLIGATE;
        },
      };
    }
  }
}

/** True when the stream's tags share an element with `tags`. */
export function carriesAny(stream: PolicyStream | undefined, tags: readonly string[]): boolean {
  const have = stream?.tags;
  if (!have) return false;
  for (const t of have) if (tags.includes(t)) return true;
  return false;
}
