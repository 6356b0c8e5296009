import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import {
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  EXTERNAL_ID,
  MANAGEMENT,
  MANAGEMENT_CREDENTIALS,
  MEMBER,
  OPT_IN,
  OU_APPS,
  OU_TEAM,
  orgWorld,
  REGION,
  ROLE_NAME,
} from '../org-world.js';
import { type FakeAws, startFakeAws } from './server.js';

/** Organizations (JSON 1.1), Account (REST-JSON), disabled regions and expiring sessions, through the real SDK clients. */
let fake: FakeAws;
const config = (credentials = MANAGEMENT_CREDENTIALS) => ({
  endpoint: fake.url,
  region: REGION,
  credentials,
});

beforeAll(async () => {
  fake = await startFakeAws({ world: orgWorld() });
});
afterAll(async () => fake.close());
beforeEach(() => {
  fake.setWorld(orgWorld());
  fake.setKnobs({ sessionSeconds: undefined, clock: undefined });
});

describe('fake Organizations', () => {
  it('pages ListAccounts with NextToken', async () => {
    const world = orgWorld();
    const many = Array.from({ length: 45 }, (_, i) => ({ Id: String(600000000000 + i) }));
    world.organization?.accounts.push(...many);
    fake.setWorld(world);
    const client = new OrganizationsClient(config());
    const first = await client.send(new ListAccountsCommand({}));
    expect(first.Accounts).toHaveLength(20);
    expect(first.NextToken).toBeDefined();
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client }, {}))
      ids.push(...(page.Accounts ?? []).map((a) => a.Id ?? ''));
    expect(ids).toHaveLength(50);
    expect(first.Accounts?.[0]).toMatchObject({ Id: MANAGEMENT, State: 'ACTIVE', Status: 'ACTIVE' });
    client.destroy();
  });

  it('lists the accounts and OUs under a parent, and refuses an unknown one', async () => {
    const client = new OrganizationsClient(config());
    const accounts = await client.send(new ListAccountsForParentCommand({ ParentId: OU_APPS }));
    expect(accounts.Accounts?.map((a) => a.Id)).toEqual([MEMBER, '444444444444']);
    const units = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: OU_APPS }));
    expect(units.OrganizationalUnits?.map((u) => u.Id)).toEqual([OU_TEAM]);
    await expect(
      client.send(new ListAccountsForParentCommand({ ParentId: 'ou-ab12-nothere1' })),
    ).rejects.toMatchObject({
      name: 'ParentNotFoundException',
    });
    client.destroy();
  });

  it('refuses a member account, and an account outside any organization, with AWS’s errors', async () => {
    const member = new OrganizationsClient(
      config({ accessKeyId: `AKIA${MEMBER}XXXX`, secretAccessKey: 'x' }),
    );
    await expect(member.send(new ListAccountsCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    const { organization: _, ...alone } = orgWorld();
    fake.setWorld(alone);
    await expect(member.send(new ListAccountsCommand({}))).rejects.toMatchObject({
      name: 'AWSOrganizationsNotInUseException',
    });
    member.destroy();
  });
});

describe('fake Account and region opt-in', () => {
  it('lists the enabled regions, filtered by status, and refuses calls into a disabled one', async () => {
    const client = new AccountClient(config());
    const enabled = await client.send(
      new ListRegionsCommand({ RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] }),
    );
    expect(enabled.Regions).toEqual([{ RegionName: REGION, RegionOptStatus: 'ENABLED_BY_DEFAULT' }]);
    const disabled = await client.send(
      new ListRegionsCommand({ RegionOptStatusContains: ['DISABLED'], MaxResults: 50 }),
    );
    expect(disabled.Regions?.map((r) => r.RegionName)).toContain(OPT_IN);
    const lambda = new LambdaClient({ ...config(), region: OPT_IN });
    await expect(lambda.send(new ListFunctionsCommand({}))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
    });
    client.destroy();
    lambda.destroy();
  });

  it('expires assumed-role credentials by the clock knob, with ExpiredToken', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    fake.setKnobs({ sessionSeconds: 900, clock: () => now });
    const sts = new STSClient(config());
    const answer = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${MEMBER}:role/${ROLE_NAME}`,
        RoleSessionName: 's',
        DurationSeconds: 3600,
        ExternalId: EXTERNAL_ID,
      }),
    );
    expect(answer.Credentials?.Expiration?.getTime()).toBe(now + 900_000);
    const c = answer.Credentials;
    const lambda = new LambdaClient({
      ...config(),
      credentials: {
        accessKeyId: c?.AccessKeyId ?? '',
        secretAccessKey: c?.SecretAccessKey ?? '',
        sessionToken: c?.SessionToken ?? '',
      },
    });
    await expect(lambda.send(new ListFunctionsCommand({}))).resolves.toBeDefined();
    now += 900_000;
    await expect(lambda.send(new ListFunctionsCommand({}))).rejects.toMatchObject({
      name: 'ExpiredTokenException',
    });
    expect(fake.counts().expired).toMatchObject({ lambda: 1 });
    sts.destroy();
    lambda.destroy();
  });
});
