import { describe, expect, it } from 'vitest';
import { jobNames, registerJob, runJob } from '../../workers/jobs.ts';
import '../../workers/builtin-jobs.ts';

describe('job registry', () => {
  it('ships the self-test jobs', () => {
    expect(jobNames()).toEqual(expect.arrayContaining(['selftest-crash', 'selftest-fail', 'selftest-prng', 'selftest-spin', 'selftest-sum']));
  });

  it('an unknown job rejects, listing the registered ones', async () => {
    await expect(runJob('simulat', {})).rejects.toThrow(/unknown job "simulat"; registered jobs: .*selftest-sum/);
  });

  it('refuses a second registration under the same name', () => {
    expect(() => registerJob('selftest-sum', () => 0)).toThrow(/"selftest-sum" is already registered/);
    expect(() => registerJob('', () => 0)).toThrow(/non-empty/);
  });

  it('selftest-sum sums and reports progress per chunk', async () => {
    const seen: unknown[] = [];
    expect(await runJob('selftest-sum', { values: [1, 2, 3, 4, 5], chunk: 2 }, (p) => seen.push(p))).toBe(15);
    expect(seen).toEqual([{ done: 2, total: 5 }, { done: 4, total: 5 }, { done: 5, total: 5 }]);
  });

  it('selftest-prng is deterministic in (seed, draws) and differs across seeds', async () => {
    const a = await runJob('selftest-prng', { seed: 7, draws: 10_000 });
    const b = await runJob('selftest-prng', { seed: 7, draws: 10_000 });
    const c = await runJob('selftest-prng', { seed: 8, draws: 10_000 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    // A fair generator: 10k draws below 0.5 ≈ 5000 ± 4σ (σ = 50).
    expect(Math.abs((a as { below: number }).below - 5000)).toBeLessThan(200);
  });

  it('selftest-fail throws the given message', async () => {
    await expect(runJob('selftest-fail', { message: 'disk on fire' })).rejects.toThrow('disk on fire');
  });
});
