import { defineConfig } from 'vitest/config';

const redis = './test/global/redis.ts';

// Four tiers (../shared/TESTING.md): unit beside the code, component tests driving
// createApp with a real Redis, integration tests running the built processes one file at a
// time, browser tests driving the workspace page in headless Chromium.
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          // Two workers (the machine has two cores): unit and component files run before the
          // serial integration and browser files, never beside them (vitest runs the
          // fileParallelism:false projects in a group of their own, after this one).
          maxWorkers: 2,
          include: ['services/**/*.test.ts', 'lab/**/*.test.ts', 'bench/**/*.test.ts', 'bot/**/*.test.ts', 'chaos/**/*.test.ts', 'dashboards/**/*.test.ts', 'load/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.component.test.ts', '**/*.integration.test.ts', '**/*.browser.test.ts', 'node_modules/**', 'dist/**'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'component',
          maxWorkers: 2,
          include: ['**/*.component.test.ts'],
          exclude: ['node_modules/**', 'dist/**'],
          globalSetup: [redis],
          testTimeout: 60_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.integration.test.ts'],
          exclude: ['node_modules/**', 'dist/**'],
          globalSetup: [redis],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // Headless Chromium (Debian's chromium, driven by playwright-core) against the workspace page.
          name: 'browser',
          include: ['**/*.browser.test.ts'],
          exclude: ['node_modules/**', 'dist/**'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
