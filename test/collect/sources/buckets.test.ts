import { describe, expect, it } from 'vitest';
import { SourceReader } from '../../../src/collect/sources/reader.js';
import type { Json, World, WorldAccount, WorldBucket, WorldPolicyDocument } from '../../fakes/aws/index.js';
import { ACCOUNT, emptyRoles, fnArn, invokedBy, REGION, useFakeSources } from './harness.js';

const bucketArn = (name: string) => `arn:aws:s3:::${name}`;
const KEY_ID = '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';

const notifiedBy = (name: string, ...buckets: string[]) =>
  invokedBy(name, 's3.amazonaws.com', buckets.map(bucketArn));

const putBy = (Principal: Json, Condition?: Json): WorldPolicyDocument => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal,
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::*/*',
      ...(Condition ? { Condition } : {}),
    },
  ],
});

const notifies = (...functions: string[]) =>
  functions.map((f) => ({ LambdaFunctionArn: fnArn(f), Events: ['s3:ObjectCreated:*'] }));

const BUCKETS: WorldBucket[] = [
  {
    Name: 'public-drop',
    Policy: putBy('*'),
    Encryption: { SSEAlgorithm: 'AES256' },
    LambdaFunctionConfigurations: notifies('uploads', 'ingest'),
  },
  {
    Name: 'restricted-drop',
    Policy: putBy({ AWS: '*' }),
    PublicAccessBlock: { RestrictPublicBuckets: true, IgnorePublicAcls: true },
    Encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/drops' },
    LambdaFunctionConfigurations: notifies('thumbs', 'ingest'),
  },
  {
    Name: 'partner-drop',
    Policy: putBy({ AWS: 'arn:aws:iam::210987654321:root' }),
    LambdaFunctionConfigurations: notifies('partner'),
  },
  {
    // No policy; its ACL lets everyone write (the parse of the Grantee's xsi:type and URI).
    Name: 'acl-drop',
    Grants: [{ Permission: 'WRITE', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }],
    Encryption: { SSEAlgorithm: 'AES256' },
    LambdaFunctionConfigurations: notifies('legacy'),
  },
  {
    // The grant says this bucket may invoke `stale`, but its notifications invoke `thumbs`.
    Name: 'elsewhere',
    Policy: putBy('*'),
    LambdaFunctionConfigurations: notifies('thumbs'),
  },
];

const ACCOUNT_CONTENTS: WorldAccount = {
  regions: {
    [REGION]: {
      functions: [
        notifiedBy('uploads', 'public-drop'),
        notifiedBy('thumbs', 'restricted-drop'),
        notifiedBy('partner', 'partner-drop'),
        notifiedBy('stale', 'elsewhere'),
        notifiedBy('legacy', 'acl-drop'),
        notifiedBy('ingest', 'public-drop', 'restricted-drop', 'gone'),
      ],
      buckets: BUCKETS,
      kmsKeys: [{ KeyId: KEY_ID, KeyManager: 'CUSTOMER', Aliases: ['alias/drops'] }],
    },
  },
  iam: { roles: emptyRoles('uploads', 'thumbs', 'partner', 'stale', 'ingest', 'legacy') },
};

const WORLD: World = { accounts: { [ACCOUNT]: ACCOUNT_CONTENTS } };

const { env, audit } = useFakeSources(WORLD);

type Report = Awaited<ReturnType<typeof audit>>['report'];
const summary = (report: Report) =>
  report.paths.map((p) => [p.kind, p.source.split(':').at(-1), p.reach, p.auth, p.encryption]);
const sourceChecks = (report: Report) =>
  report.findings.filter((f) => f.check.startsWith('source-')).map((f) => [f.check, f.resource]);

/** The world with `change` applied to the account (restored by the next `useWorld`). */
function useWorld(change: Partial<WorldAccount> = {}) {
  env.fake.setWorld({ accounts: { [ACCOUNT]: { ...ACCOUNT_CONTENTS, ...change } } });
}

