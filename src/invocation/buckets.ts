/**
 * Paths through S3 buckets (checks.md, "How each kind is resolved"): a bucket invokes the
 * function only when its notification configuration names it (else the grant is stale, reach
 * `none`). Who can write objects: the bucket policy's `s3:PutObject` grants and the ACL's WRITE
 * grants, unless Block Public Access (bucket or account) neutralises the public ones:
 * `RestrictPublicBuckets` for the policy, `IgnorePublicAcls` for the ACL. What could not be read
 * leaves the reach unknown rather than private.
 */
import { unqualifiedFunctionArn } from '../arn.js';
import { allows, policyGrants } from '../iam/resource-policy.js';
import type { BucketData, InvocationPath, PublicAccessBlock, TriggerSource } from '../model.js';
import { qualifierOfFunctionArn } from '../triggers.js';
import { keyEncryption, unreadSourcePath, WRITE_ACTIONS } from './messages.js';
import { type GrantReach, grantReach, type Trust, widerReach } from './reach.js';

const BUCKET_WRITE = WRITE_ACTIONS['s3-bucket'] as string;

/** The IAM actions of a bucket's reads (some differ from S3's API names). */
export const S3_READS = {
  notification: 's3:GetBucketNotification',
  policy: 's3:GetBucketPolicy',
  acl: 's3:GetBucketAcl',
  publicAccessBlock: 's3:GetBucketPublicAccessBlock',
  accountPublicAccessBlock: 's3:GetAccountPublicAccessBlock',
  encryption: 's3:GetEncryptionConfiguration',
} as const;

const PUBLIC_GROUPS = [
  'http://acs.amazonaws.com/groups/global/AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
];
const WRITE_PERMISSIONS = new Set(['WRITE', 'FULL_CONTROL']);

type Flag = keyof PublicAccessBlock;

/** true/false when known; null when a level that could set it was not read and none said true. */
function blockFlag(bucket: BucketData, flag: Flag): boolean | null {
  if (bucket.PublicAccessBlock?.[flag] || bucket.AccountPublicAccessBlock?.[flag]) return true;
  const unknown =
    bucket.unread.includes(S3_READS.publicAccessBlock) ||
    bucket.unread.includes(S3_READS.accountPublicAccessBlock);
  return unknown ? null : false;
}

const ACCOUNT_ONLY: GrantReach = {
  reach: 'account',
  auth: 'iam',
  why: `only the account may ${BUCKET_WRITE}`,
};
const UNKNOWN = (why: string): GrantReach => ({ reach: 'unknown', auth: null, why });

function wider(a: GrantReach, b: GrantReach): GrantReach {
  return widerReach(a.reach, b.reach) === a.reach ? a : b;
}

/** Who the policy lets write, with public grants neutralised by RestrictPublicBuckets. */
function policyWriters(bucket: BucketData, trust: Trust): GrantReach {
  if (bucket.unread.includes(S3_READS.policy)) return UNKNOWN('the bucket policy could not be read');
  if (!bucket.Policy) return ACCOUNT_ONLY;
  const restrict = blockFlag(bucket, 'RestrictPublicBuckets');
  let widest = ACCOUNT_ONLY;
  for (const grant of policyGrants({ qualifier: null, policy: bucket.Policy })) {
    if (grant.principal.kind === 'service' || !allows(grant, BUCKET_WRITE)) continue;
    let found = grantReach(grant, trust);
    if (found.reach === 'public' && restrict === true)
      found = { ...ACCOUNT_ONLY, why: 'a public write grant, neutralised by RestrictPublicBuckets' };
    else if (found.reach === 'public' && restrict === null)
      found = UNKNOWN('a public write grant, and Block Public Access could not be read');
    else found = { ...found, why: `${BUCKET_WRITE} ${found.why}` };
    widest = wider(found, widest);
  }
  return widest;
}

/** Who the ACL lets write: everyone (AllUsers, AuthenticatedUsers) unless IgnorePublicAcls; other accounts. */
function aclWriters(bucket: BucketData): GrantReach {
  if (bucket.unread.includes(S3_READS.acl) || !bucket.Acl) return UNKNOWN('the bucket ACL could not be read');
  const { OwnerId, Grants } = bucket.Acl;
  const writes = Grants.filter((g) => WRITE_PERMISSIONS.has(g.Permission));
  let widest = ACCOUNT_ONLY;
  if (writes.some((g) => g.URI && PUBLIC_GROUPS.includes(g.URI))) {
    const ignore = blockFlag(bucket, 'IgnorePublicAcls');
    widest =
      ignore === true
        ? widest
        : ignore === null
          ? UNKNOWN('a public ACL write grant, and Block Public Access could not be read')
          : { reach: 'public', auth: 'none', why: 'the ACL lets everyone write objects' };
  }
  // A canonical user id says nothing of its account; any id but the owner's is another account.
  const foreign = writes.some((g) => g.ID && g.ID !== OwnerId);
  const accounts: GrantReach = { reach: 'accounts', auth: 'iam', why: 'the ACL lets another account write' };
  return foreign ? wider(accounts, widest) : widest;
}

/** Whether the notifications invoke this function at the stub's qualifier; null when unread. */
function notifies(bucket: BucketData, functionArn: string, qualifier: string | null): boolean | null {
  if (bucket.unread.includes(S3_READS.notification)) return null;
  const base = unqualifiedFunctionArn(functionArn);
  return bucket.LambdaFunctionArns.some(
    (arn) => unqualifiedFunctionArn(arn) === base && qualifierOfFunctionArn(arn) === qualifier,
  );
}

function encryptionOf(bucket: BucketData, sources: readonly TriggerSource[]) {
  const { Encryption } = bucket;
  if (!Encryption) return { encryption: 'none' as const, unverified: [] };
  if (!Encryption.SSEAlgorithm.startsWith('aws:kms') || !Encryption.KMSMasterKeyID)
    return { encryption: 'aws-managed' as const, unverified: [] };
  return keyEncryption(Encryption.KMSMasterKeyID, Encryption.KMSMasterKeyID, sources);
}

/** The path through one bucket (`stub`: the function's grant naming it). */
export function bucketPath(
  stub: InvocationPath,
  sources: readonly TriggerSource[],
  functionArn: string,
  trust: Trust,
): InvocationPath {
  const source = sources.find((s) => s.arn === stub.source);
  const settled = unreadSourcePath(stub, source);
  if (settled) return settled;
  if (source?.type !== 's3-bucket') return stub;
  const { bucket } = source;
  const unverified = [...bucket.unread];
  const invoked = notifies(bucket, functionArn, stub.qualifier);
  // Who writes to the bucket and how it is encrypted matter only if it invokes the function.
  if (invoked === false)
    return {
      ...stub,
      unverified,
      reach: 'none',
      why: 'the bucket’s notifications do not invoke this function: the grant is stale',
    };
  if (invoked === null)
    return { ...stub, unverified, ...UNKNOWN('the bucket notifications could not be read') };
  const read = encryptionOf(bucket, sources);
  const encryption = bucket.unread.includes(S3_READS.encryption) ? null : read.encryption;
  const writers = wider(policyWriters(bucket, trust), aclWriters(bucket));
  return { ...stub, ...writers, encryption, unverified: [...new Set([...unverified, ...read.unverified])] };
}
