import {
  GetCodeSigningConfigCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  GetFunctionUrlConfigCommand,
  GetPolicyCommand,
  type LambdaClient,
  ListAliasesCommand,
  ListEventSourceMappingsCommand,
  ListFunctionEventInvokeConfigsCommand,
  ListFunctionUrlConfigsCommand,
  ListTagsCommand,
  paginateListEventSourceMappings,
  paginateListFunctions,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from './server.js';
import {
  ACCOUNT,
  CSC_ARN,
  clients,
  FN_ARN,
  FUNCTION_POLICY,
  REGION,
  ROLE_ARN,
  testWorld,
} from './test-world.js';

let fake: FakeAws;
let lambda: LambdaClient;

beforeAll(async () => {
  fake = await startFakeAws({ world: testWorld(120) });
  lambda = clients.lambda(fake.url);
});

afterAll(async () => {
  lambda.destroy();
  await fake.close();
});

describe('fake Lambda', () => {
  it.each([
    ['a name', 'orders-api'],
    ['a partial ARN', `${ACCOUNT}:function:orders-api`],
    ['a full ARN', FN_ARN],
  ])('finds a function by %s', async (_label, name) => {
    const out = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
    expect(out.Configuration?.FunctionArn).toBe(FN_ARN);
    expect(out.Configuration?.Role).toBe(ROLE_ARN);
    expect(out.Tags).toEqual({ team: 'payments' });
    expect(out.Concurrency?.ReservedConcurrentExecutions).toBe(10);
    expect(out.Code?.RepositoryType).toBe('S3');
  });

  it('answers a qualified ARN with the alias version', async () => {
    const out = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: `${FN_ARN}:live` }));
    expect(out.FunctionArn).toBe(`${FN_ARN}:live`);
    expect(out.Version).toBe('3');
    expect(out.Environment?.Variables).toEqual({ TABLE: 'orders' });
  });

  it('answers 404 ResourceNotFoundException with the real message for an unknown function', async () => {
    const error = await lambda
      .send(new GetFunctionCommand({ FunctionName: 'nope' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
    expect((error as Error).message).toBe(
      `Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:nope`,
    );
  });

  it('lists every function over paginated pages of at most 50', async () => {
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListFunctions({ client: lambda }, {})) {
      pages += 1;
      expect(page.Functions?.length).toBeLessThanOrEqual(50);
      names.push(...(page.Functions ?? []).map((f) => f.FunctionName ?? ''));
    }
    expect(pages).toBe(3);
    expect(names).toHaveLength(121);
    expect(new Set(names).size).toBe(121);
  });

  it('returns the function policy as a JSON string, and the alias policy by Qualifier', async () => {
    const own = await lambda.send(new GetPolicyCommand({ FunctionName: 'orders-api' }));
    expect(JSON.parse(own.Policy ?? '')).toEqual(FUNCTION_POLICY);
    expect(own.RevisionId).toMatch(/^[0-9a-f-]{36}$/);
    const alias = await lambda.send(new GetPolicyCommand({ FunctionName: 'orders-api', Qualifier: 'live' }));
    expect(JSON.parse(alias.Policy ?? '').Statement).toEqual([]);
  });

  it('answers GetPolicy without a policy with ResourceNotFoundException', async () => {
    const fillerError = await lambda
      .send(new GetPolicyCommand({ FunctionName: 'fn-000' }))
      .catch((e: unknown) => e);
    expect(fillerError).toBeInstanceOf(ResourceNotFoundException);
    const aliasError = await lambda
      .send(new GetPolicyCommand({ FunctionName: 'orders-api', Qualifier: 'beta' }))
      .catch((e: unknown) => e);
    expect((aliasError as Error).name).toBe('ResourceNotFoundException');
  });

  it('lists aliases without their policies', async () => {
    const out = await lambda.send(new ListAliasesCommand({ FunctionName: 'orders-api' }));
    expect(out.Aliases?.map((a) => [a.Name, a.FunctionVersion, a.AliasArn])).toEqual([
      ['live', '3', `${FN_ARN}:live`],
      ['beta', '4', `${FN_ARN}:beta`],
    ]);
    expect(out.Aliases?.[0]).not.toHaveProperty('Policy');
    expect(out.NextMarker).toBeUndefined();
  });

  it('serves function URL configs, unqualified and per alias, and 404 when there is none', async () => {
    const plain = await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'orders-api' }));
    expect(plain).toMatchObject({ AuthType: 'NONE', FunctionArn: FN_ARN, Cors: { AllowOrigins: ['*'] } });
    const live = await lambda.send(
      new GetFunctionUrlConfigCommand({ FunctionName: 'orders-api', Qualifier: 'live' }),
    );
    expect(live).toMatchObject({ AuthType: 'AWS_IAM', FunctionArn: `${FN_ARN}:live` });
    const list = await lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'orders-api' }));
    expect(list.FunctionUrlConfigs).toHaveLength(2);
    const none = await lambda
      .send(new GetFunctionUrlConfigCommand({ FunctionName: 'fn-001' }))
      .catch((e: unknown) => e);
    expect((none as Error).name).toBe('ResourceNotFoundException');
  });

  it('lists event source mappings by function and account-wide across pages', async () => {
    const byName = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'orders-api' }));
    expect(byName.EventSourceMappings?.map((m) => m.UUID)).toEqual(['esm-1']);
    const byAlias = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: `${FN_ARN}:live` }));
    expect(byAlias.EventSourceMappings?.map((m) => m.UUID)).toEqual(['esm-2']);
    const all: string[] = [];
    for await (const page of paginateListEventSourceMappings({ client: lambda }, {})) {
      all.push(...(page.EventSourceMappings ?? []).map((m) => m.UUID ?? ''));
    }
    expect(all).toHaveLength(152);
  });

  it('serves event-invoke configs, code signing, tags and concurrency', async () => {
    const invoke = await lambda.send(
      new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'orders-api' }),
    );
    expect(invoke.FunctionEventInvokeConfigs?.[0]).toMatchObject({
      MaximumRetryAttempts: 0,
      FunctionArn: `${FN_ARN}:$LATEST`,
    });
    expect(invoke.FunctionEventInvokeConfigs?.[0]?.LastModified).toBeInstanceOf(Date);

    const csc = await lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'orders-api' }));
    expect(csc.CodeSigningConfigArn).toBe(CSC_ARN);
    const config = await lambda.send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: CSC_ARN }));
    expect(config.CodeSigningConfig?.CodeSigningPolicies?.UntrustedArtifactOnDeployment).toBe('Enforce');
    const noCsc = await lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'fn-002' }));
    expect(noCsc.CodeSigningConfigArn).toBe('');

    const tags = await lambda.send(new ListTagsCommand({ Resource: FN_ARN }));
    expect(tags.Tags).toEqual({ team: 'payments' });

    expect(
      (await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'orders-api' })))
        .ReservedConcurrentExecutions,
    ).toBe(10);
    const unreserved = await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'fn-003' }));
    expect(unreserved.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('denies reading another account’s function', async () => {
    const error = await lambda
      .send(
        new GetFunctionCommand({ FunctionName: `arn:aws:lambda:${REGION}:210987654321:function:billing` }),
      )
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('AccessDeniedException');
  });
});
