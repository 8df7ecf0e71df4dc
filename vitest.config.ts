import { defineConfig } from 'vitest/config';

// Unit and integration tests run in Node; browser behaviour is covered by e2e/ in Chromium.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // an it.only left in a file would narrow `npm test` and still pass: single tests are run with -t
    allowOnly: false,
    pool: 'forks',
    // Redis and PostgreSQL for the scaled-out store tests (started here when installed but down)
    globalSetup: ['src/server/testing/vitest-services.ts'],
  },
});
