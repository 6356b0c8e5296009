import {
  GenerateServiceLastAccessedDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetServiceLastAccessedDetailsCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  NoSuchEntityException,
  paginateListRoles,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from './server.js';
import { ACCOUNT, clients, INLINE_POLICY, REGION, ROLE_ARN, TRUST_POLICY, testWorld } from './test-world.js';

let fake: FakeAws;
let iam: IAMClient;

beforeAll(async () => {
  fake = await startFakeAws({ world: testWorld(), lastAccessedPolls: 2 });
  iam = clients.iam(fake.url);
});

afterAll(async () => {
  iam.destroy();
  await fake.close();
});

/** IAM sends documents URL-encoded and the SDK hands them over as they came. */
function decode(document: string | undefined): unknown {
  return JSON.parse(decodeURIComponent(document ?? ''));
}

describe('fake IAM', () => {
  it('answers GetRole with a URL-encoded trust policy, dates and RoleLastUsed', async () => {
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'orders-api-role' }));
    expect(Role?.Arn).toBe(ROLE_ARN);
    expect(Role?.AssumeRolePolicyDocument).toMatch(/^%7B%22Version%22/);
    expect(decode(Role?.AssumeRolePolicyDocument)).toEqual(TRUST_POLICY);
    expect(Role?.CreateDate).toEqual(new Date('2023-05-01T10:00:00Z'));
    expect(Role?.RoleLastUsed?.Region).toBe(REGION);
    const ago = Date.now() - (Role?.RoleLastUsed?.LastUsedDate?.getTime() ?? 0);
    expect(ago).toBeGreaterThan(3_500_000);
    expect(ago).toBeLessThan(3_700_000);
  });

  it('answers NoSuchEntity (404) for an unknown role', async () => {
    const error = await iam.send(new GetRoleCommand({ RoleName: 'ghost' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoSuchEntityException);
    expect((error as NoSuchEntityException).$metadata.httpStatusCode).toBe(404);
    expect((error as Error).message).toBe('The role with name ghost cannot be found.');
  });

  it('lists attached and inline policies and decodes inline documents', async () => {
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'orders-api-role' }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyName)).toEqual([
      'AWSLambdaBasicExecutionRole',
      'orders-extra',
    ]);
    expect(attached.IsTruncated).toBe(false);
    expect(attached.Marker).toBeUndefined();
    const inline = await iam.send(new ListRolePoliciesCommand({ RoleName: 'orders-api-role' }));
    expect(inline.PolicyNames).toEqual(['s3-access']);
    const doc = await iam.send(
      new GetRolePolicyCommand({ RoleName: 'orders-api-role', PolicyName: 's3-access' }),
    );
    expect(decode(doc.PolicyDocument)).toEqual(INLINE_POLICY);
  });

  it('serves AWS-managed policies from the snapshot, under their real path', async () => {
    const arn = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    expect(Policy).toMatchObject({
      Arn: arn,
      Path: '/service-role/',
      DefaultVersionId: 'v1',
      AttachmentCount: 1,
    });
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    expect(decode(version.PolicyVersion?.Document)).toMatchObject({ Statement: [{ Resource: '*' }] });
    expect(version.PolicyVersion?.IsDefaultVersion).toBe(true);
  });

  it('serves customer policies with their default and older versions', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:policy/orders-extra`;
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    expect(Policy?.DefaultVersionId).toBe('v2');
    const v2 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
    expect(decode(v2.PolicyVersion?.Document)).toMatchObject({ Statement: [{ Action: 'sqs:*' }] });
    const v1 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    expect(v1.PolicyVersion?.IsDefaultVersion).toBe(false);
    const missing = await iam
      .send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' }))
      .catch((e: unknown) => e);
    expect((missing as Error).name).toBe('NoSuchEntityException');
  });

  it('lists every role over IsTruncated/Marker pages, with no Marker on the last page', async () => {
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListRoles({ client: iam, pageSize: 50 }, {})) {
      pages += 1;
      names.push(...(page.Roles ?? []).map((r) => r.RoleName ?? ''));
    }
    expect(pages).toBe(3);
    expect(names).toHaveLength(131);
  });

  it('reports last-accessed details IN_PROGRESS first, then COMPLETED with tracked actions', async () => {
    fake.setKnobs({ lastAccessedPolls: 2 }); // whichever test ran before
    const { JobId } = await iam.send(
      new GenerateServiceLastAccessedDetailsCommand({ Arn: ROLE_ARN, Granularity: 'ACTION_LEVEL' }),
    );
    expect(JobId).toBeTruthy();
    const statuses: string[] = [];
    let done = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    statuses.push(done.JobStatus ?? '');
    while (done.JobStatus === 'IN_PROGRESS') {
      done = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
      statuses.push(done.JobStatus ?? '');
    }
    expect(statuses).toEqual(['IN_PROGRESS', 'IN_PROGRESS', 'COMPLETED']);
    const [s3, lambda] = done.ServicesLastAccessed ?? [];
    expect(s3?.ServiceNamespace).toBe('s3');
    expect(s3?.LastAuthenticated).toBeInstanceOf(Date);
    expect(s3?.TrackedActionsLastAccessed?.map((a) => a.ActionName)).toEqual(['GetObject', 'PutObject']);
    expect(lambda).toMatchObject({ ServiceNamespace: 'lambda', TotalAuthenticatedEntities: 0 });
    expect(lambda?.LastAuthenticated).toBeUndefined();
  });

  it('omits tracked actions at SERVICE_LEVEL', async () => {
    fake.setKnobs({ lastAccessedPolls: 0 });
    const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: ROLE_ARN }));
    const done = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    expect(done.JobStatus).toBe('COMPLETED');
    expect(done.ServicesLastAccessed?.[0]?.TrackedActionsLastAccessed).toBeUndefined();
  });
});
