/**
 * Reads one S3 bucket for the invocation paths: whom its notifications invoke, who may write to
 * it (policy, ACL, Block Public Access at bucket and account level) and how it is encrypted.
 * S3 answers "there is none" with an error of its own per read (NoSuchBucketPolicy, ...): that is
 * `null`, not a gap. Any other failure leaves its field unknown and names the IAM action.
 */
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketPolicyCommand,
  GetPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import type { AwsClients } from '../../aws/clients.js';
import { decodePolicyDocument } from '../../iam/role-snapshot.js';
import { S3_READS } from '../../invocation/buckets.js';
import { kmsKeyArn } from '../../invocation/messages.js';
import type { BucketData, PublicAccessBlock, TriggerSource, Unverified } from '../../model.js';
import { attempt } from '../attempt.js';

/** The error codes by which S3 says a bucket has no such configuration. */
const NONE_CODES = new Set([
  'NoSuchBucketPolicy',
  'NoSuchPublicAccessBlockConfiguration',
  'ServerSideEncryptionConfigurationNotFoundError',
]);

const codeOf = (error: unknown) =>
  error && typeof error === 'object' && 'name' in error ? String(error.name) : '';

/** Thrown inside a read when S3 says the bucket itself does not exist. */
class NoSuchBucket extends Error {}

/** A read's answer: `{ value }` (null when S3 says there is none), or null when the read failed. */
async function part<T>(api: string, gaps: Unverified[], read: () => Promise<T>) {
  let missing = false;
  const answer = await attempt(gaps, 'triggers', api, async () => {
    try {
      return { value: (await read()) as T | null };
    } catch (error) {
      if (NONE_CODES.has(codeOf(error))) return { value: null };
      if (codeOf(error) === 'NoSuchBucket') missing = true;
      throw error;
    }
  });
  if (missing) throw new NoSuchBucket();
  return answer;
}

function blockOf(config: PublicAccessBlock | undefined): PublicAccessBlock | null {
  if (!config) return null;
  const flags = [
    'BlockPublicAcls',
    'IgnorePublicAcls',
    'BlockPublicPolicy',
    'RestrictPublicBuckets',
  ] as const;
  return Object.fromEntries(flags.filter((f) => config[f] !== undefined).map((f) => [f, config[f]]));
}

/** The account's Block Public Access (S3 Control), or null when the account has none. */
export async function readAccountPublicAccessBlock(
  clients: AwsClients,
  accountId: string,
): Promise<{ block: PublicAccessBlock | null; gaps: Unverified[] }> {
  const gaps: Unverified[] = [];
  const api = S3_READS.accountPublicAccessBlock;
  const answer = await attempt(gaps, 'triggers', api, async () => {
    try {
      const { PublicAccessBlockConfiguration } = await clients.s3control.send(
        new GetAccountPublicAccessBlockCommand({ AccountId: accountId }),
      );
      return { block: blockOf(PublicAccessBlockConfiguration) };
    } catch (error) {
      if (NONE_CODES.has(codeOf(error))) return { block: null };
      throw error;
    }
  });
  return { block: answer?.block ?? null, gaps };
}

/**
 * One bucket by its ARN (`arn:aws:s3:::<name>`) in the client's region, owned by `owner`:
 * `missing` when S3 answers NoSuchBucket. The account's Block Public Access comes from `account`
 * (read once per account by the reader). A key named by id or alias is kept as its ARN.
 */
export async function readBucket(
  clients: AwsClients,
  arn: string,
  owner: string,
  account: Promise<{ block: PublicAccessBlock | null; gaps: Unverified[] }>,
  gaps: Unverified[],
): Promise<TriggerSource> {
  const Bucket = arn.slice(arn.lastIndexOf(':') + 1);
  const unread: string[] = [];
  const own: Unverified[] = [];
  const s3 = clients.s3;
  const read = async <T>(api: string, call: () => Promise<T>): Promise<T | null> => {
    const answer = await part(api, own, call);
    if (!answer) unread.push(api);
    return answer?.value ?? null;
  };
  try {
    const [notification, policy, acl, block, encryption, accountBlock] = await Promise.all([
      read(S3_READS.notification, () => s3.send(new GetBucketNotificationConfigurationCommand({ Bucket }))),
      read(S3_READS.policy, () => s3.send(new GetBucketPolicyCommand({ Bucket }))),
      read(S3_READS.acl, () => s3.send(new GetBucketAclCommand({ Bucket }))),
      read(S3_READS.publicAccessBlock, () => s3.send(new GetPublicAccessBlockCommand({ Bucket }))),
      read(S3_READS.encryption, () => s3.send(new GetBucketEncryptionCommand({ Bucket }))),
      account,
    ]);
    if (accountBlock.gaps.length > 0) unread.push(S3_READS.accountPublicAccessBlock);
    own.push(...accountBlock.gaps);
    const rule =
      encryption?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
    const bucket: BucketData = {
      Name: Bucket,
      LambdaFunctionArns: (notification?.LambdaFunctionConfigurations ?? []).map(
        (c) => c.LambdaFunctionArn ?? '',
      ),
      Policy: policy?.Policy ? decodePolicyDocument(policy.Policy) : null,
      Acl: acl
        ? {
            OwnerId: acl.Owner?.ID ?? '',
            Grants: (acl.Grants ?? []).map((g) => ({
              Permission: g.Permission ?? '',
              GranteeType: g.Grantee?.Type ?? '',
              ...(g.Grantee?.URI ? { URI: g.Grantee.URI } : {}),
              ...(g.Grantee?.ID ? { ID: g.Grantee.ID } : {}),
            })),
          }
        : null,
      PublicAccessBlock: blockOf(block?.PublicAccessBlockConfiguration),
      AccountPublicAccessBlock: accountBlock.block,
      Encryption: rule?.SSEAlgorithm
        ? {
            SSEAlgorithm: rule.SSEAlgorithm,
            ...(rule.KMSMasterKeyID
              ? {
                  KMSMasterKeyID: kmsKeyArn(
                    rule.KMSMasterKeyID,
                    `arn:aws:s3:${clients.region}:${owner}:${Bucket}`,
                  ),
                }
              : {}),
          }
        : null,
      unread,
    };
    gaps.push(...own);
    return { type: 's3-bucket', arn, bucket };
  } catch (error) {
    if (error instanceof NoSuchBucket) return { type: 'missing', arn, api: S3_READS.notification };
    throw error;
  }
}
