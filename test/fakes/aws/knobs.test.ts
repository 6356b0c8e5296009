import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { GetFunctionCommand, GetPolicyCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from './server.js';
import { ACCOUNT, clients, FN_ARN, testWorld } from './test-world.js';

let fake: FakeAws;

beforeAll(async () => {
  fake = await startFakeAws({ world: testWorld() });
});

afterEach(() => {
  fake.setKnobs({ rateLimits: {}, failures: {}, accessDenied: [], latencyMs: 0 });
  fake.reset();
});

afterAll(async () => {
  await fake.close();
});

interface SdkError {
  name: string;
  message: string;
  $metadata: { httpStatusCode?: number; attempts?: number };
}

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as SdkError,
  );
}

describe('fake AWS knobs', () => {
  it('answers AccessDenied in each service’s own shape and words', async () => {
    fake.setKnobs({ accessDenied: ['lambda:GetPolicy', 'iam:GetRole', 'logs:*'] });
    const lambda = clients.lambda(fake.url);
    const denied = await failure(lambda.send(new GetPolicyCommand({ FunctionName: 'orders-api' })));
    expect(denied).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    expect(denied.message).toBe(
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/lambda-audit/fake-session is not authorized to perform: ` +
        `lambda:GetPolicy on resource: ${FN_ARN} because no identity-based policy allows the lambda:GetPolicy action`,
    );
    // Other APIs are unaffected.
    await lambda.send(new GetFunctionCommand({ FunctionName: 'orders-api' }));

    const iamError = await failure(
      clients.iam(fake.url).send(new GetRoleCommand({ RoleName: 'orders-api-role' })),
    );
    expect(iamError).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    const logsError = await failure(
      clients.logs(fake.url).send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/orders-api' })),
    );
    expect(logsError).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    expect(fake.counts().denied).toEqual({
      'iam:GetRole': 1,
      'lambda:GetPolicy': 1,
      'logs:FilterLogEvents': 1,
    });
  });

  it('denies only the named resource when a rule names one', async () => {
    fake.setKnobs({ accessDenied: [{ api: 'lambda:GetFunction', resource: '*:function:fn-*' }] });
    const lambda = clients.lambda(fake.url);
    await lambda.send(new GetFunctionCommand({ FunctionName: 'orders-api' }));
    fake.setWorld(testWorld(1));
    const error = await failure(lambda.send(new GetFunctionCommand({ FunctionName: 'fn-000' })));
    expect(error.name).toBe('AccessDeniedException');
    fake.setWorld(testWorld());
  });

  it.each([
    ['lambda', 'TooManyRequestsException', 429],
    ['iam', 'Throttling', 400],
    ['logs', 'ThrottlingException', 400],
  ] as const)('throttles %s with %s once the rate is exceeded', async (service, name, status) => {
    fake.setKnobs({ rateLimits: { [`${service}:*`]: 1 } });
    const send = {
      lambda: () => clients.lambda(fake.url, { maxAttempts: 1 }).send(new ListFunctionsCommand({})),
      iam: () =>
        clients.iam(fake.url, { maxAttempts: 1 }).send(new GetRoleCommand({ RoleName: 'orders-api-role' })),
      logs: () =>
        clients
          .logs(fake.url, { maxAttempts: 1 })
          .send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/orders-api' })),
    }[service];
    await send();
    const error = await failure(send());
    expect(error).toMatchObject({ name, $metadata: { httpStatusCode: status } });
    expect([...fake.throttled.values()]).toEqual([1]);
  });

  it('lets the SDK retry a Lambda throttle and succeed when the rate allows', async () => {
    // A burst of 10 refilled at 2/s: 12 calls at once leave 2 throttled however slowly the loaded
    // machine sends them (they would have to spread over half a second to be let through), and
    // generous attempts let the retries wait for the refill.
    fake.setKnobs({ rateLimits: { 'lambda:GetPolicy': 2 }, rateBursts: { 'lambda:GetPolicy': 10 } });
    const lambda = clients.lambda(fake.url, { maxAttempts: 6 });
    const results = await Promise.all(
      Array.from({ length: 12 }, () => lambda.send(new GetPolicyCommand({ FunctionName: 'orders-api' }))),
    );
    expect(results.every((r) => r.Policy)).toBe(true);
    expect(fake.throttled.get('lambda:GetPolicy')).toBeGreaterThanOrEqual(2);
    expect(fake.calls.get('lambda:GetPolicy')).toBe(12 + (fake.throttled.get('lambda:GetPolicy') ?? 0));
    expect(Math.max(...results.map((r) => r.$metadata.attempts ?? 1))).toBeGreaterThan(1);
    fake.setKnobs({ rateBursts: {} });
  });

  it("holds a documented burst above one second's worth, then throttles at the rate", async () => {
    // API Gateway's control plane is 10/s with a burst of 40; here 0.1/s with 5, so no refill lands.
    fake.setKnobs({ rateLimits: { 'lambda:*': 0.1 }, rateBursts: { 'lambda:*': 5 } });
    const lambda = clients.lambda(fake.url, { maxAttempts: 1 });
    for (let i = 0; i < 5; i++) await lambda.send(new ListFunctionsCommand({}));
    const error = await failure(lambda.send(new ListFunctionsCommand({})));
    expect(error).toMatchObject({ name: 'TooManyRequestsException' });
    fake.setKnobs({ rateBursts: {} });
  });

  it('draws from the most specific limit: an API with its own quota does not use the shared one', async () => {
    fake.setKnobs({ rateLimits: { 'lambda:GetPolicy': 100, 'lambda:*': 2 } });
    const lambda = clients.lambda(fake.url, { maxAttempts: 1 });
    for (let i = 0; i < 5; i++) await lambda.send(new GetPolicyCommand({ FunctionName: 'orders-api' }));
    await lambda.send(new GetFunctionCommand({ FunctionName: 'orders-api' }));
    await lambda.send(new GetFunctionCommand({ FunctionName: 'orders-api' }));
    const error = await failure(lambda.send(new GetFunctionCommand({ FunctionName: 'orders-api' })));
    expect(error).toMatchObject({ name: 'TooManyRequestsException', Reason: 'CallerRateLimitExceeded' });
    expect(Number((error as SdkError & { retryAfterSeconds?: string }).retryAfterSeconds)).toBeGreaterThan(0);
  });

  it('injects 5xx failures every Nth call, which the SDK retries', async () => {
    fake.setKnobs({ failures: { 'lambda:GetFunction': { every: 2 } } });
    const once = clients.lambda(fake.url, { maxAttempts: 1 });
    await once.send(new GetFunctionCommand({ FunctionName: 'orders-api' }));
    const error = await failure(once.send(new GetFunctionCommand({ FunctionName: 'orders-api' })));
    expect(error).toMatchObject({ name: 'ServiceException', $metadata: { httpStatusCode: 500 } });
    const retrying = clients.lambda(fake.url, { maxAttempts: 3 });
    await retrying.send(new GetFunctionCommand({ FunctionName: 'orders-api' })); // call 3 passes
    const out = await retrying.send(new GetFunctionCommand({ FunctionName: 'orders-api' })); // 4 fails, 5 passes
    expect(out.$metadata.attempts).toBe(2);
    expect(fake.counts().failed).toEqual({ 'lambda:GetFunction': 2 });
  });

  it('injects a reproducible seeded share of failures', async () => {
    const run = async () => {
      fake.setKnobs({ failures: { 'iam:*': { ratio: 0.5, seed: 7 } } });
      const iam = clients.iam(fake.url, { maxAttempts: 1 });
      const outcomes: boolean[] = [];
      for (let i = 0; i < 20; i++) {
        outcomes.push(
          await iam.send(new GetRoleCommand({ RoleName: 'orders-api-role' })).then(
            () => true,
            () => false,
          ),
        );
      }
      return outcomes;
    };
    const first = await run();
    expect(first.filter((ok) => !ok).length).toBeGreaterThan(3);
    expect(first.filter((ok) => ok).length).toBeGreaterThan(3);
    expect(await run()).toEqual(first);
  });

  it('delays answers by latencyMs, per API when given a table', async () => {
    fake.setKnobs({ latencyMs: { 'lambda:GetFunction': 300 } });
    const lambda = clients.lambda(fake.url);
    // A lower bound only: a timer never fires early, but a loaded machine can make anything late.
    const started = performance.now();
    await lambda.send(new GetFunctionCommand({ FunctionName: 'orders-api' }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    await lambda.send(new ListFunctionsCommand({}));
    expect(fake.counts().delayed).toEqual({ 'lambda:GetFunction': 1 });
  });

  it('counts every call by API, and reset clears the counts', async () => {
    const lambda = clients.lambda(fake.url);
    await lambda.send(new GetFunctionCommand({ FunctionName: 'orders-api' }));
    await lambda.send(new GetFunctionCommand({ FunctionName: 'orders-api' }));
    await failure(lambda.send(new GetPolicyCommand({ FunctionName: 'nope' })));
    expect(fake.counts()).toMatchObject({
      calls: { 'lambda:GetFunction': 2, 'lambda:GetPolicy': 1 },
      total: 3,
    });
    fake.reset();
    expect(fake.counts().total).toBe(0);
  });
});
