/**
 * Registers every job the workers ship with. Both worker entries import this module, so a new
 * job (the twin's 'simulate') is added here once and is available under Node and in browsers.
 */
import { registerJob } from './jobs.ts';
import { simulateJob } from './jobs/simulate.ts';
import { planJob } from './jobs/plan.ts';
import { selftestCrash, selftestFail, selftestPrng, selftestSpin, selftestSum } from './jobs/selftest.ts';

registerJob('selftest-sum', selftestSum);
registerJob('selftest-prng', selftestPrng);
registerJob('selftest-fail', selftestFail);
registerJob('selftest-spin', selftestSpin);
registerJob('selftest-crash', selftestCrash);
registerJob('simulate', simulateJob);
registerJob('plan', planJob);
