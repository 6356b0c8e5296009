import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    pool: 'threads',
    // A throwaway PostgreSQL server for the store and replica tests (see the file).
    globalSetup: ['test/support/postgres-server.ts'],
    // The lock pins the AWS SDK; its notice that releases from 2027 need Node 22 is noise here.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
