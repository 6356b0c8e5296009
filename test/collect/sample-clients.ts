/**
 * The setup the collector tests share: the fake AWS on the sample account, SDK clients for its
 * main region, and fresh collect options (roles polled at once) with the knobs reset per test.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createClients } from '../../src/aws/clients.js';
import type { CollectOptions } from '../../src/collect/function.js';
import { FunctionIndex } from '../../src/collect/function-index.js';
import { RoleReader } from '../../src/collect/role.js';
import type { FakeAws } from '../fakes/aws/index.js';
import { startSampleAws } from '../fakes/sample-world.js';

export const REGION = 'eu-central-1';

export interface SampleAws {
  fake: FakeAws;
  clients: ReturnType<typeof createClients>;
  options: CollectOptions;
}

/** Registers the hooks; the returned object is filled in before each test runs. */
export function useSampleAws(): SampleAws {
  const ctx = {} as SampleAws;
  beforeAll(async () => {
    const started = await startSampleAws();
    ctx.fake = started.fake;
    ctx.clients = createClients({ region: REGION, ...started.aws });
  });
  afterAll(async () => ctx.fake.close());
  beforeEach(() => {
    ctx.options = {
      now: new Date(),
      logWindowMs: 86_400_000,
      roles: new RoleReader({ pollFirstMs: 1 }),
      functions: new FunctionIndex(
        () => [REGION],
        () => ctx.clients,
      ),
    };
    ctx.fake.reset();
    ctx.fake.setKnobs({ accessDenied: [], failures: {}, latencyMs: 0 });
  });
  return ctx;
}
