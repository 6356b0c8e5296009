/**
 * Paths through message sources (checks.md, "How each kind is resolved"): who may write to the
 * topic or queue that invokes the function, read from its resource policy with the same rules as
 * the function's own, and how its data is encrypted at rest. A public grant is an open path (we
 * do not rely on the service refusing unsigned requests); no grant to others leaves the account.
 */
import { parseArn } from '../arn.js';
import { allows, conditionOrgIds, policyGrants } from '../iam/resource-policy.js';
import type { InvocationPath, PathAuth, PolicyDocument, Reach, TriggerSource } from '../model.js';
import { grantReach, type Trust, widerReach } from './reach.js';

/**
 * The reads that tell who may write to a source, for the checks on sources to declare (the bot's
 * policy is their union).
 */
export const SOURCE_WRITER_READS: readonly string[] = [
  'sns:GetTopicAttributes',
  'sqs:GetQueueAttributes',
  's3:GetBucketNotification',
  's3:GetBucketPolicy',
  's3:GetBucketAcl',
  's3:GetBucketPublicAccessBlock',
  's3:GetAccountPublicAccessBlock',
  'events:DescribeRule',
  'events:DescribeEventBus',
  'kinesis:GetResourcePolicy',
  'dynamodb:GetResourcePolicy',
];

/** The write action that makes each kind of source invoke the function. */
export const WRITE_ACTIONS: Readonly<Record<string, string>> = {
  'sns-topic': 'sns:Publish',
  'sqs-queue': 'sqs:SendMessage',
  's3-bucket': 's3:PutObject',
};

/** Who may write: the widest grant of `action` to a public or account principal; `account` by default. */
export function writeReach(
  policy: PolicyDocument | null,
  action: string,
  trust: Trust,
): { reach: Reach; auth: PathAuth | null; why: string } {
  const grants = policy
    ? policyGrants({ qualifier: null, policy }).filter(
        (g) => g.principal.kind !== 'service' && allows(g, action),
      )
    : [];
  let widest = {
    reach: 'account' as Reach,
    auth: 'iam' as PathAuth | null,
    why: `only the account may ${action}`,
  };
  for (const grant of grants) {
    const found = grantReach(grant, trust);
    if (widerReach(found.reach, widest.reach) !== widest.reach)
      widest = { ...found, why: `${action} ${found.why}` };
  }
  return widest;
}

/** Organisations the source's write grants are held to (for source-cross-account-write). */
export function writeOrgIds(policy: PolicyDocument | null, action: string): string[] {
  if (!policy) return [];
  return policyGrants({ qualifier: null, policy })
    .filter((g) => allows(g, action))
    .flatMap((g) => conditionOrgIds(g.statement));
}

/** The ARN a KMS key reference is read under: an ARN as it is, an alias or key id in the source's account and region. */
export function kmsKeyArn(keyId: string, sourceArn: string): string {
  if (keyId.startsWith('arn:')) return keyId;
  const { partition = 'aws', region = '', account = '' } = parseArn(sourceArn) ?? {};
  return `arn:${partition}:kms:${region}:${account}:${keyId.startsWith('alias/') ? keyId : `key/${keyId}`}`;
}

/** An `aws/<service>` alias names the AWS-managed key: no read needed. */
export function isAwsManagedAlias(keyId: string): boolean {
  return /(^|:)alias\/aws\//.test(keyId);
}

/** `cmk`, `aws-managed`, or null (with the failed read) when the key could not be told apart. */
export function keyEncryption(
  keyId: string,
  sourceArn: string,
  sources: readonly TriggerSource[],
): { encryption: InvocationPath['encryption']; unverified: string[] } {
  if (isAwsManagedAlias(keyId)) return { encryption: 'aws-managed', unverified: [] };
  const key = sources.find((s) => s.arn === kmsKeyArn(keyId, sourceArn));
  if (key?.type === 'kms-key')
    return { encryption: key.KeyManager === 'AWS' ? 'aws-managed' : 'cmk', unverified: [] };
  return { encryption: null, unverified: key?.type === 'unread' ? [key.api] : [] };
}

function encryptionOf(source: TriggerSource, sources: readonly TriggerSource[]) {
  if (source.type !== 'sns-topic' && source.type !== 'sqs-queue') return { encryption: null, unverified: [] };
  const { KmsMasterKeyId } = source.attributes;
  if (KmsMasterKeyId) return keyEncryption(KmsMasterKeyId, source.arn, sources);
  const sse = source.type === 'sqs-queue' && source.attributes.SqsManagedSseEnabled;
  return { encryption: sse ? ('aws-managed' as const) : ('none' as const), unverified: [] };
}

/**
 * The path of a stub whose source is not there to read: not read at all (the stub itself), a read
 * that failed (reach unknown, naming the API) or a source that no longer exists (a stale grant,
 * reach none). Null when the source was read.
 */
export function unreadSourcePath(
  stub: InvocationPath,
  source: TriggerSource | undefined,
): InvocationPath | null {
  if (!source) return stub;
  if (source.type === 'unread')
    return { ...stub, unverified: [source.api], why: `the source could not be read (${source.api})` };
  if (source.type === 'missing')
    return { ...stub, reach: 'none', why: 'the source no longer exists: the grant is stale' };
  return null;
}

/** The path through one topic or queue (`stub`: the function's grant or mapping naming it). */
export function messagePath(
  stub: InvocationPath,
  sources: readonly TriggerSource[],
  trust: Trust,
): InvocationPath {
  const source = sources.find((s) => s.arn === stub.source);
  const settled = unreadSourcePath(stub, source);
  if (settled) return settled;
  if (source?.type !== 'sns-topic' && source?.type !== 'sqs-queue') return stub;
  const action = WRITE_ACTIONS[source.type] as string;
  const { encryption, unverified } = encryptionOf(source, sources);
  return { ...stub, ...writeReach(source.attributes.Policy, action, trust), encryption, unverified };
}

const MESSAGE_KINDS = new Set(['s3', 'sns', 'sqs', 'eventbridge', 'kinesis', 'dynamodb']);

/** The kinds whose writers choose the function's input through a resource policy of their own. */
export function isMessageSource(kind: InvocationPath['kind']): boolean {
  return MESSAGE_KINDS.has(kind);
}

/** Organisations the write grants of the source read as `sourceArn` are held to. */
export function sourceWriteOrgIds(sources: readonly TriggerSource[], sourceArn: string): string[] {
  const source = sources.find((s) => s.arn === sourceArn);
  if (source?.type === 's3-bucket')
    return writeOrgIds(source.bucket.Policy, WRITE_ACTIONS['s3-bucket'] as string);
  if (source?.type !== 'sns-topic' && source?.type !== 'sqs-queue') return [];
  return writeOrgIds(source.attributes.Policy, WRITE_ACTIONS[source.type] as string);
}
