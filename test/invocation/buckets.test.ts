import { describe, expect, it } from 'vitest';
import { derivePaths } from '../../src/invocation/paths.js';
import type { BucketData, PolicyStatement, TriggerSource } from '../../src/model.js';
import { FOREIGN, ORG, policyOf, S3_SCOPED } from '../checks/triggers/policies.js';
import { ACCOUNT, FUNCTION_ARN, makeSnapshot } from '../fixtures/snapshot.js';

const TRUST = { trustedAccountIds: [ACCOUNT], trustedOrgIds: [] };
const BUCKET_ARN = 'arn:aws:s3:::orders-uploads';
const OWNER = 'a'.repeat(64);
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

const put = (Principal: PolicyStatement['Principal'], Condition?: PolicyStatement['Condition']) => ({
  Effect: 'Allow' as const,
  Principal,
  Action: 's3:Put*',
  Resource: `${BUCKET_ARN}/*`,
  ...(Condition ? { Condition } : {}),
});

function bucket(overrides: Partial<BucketData> = {}): TriggerSource {
  return {
    type: 's3-bucket',
    arn: BUCKET_ARN,
    bucket: {
      Name: 'orders-uploads',
      LambdaFunctionArns: [FUNCTION_ARN],
      Policy: null,
      Acl: {
        OwnerId: OWNER,
        Grants: [{ Permission: 'FULL_CONTROL', GranteeType: 'CanonicalUser', ID: OWNER }],
      },
      PublicAccessBlock: null,
      AccountPublicAccessBlock: null,
      Encryption: { SSEAlgorithm: 'AES256' },
      unread: [],
      ...overrides,
    },
  };
}

const aclWrite = (grantee: { URI?: string; ID?: string }) => ({
  OwnerId: OWNER,
  Grants: [{ Permission: 'WRITE', GranteeType: grantee.URI ? 'Group' : 'CanonicalUser', ...grantee }],
});

const pathOf = (...sources: TriggerSource[]) =>
  derivePaths(makeSnapshot({ policies: [policyOf([S3_SCOPED])], sources }), TRUST)[0];

describe('S3 bucket paths', () => {
  it.each<[string, Partial<BucketData>, string, string | null]>([
    [
      'a policy letting everyone put objects',
      { Policy: { Version: '2012-10-17', Statement: [put('*')] } },
      'public',
      'none',
    ],
    [
      'the same policy under the bucket’s RestrictPublicBuckets',
      {
        Policy: { Version: '2012-10-17', Statement: [put('*')] },
        PublicAccessBlock: { RestrictPublicBuckets: true },
      },
      'account',
      'iam',
    ],
    [
      'the same policy under the account’s RestrictPublicBuckets',
      {
        Policy: { Version: '2012-10-17', Statement: [put('*')] },
        AccountPublicAccessBlock: { RestrictPublicBuckets: true },
      },
      'account',
      'iam',
    ],
    [
      'BlockPublicPolicy alone, which only stops new public policies',
      {
        Policy: { Version: '2012-10-17', Statement: [put('*')] },
        PublicAccessBlock: { BlockPublicPolicy: true },
      },
      'public',
      'none',
    ],
    [
      'everyone held to a VPC endpoint (no wider than the account’s own writers)',
      {
        Policy: {
          Version: '2012-10-17',
          Statement: [put('*', { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d4e5f' } })],
        },
      },
      'account',
      'iam',
    ],
    [
      'an organisation',
      {
        Policy: {
          Version: '2012-10-17',
          Statement: [put('*', { StringEquals: { 'aws:PrincipalOrgID': ORG } })],
        },
      },
      'organization',
      'iam',
    ],
    [
      'a foreign account',
      { Policy: { Version: '2012-10-17', Statement: [put({ AWS: `arn:aws:iam::${FOREIGN}:root` })] } },
      'accounts',
      'iam',
    ],
    ['an ACL letting AllUsers write', { Acl: aclWrite({ URI: ALL_USERS }) }, 'public', 'none'],
    ['an ACL letting any AWS account write', { Acl: aclWrite({ URI: AUTHENTICATED }) }, 'public', 'none'],
    [
      'that ACL under IgnorePublicAcls',
      { Acl: aclWrite({ URI: ALL_USERS }), AccountPublicAccessBlock: { IgnorePublicAcls: true } },
      'account',
      'iam',
    ],
    ['an ACL letting another account write', { Acl: aclWrite({ ID: 'b'.repeat(64) }) }, 'accounts', 'iam'],
    ['nothing but the owner', {}, 'account', 'iam'],
    [
      'a public policy whose Block Public Access could not be read',
      {
        Policy: { Version: '2012-10-17', Statement: [put('*')] },
        unread: ['s3:GetBucketPublicAccessBlock'],
      },
      'unknown',
      null,
    ],
  ])('reads %s', (_label, overrides, reach, auth) => {
    expect(pathOf(bucket(overrides))).toMatchObject({ kind: 's3', source: BUCKET_ARN, reach, auth });
  });

  it('is stale (reach none) when the notifications invoke another function or another qualifier', () => {
    for (const arn of [`${FUNCTION_ARN.replace('orders-api', 'other')}`, `${FUNCTION_ARN}:live`]) {
      expect(pathOf(bucket({ LambdaFunctionArns: [arn] }))).toMatchObject({
        reach: 'none',
        encryption: null,
      });
    }
  });

  it.each<[string, BucketData['Encryption'], TriggerSource[], string | null]>([
    ['no default encryption', null, [], 'none'],
    ['SSE-S3', { SSEAlgorithm: 'AES256' }, [], 'aws-managed'],
    ['SSE-KMS with the aws/s3 key', { SSEAlgorithm: 'aws:kms' }, [], 'aws-managed'],
    [
      'SSE-KMS with a customer key',
      { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: `arn:aws:kms:eu-central-1:${ACCOUNT}:key/k1` },
      [{ type: 'kms-key', arn: `arn:aws:kms:eu-central-1:${ACCOUNT}:key/k1`, KeyManager: 'CUSTOMER' }],
      'cmk',
    ],
  ])('reads the encryption of %s', (_label, Encryption, keys, encryption) => {
    expect(pathOf(bucket({ Encryption }), ...keys)).toMatchObject({ encryption });
  });

  it('is stale when the bucket no longer exists, and unknown when it could not be read', () => {
    expect(pathOf({ type: 'missing', arn: BUCKET_ARN, api: 's3:GetBucketNotification' })).toMatchObject({
      reach: 'none',
    });
    expect(
      pathOf({ type: 'unread', arn: BUCKET_ARN, api: 's3:GetBucketPolicy', reason: 'AccessDenied' }),
    ).toMatchObject({ reach: 'unknown', unverified: ['s3:GetBucketPolicy'] });
  });
});
