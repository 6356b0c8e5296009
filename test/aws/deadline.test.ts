import { ListRolesCommand } from '@aws-sdk/client-iam';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClients, destroyClients } from '../../src/aws/clients.js';
import { withinDeadline } from '../../src/aws/deadline.js';
import type { FakeAws } from '../fakes/aws/index.js';
import { CREDENTIALS, startSampleAws } from '../fakes/sample-world.js';

let fake: FakeAws;

beforeAll(async () => {
  ({ fake } = await startSampleAws());
});
afterAll(async () => fake.close());

describe('connections to AWS', () => {
  it("are kept alive in one pool for the process: clients of other accounts and services reuse them, and destroying one client leaves the others' calls working", async () => {
    // Two accounts' clients, as an organization scan makes them: each of its own, same endpoint.
    const first = createClients({ region: 'eu-central-1', endpoint: fake.url, credentials: CREDENTIALS });
    const second = createClients({ region: 'eu-central-1', endpoint: fake.url, credentials: CREDENTIALS });
    const before = fake.counts().connections;

    await first.lambda.send(new ListFunctionsCommand({}));
    await second.iam.send(new ListRolesCommand({}));
    await second.lambda.send(new ListFunctionsCommand({}));
    destroyClients(first);
    const listed = await second.lambda.send(new ListFunctionsCommand({}));

    expect(listed.Functions?.length).toBeGreaterThan(0);
    expect(fake.counts().connections - before).toBe(1);
    destroyClients(second);
  });
});

describe('the deadline of a call', () => {
  // The clients resolve a command's middleware once (cacheMiddleware): one context for all its calls.
  afterAll(() => fake.setKnobs({ latencyMs: 0, rateLimits: {}, failures: {} }));

  it("aborts that call only: the command's next call, under a deadline of its own, answers", async () => {
    const clients = createClients({ region: 'eu-central-1', endpoint: fake.url, credentials: CREDENTIALS });
    fake.setKnobs({ latencyMs: { 'lambda:ListFunctions': 20_000 } });
    const late = withinDeadline(100, 'AUDIT_DEADLINE', () =>
      clients.lambda.send(new ListFunctionsCommand({})),
    );
    await expect(late).rejects.toMatchObject({ name: 'AbortError' });

    // Its first attempt fails (every second call does: the one before passes): it is retried,
    // which a retry middleware still holding the first call's aborted signal would refuse.
    fake.setKnobs({ latencyMs: 0, failures: { 'lambda:ListFunctions': { every: 2 } } });
    fake.reset();
    await clients.lambda.send(new ListFunctionsCommand({}));
    const listed = await withinDeadline(30_000, 'AUDIT_DEADLINE', () =>
      clients.lambda.send(new ListFunctionsCommand({})),
    );
    expect(listed.Functions?.length).toBeGreaterThan(0);
    expect(listed.$metadata.attempts).toBe(2);
    destroyClients(clients);
  });

  it('ends the wait between retries of a throttled call', async () => {
    const clients = createClients({ region: 'eu-central-1', endpoint: fake.url, credentials: CREDENTIALS });
    // Every call throttled: the SDK backs off (from 500 ms, doubling, five times) between attempts.
    fake.setKnobs({ rateLimits: { 'lambda:ListFunctions': 0.01 } });
    fake.reset();
    await clients.lambda.send(new ListFunctionsCommand({})); // the bucket's one token
    const throttled = withinDeadline(300, 'AUDIT_DEADLINE', () =>
      clients.lambda.send(new ListFunctionsCommand({})),
    );
    await expect(throttled).rejects.toMatchObject({ name: 'AbortError' });
    // Aborted while waiting to retry, not while a request was open: fewer attempts than allowed.
    expect(fake.counts().throttled['lambda:ListFunctions']).toBeLessThan(6);
    destroyClients(clients);
  });
});
