import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // A live OpenSearch for the run when a test file in it uses one (OPENSEARCH_URL).
    globalSetup: ['test/support/opensearch-global-setup.ts'],
  },
});
