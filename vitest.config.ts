import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code; integration and browser tests live under test/ and share one
// PostgreSQL started by the global setup (each test file gets its own database from a template).
export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Browser tests poll for what a person would see; on a loaded 2-core machine a page can take a few
    // seconds. A condition that never becomes true still fails, after 10 s instead of 1 s.
    expect: { poll: { timeout: 10_000 } },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['api/**/*.test.ts', 'rotation/**/*.test.ts', 'web/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/bench/**'],
          globalSetup: ['test/harness/global-setup.ts'],
        },
      },
      {
        // Benchmarks print figures; they are not part of npm test (`npm run bench`).
        extends: true,
        test: { name: 'bench', include: ['test/bench/**/*.bench.ts'], globalSetup: ['test/harness/global-setup.ts'], testTimeout: 1_800_000 },
      },
    ],
  },
});
