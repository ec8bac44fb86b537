import { defineConfig } from 'vitest/config';

/**
 * One `npm test` runs every suite. Projects keep their environments apart:
 *  - unit:        pure unit tests and static checks (template, workflows, scripts), Node env
 *  - integration: backend handlers against real DynamoDB Local + s3rver (started in globalSetup)
 *  - local:       the `npm start` runtime, driven over real HTTP
 *  - frontend:    web-app unit tests in happy-dom
 *  - e2e:         the web app in headless Chromium against the local runtime
 */
// This machine runs Node 20; the SDK's reminder that Lambda-era Node 22 is coming is noise in tests.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export default defineConfig({
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['backend/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['backend/test/integration/**', '**/node_modules/**'],
          setupFiles: ['backend/test/setup-env.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          include: ['backend/test/integration/**/*.test.ts'],
          globalSetup: ['backend/test/integration/global-setup.ts'],
          setupFiles: ['backend/test/integration/setup-env.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // One emulator pair is shared; files run one after another to keep timings honest.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'local',
          environment: 'node',
          include: ['local/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'frontend',
          environment: 'happy-dom',
          include: ['frontend/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['frontend/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
