import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    pool: 'threads',
    // Most files wait on sockets, child processes and PostgreSQL rather than compute: one worker
    // per core (vitest's default leaves one core idle, a single worker on 2 cores).
    maxWorkers: Math.max(2, availableParallelism()),
    // Files share their worker's modules instead of loading the AWS SDK, Bolt and the IAM catalog
    // afresh each (half the suite's time on 2 cores). So a test file leaves nothing behind: it
    // restores timers and environment it changes, and copies the fixtures it edits.
    isolate: false,
    // A throwaway PostgreSQL server for the store and replica tests (see the file).
    globalSetup: ['test/support/postgres-server.ts'],
    // The lock pins the AWS SDK; its notice that releases from 2027 need Node 22 is noise here.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
