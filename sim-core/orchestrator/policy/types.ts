/**
 * Policy engine data model. Modelled on Cedar's authorizer: every decision returns the decision,
 * the ids of the policies that determined it, and the errors of policies that could not be
 * evaluated (skipped and reported, never silently dropped). Deny wins. An action is *guarded*
 * when some policy can grant it (an `access` allow, a `talk` policy) or a PolicySet lists it in
 * `guardedActions`; guarded actions are denied unless a policy allows them. Unguarded actions are
 * allowed with basis `unguarded` (so a scenario without policies runs unrestricted).
 *
 * Policy documents (`apiVersion: edgetwin.io/v1alpha1`, `kind: Policy`, `metadata.name` = id,
 * `spec.type` one of below; or `kind: PolicySet` with `spec.policies: [{name, ...spec}]`):
 *
 *   access       effect allow|deny over `actions`, when `match` (structured) and `when` (expression)
 *                both hold (each defaults to true).
 *   placement    for workloads selected by `match`/`when`: `require` conditions are hard (place and
 *                migrate are denied on a node failing one: a scheduler Filter); `prefer` conditions
 *                carry weights 1..100 and give the node a preference score 0..100 (a Score plugin).
 *   residency    data whose stream carries any of `tags` must stay in `regions` / `zones`: route
 *                decisions whose destination (`to`, and every `transit` node) is outside, or whose
 *                location is unknown (fail closed), are denied; so are store decisions on such a `node`.
 *   encryption   route decisions over a link whose type is in `linkTypes` (for streams carrying any of
 *                `tags`, or all streams when `tags` is absent) get the obligation `encrypt`; they are
 *                denied when such a link says `encryptionCapable: false`.
 *   retention    store decisions for streams carrying any of `tags` get the obligation
 *                `maxRetentionMs` (the smallest cap wins).
 *   attestation  place/migrate of selected workloads (`match`/`when`; default: `workload.sensitive`)
 *                on a node whose `attested` is not true is denied.
 *   talk         least privilege between services: `talk` requests (principal = caller, workload =
 *                callee) are allowed between services of the same app (`sameApp`, default true) or
 *                when an `allow` rule {from, to} matches; anything else falls to default deny.
 *   automation   when `when` holds on observed state (per item with `forEach: node|workload|stream|
 *                link`) → `actions` [{action: evict|migrate|throttle|purge|alert, params}]; the engine
 *                returns the triggered rules, it never performs them.
 *
 * Structured matchers (`match: {workload: {labels: {app: pay}}, node: {tier: [edge, regional]}}`):
 * a list means any-of, a record matches attribute by attribute, a list-valued attribute (tags)
 * matches when it shares an element; a missing entity or attribute does not match. Expressions
 * see the request's fields as roots (`workload`, `node`, `stream`, `link`, `path`, `from`, `to`,
 * `principal`, `plan`, `context`, `action`); a missing attribute is an error (test with `has`).
 */

/** Actions the engine decides on. */
export type Action = 'place' | 'migrate' | 'route' | 'store' | 'approve-plan' | 'push' | 'talk';
/** Every action, in a fixed order. */
export const ACTIONS: readonly Action[] = ['place', 'migrate', 'route', 'store', 'approve-plan', 'push', 'talk'];

/** Automation actions a rule can trigger. */
export type AutomationAction = 'evict' | 'migrate' | 'throttle' | 'purge' | 'alert';
/** Every automation action. */
export const AUTOMATION_ACTIONS: readonly AutomationAction[] = ['evict', 'migrate', 'throttle', 'purge', 'alert'];

/** Policy types (spec.type). */
export type PolicyType = 'access' | 'placement' | 'residency' | 'encryption' | 'retention' | 'attestation' | 'talk' | 'automation';
/** Every policy type. */
export const POLICY_TYPES: readonly PolicyType[] = ['access', 'placement', 'residency', 'encryption', 'retention', 'attestation', 'talk', 'automation'];

/** Entities a request can carry and a matcher can select on. */
export type EntityName = 'principal' | 'workload' | 'node' | 'from' | 'to' | 'stream' | 'link' | 'plan' | 'context';
/** Every entity name. */
export const ENTITY_NAMES: readonly EntityName[] = ['principal', 'workload', 'node', 'from', 'to', 'stream', 'link', 'plan', 'context'];

/** Expected value of one attribute: a scalar, any-of list, or nested record. */
export type MatchValue = string | number | boolean | null | (string | number | boolean | null)[] | { [k: string]: MatchValue };
/** Attribute → expected value for one entity. */
export type EntityMatch = { [attr: string]: MatchValue };
/** Structured matcher over the request's entities; every listed entity must match. */
export type Matcher = Partial<Record<EntityName, EntityMatch>>;

