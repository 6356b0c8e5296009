import { ListRolesCommand } from '@aws-sdk/client-iam';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClients, destroyClients } from '../../src/aws/clients.js';
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