describe('S3 buckets through the real SDK', () => {
  it('reads a bucket anyone may write to, which notifies the function: an open path', async () => {
    useWorld();
    const { report } = await audit('uploads');
    expect(summary(report)).toEqual([['s3', 'public-drop', 'public', 'none', 'aws-managed']]);
    expect(report.exposure).toBe('internet-open');
    expect(sourceChecks(report)).toEqual([
      ['source-public-write', bucketArn('public-drop')],
      ['source-no-cmk', bucketArn('public-drop')],
    ]);
    expect(report.unverified).toEqual([]);
  });

  it('holds a public bucket policy to the account when the bucket blocks public access', async () => {
    useWorld();
    const { report } = await audit('thumbs');
    expect(summary(report)).toEqual([['s3', 'restricted-drop', 'account', 'iam', 'cmk']]);
    expect(report.paths[0]?.why).toContain('RestrictPublicBuckets');
    expect(sourceChecks(report)).toEqual([]);
  });

  it('holds a public bucket policy to the account when the account blocks public access', async () => {
    useWorld({ publicAccessBlock: { RestrictPublicBuckets: true, BlockPublicPolicy: true } });
    const { report } = await audit('uploads');
    expect(summary(report)).toEqual([['s3', 'public-drop', 'account', 'iam', 'aws-managed']]);
    expect(report.exposure).toBe('account');
  });

  it('flags a bucket another account may write to', async () => {
    useWorld();
    const { report } = await audit('partner');
    expect(summary(report)).toEqual([['s3', 'partner-drop', 'accounts', 'iam', 'none']]);
    expect(sourceChecks(report)).toEqual([
      ['source-cross-account-write', bucketArn('partner-drop')],
      ['source-no-cmk', bucketArn('partner-drop')],
    ]);
  });

  it('reads an ACL that lets everyone write, and its neutralisation by IgnorePublicAcls', async () => {
    useWorld();
    expect(summary((await audit('legacy')).report)).toEqual([
      ['s3', 'acl-drop', 'public', 'none', 'aws-managed'],
    ]);
    useWorld({ publicAccessBlock: { IgnorePublicAcls: true } });
    expect(summary((await audit('legacy')).report)).toEqual([
      ['s3', 'acl-drop', 'account', 'iam', 'aws-managed'],
    ]);
  });

  it('marks a grant stale when the bucket’s notifications invoke another function', async () => {
    useWorld();
    const { report } = await audit('stale');
    expect(summary(report)).toEqual([['s3', 'elsewhere', 'none', null, null]]);
    expect(report.exposure).toBe('none');
    expect(sourceChecks(report)).toEqual([]);
  });

  it('reads each bucket and the account’s Block Public Access once however many functions share them', async () => {
    useWorld();
    const shared = new SourceReader();
    await Promise.all(['uploads', 'thumbs', 'ingest'].map((fn) => audit(fn, shared)));
    const { calls } = env.fake.counts();
    // public-drop, restricted-drop and gone: three buckets, one read of each per configuration.
    expect(calls['s3:GetBucketPolicy']).toBe(3);
    expect(calls['s3:GetBucketNotification']).toBe(3);
    expect(calls['s3:GetAccountPublicAccessBlock']).toBe(1);
    expect(calls['kms:DescribeKey']).toBe(1);
    const { report } = await audit('ingest', shared);
    expect(summary(report)).toContainEqual(['s3', 'gone', 'none', null, null]);
  });

  it.each([
    ['s3:GetBucketPolicy', 'uploads'],
    ['s3:GetBucketNotification', 'uploads'],
    ['s3:GetAccountPublicAccessBlock', 'uploads'],
    ['s3:GetBucketPublicAccessBlock', 'uploads'],
  ])(
    'turns a denied %s into its gap and a path of reach unknown; nothing that needs it fires',
    async (api, fn) => {
      useWorld();
      env.fake.setKnobs({ accessDenied: [api] });
      const { report } = await audit(fn);
      expect([...new Set(report.unverified.map((u) => u.api))]).toEqual([api]);
      expect(report.paths).toEqual([
        expect.objectContaining({ kind: 's3', reach: 'unknown', unverified: [api] }),
      ]);
      expect(report.exposure).toBe('unknown');
      expect(sourceChecks(report).filter(([check]) => check !== 'source-no-cmk')).toEqual([]);
      if (api === 's3:GetBucketNotification') expect(sourceChecks(report)).toEqual([]);
    },
  );

  it('leaves only the encryption unknown when GetBucketEncryption is denied', async () => {
    useWorld();
    env.fake.setKnobs({ accessDenied: ['s3:GetEncryptionConfiguration'] });
    const { report } = await audit('uploads');
    expect(report.paths[0]).toMatchObject({
      reach: 'public',
      encryption: null,
      unverified: ['s3:GetEncryptionConfiguration'],
    });
    expect(sourceChecks(report).map(([check]) => check)).toEqual(['source-public-write']);
  });
});
