/** Types of link degradations (link-degradation.ts), apart so the twin's state can name them without importing behaviour. */

/** What one degradation does; an absent field leaves that property alone. */
export interface Degradation { latencyFactor?: number; bandwidthFactor?: number; loss?: number }

/** A link's degradable values. */
export interface LinkValues { latencyMs: number; bandwidthBps: number; loss: number }

/** A degraded link: its values before the first active degradation, and the active ones by fault index. */
export interface DegradedLink { base: LinkValues; active: Map<number, Degradation> }
