import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from './server.js';
import { ACCOUNT, CREDENTIALS, clients, OTHER_ACCOUNT, REGION, testWorld } from './test-world.js';

let fake: FakeAws;
let sts: STSClient;

beforeAll(async () => {
  fake = await startFakeAws({ world: testWorld() });
  sts = clients.sts(fake.url);
});

afterAll(async () => {
  sts.destroy();
  await fake.close();
});

describe('fake STS', () => {
  it('answers GetCallerIdentity for the default account', async () => {
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe(ACCOUNT);
    expect(me.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/lambda-audit/fake-session`);
  });

  it('is reachable through AWS_ENDPOINT_URL, as the CLI and the demo use it', async () => {
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = fake.url;
    try {
      const client = new STSClient({ region: REGION, credentials: CREDENTIALS });
      expect((await client.send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNT);
      client.destroy();
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
  });

  it('hands out credentials that see the assumed account', async () => {
    const roleArn = `arn:aws:iam::${OTHER_ACCOUNT}:role/audit`;
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'scan' }));
    const credentials = out.Credentials!;
    expect(credentials.AccessKeyId).toMatch(new RegExp(`^ASIA${OTHER_ACCOUNT}[0-9A-Z]{4}$`));
    expect(credentials.Expiration).toBeInstanceOf(Date);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/audit/scan`);

    const assumed = {
      accessKeyId: credentials.AccessKeyId!,
      secretAccessKey: credentials.SecretAccessKey!,
      sessionToken: credentials.SessionToken!,
    };
    const lambda = new LambdaClient({ endpoint: fake.url, region: REGION, credentials: assumed });
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: 'billing' }));
    expect(fn.Configuration?.FunctionArn).toBe(`arn:aws:lambda:${REGION}:${OTHER_ACCOUNT}:function:billing`);
    lambda.destroy();

    const stsAsOther = clients.sts(fake.url);
    stsAsOther.config.credentials = async () => assumed;
    const who = await stsAsOther.send(new GetCallerIdentityCommand({}));
    expect(who).toMatchObject({
      Account: OTHER_ACCOUNT,
      Arn: `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/audit/scan`,
    });
    stsAsOther.destroy();
  });

  it('denies assuming a role in an account the world does not have', async () => {
    const error = await sts
      .send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::999999999999:role/x', RoleSessionName: 's' }))
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('AccessDenied');
    expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(403);
    expect((error as Error).message).toContain('is not authorized to perform: sts:AssumeRole on resource');
  });
});
