import { defineConfig } from 'vitest/config';

// Tests that drive headless Chromium run after everything else, one file at a time: they measure
// the app's main thread (long tasks, frame rates), which other test files on the same two cores
// would distort, and they start their own browser and builds.
const BROWSER = [
  'tests/e2e/**/*.test.ts',
  'tests/app/**/*e2e*.test.ts',
  'tests/app/scene/scene-browser.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two test files at a time on the two cores of CI (vitest's default is cores − 1 = one): most
    // files wait on child processes, real servers and browsers rather than compute.
    maxWorkers: 2,
    // Debian packages of the real servers the live-side tests start (once, before every file).
    globalSetup: ['tests/connectors/support/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: ['tests/bench/**', 'node_modules/**', ...BROWSER], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'browser', include: BROWSER, exclude: ['node_modules/**'], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