/** A workload (service replica, pod) as the policy engine sees it; plain data. */
export interface PolicyWorkload { id?: string; app?: string; service?: string; labels?: Record<string, string>; sensitive?: boolean; [attr: string]: unknown }
/** A node as the policy engine sees it; plain data. */
export interface PolicyNode { id?: string; tier?: string; region?: string; zone?: string; labels?: Record<string, string>; attested?: boolean; [attr: string]: unknown }
/** A data stream or stored item; `tags` drive residency, encryption and retention. */
export interface PolicyStream { id?: string; tags?: string[]; [attr: string]: unknown }
/** A network link; `encryptionCapable: false` means encryption cannot be applied on it. */
export interface PolicyLink { id?: string; type?: string; encryptionCapable?: boolean; [attr: string]: unknown }

/** What is being decided. Plain data only (no class instances): expressions read it directly. */
export interface DecisionRequest {
  action: Action;
  /** Who acts: the calling service for `talk`, the operator for `approve-plan`/`push`. */
  principal?: PolicyWorkload;
  workload?: PolicyWorkload;
  /** Target node of place/migrate/store. */
  node?: PolicyNode;
  /** Source and destination of a route. */
  from?: PolicyNode;
  to?: PolicyNode;
  /** Intermediate nodes a route crosses (residency checks them too). */
  transit?: PolicyNode[];
  stream?: PolicyStream;
  /** One hop, for per-link decisions. */
  link?: PolicyLink;
  /** The links of a route, in order. */
  path?: PolicyLink[];
  plan?: Record<string, unknown>;
  context?: Record<string, unknown>;
}

/** Constraints attached to an allow. */
export interface Obligations {
  /** The payload must be encrypted in transit. */
  encrypt?: boolean;
  /** The stored item must be deleted after this long. */
  maxRetentionMs?: number;
}

/** A policy that could not be evaluated; it was skipped. */
export interface PolicyError { policyId: string; message: string }

/** Why the decision came out as it did. */
export type DecisionBasis = 'policy' | 'default-deny' | 'unguarded';

/** Outcome of `decide`: deny wins; `policyIds` are those that determined it (sorted). */
export interface Decision {
  decision: 'allow' | 'deny';
  /** On deny: the denying policies. On allow: the allowing policies plus those that attached obligations. */
  policyIds: string[];
  basis: DecisionBasis;
  obligations: Obligations;
  errors: PolicyError[];
}

/** One condition of a placement rule: an expression, a node matcher, or both (all must hold). */
export interface PlacementCondition { when?: string; node?: EntityMatch }
/** A weighted soft preference. */
export interface PlacementPreference extends PlacementCondition { weight: number }

/** An automation action with its parameters. */
export interface AutomationStep { action: AutomationAction; params: Record<string, unknown> }

/** The typed spec of one policy (what a Policy document's `spec` validates into). */
export type PolicySpec =
  | { type: 'access'; effect: 'allow' | 'deny'; actions: Action[]; match?: Matcher; when?: string }
  | { type: 'placement'; match?: Matcher; when?: string; require: PlacementCondition[]; prefer: PlacementPreference[] }
  | { type: 'residency'; tags: string[]; regions?: string[]; zones?: string[] }
  | { type: 'encryption'; linkTypes: string[]; tags?: string[] }
  | { type: 'retention'; tags: string[]; maxRetentionMs: number }
  | { type: 'attestation'; match?: Matcher; when?: string }
  | { type: 'talk'; sameApp: boolean; allow: { from: EntityMatch; to: EntityMatch }[] }
  | { type: 'automation'; forEach?: 'node' | 'workload' | 'stream' | 'link'; when: string; actions: AutomationStep[] };

/** A validated policy: its id (metadata.name) and spec. */
export interface PolicyDoc { id: string; description?: string; spec: PolicySpec }

/** Everything a policy file (or several) declares. */
export interface PolicyBundle { policies: PolicyDoc[]; guardedActions: Action[] }

/** Observed fleet state for automation rules; `forEach` iterates the matching list. */
export interface ObservedState {
  nodes?: Record<string, unknown>[];
  workloads?: Record<string, unknown>[];
  streams?: Record<string, unknown>[];
  links?: Record<string, unknown>[];
  [attr: string]: unknown;
}

/** An automation rule whose condition held: what to do, to what, and which rule asked. */
export interface TriggeredAction {
  policyId: string;
  action: AutomationAction;
  /** The `id` of the item the rule fired for (with `forEach`), else undefined. */
  target?: string;
  params: Record<string, unknown>;
}
