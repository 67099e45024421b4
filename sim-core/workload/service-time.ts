/**
 * Service-time draws: the mean is cpuWorkMs / coreSpeed of the node; the shape comes from the
 * service model (exponential by default, constant, or lognormal with a coefficient of variation).
 */
import { cos, exp, log } from '../des/det-math.ts';
import type { Rng } from '../des/rng.ts';
import type { ServiceModel } from '../scenario/model.ts';

/** Draws one service time in ms with the given mean. */
export type ServiceTimeDraw = (rng: Rng, meanMs: number) => number;

/** Returns the draw function for a service's service-time shape. */
export function serviceTimeDraw(shape: ServiceModel['serviceTime']): ServiceTimeDraw {
  if (shape === 'constant') return (_rng, meanMs) => meanMs;
  if (shape === 'exponential') return (rng, meanMs) => -log(1 - rng.next()) * meanMs;
  const cv = shape.cv;
  if (!(cv >= 0)) throw new Error(`lognormal service time needs cv >= 0, got ${cv}`);
  // For a lognormal with mean m and coefficient of variation cv: sigma^2 = ln(1 + cv^2), mu = ln m - sigma^2/2.
  const sigma2 = log(1 + cv * cv);
  const sigma = Math.sqrt(sigma2);
  return (rng, meanMs) => {
    // Box–Muller, one variate per draw to keep draws aligned per message.
    const u1 = 1 - rng.next();
    const u2 = rng.next();
    const z = Math.sqrt(-2 * log(u1)) * cos(2 * Math.PI * u2);
    return exp(log(meanMs) - sigma2 / 2 + sigma * z);
  };
}
