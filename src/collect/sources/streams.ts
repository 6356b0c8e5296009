/**
 * Reads the pull sources of the invocation paths that are streams: a Kinesis stream
 * (GetResourcePolicy: who may put records; DescribeStreamSummary: encryption) and the DynamoDB
 * table behind a stream (GetResourcePolicy: who may write items; DescribeTable: encryption). Each
 * half is read on its own: a denied one leaves only its field unknown.
 */
import {
  DescribeTableCommand,
  GetResourcePolicyCommand as GetTablePolicyCommand,
} from '@aws-sdk/client-dynamodb';
import { DescribeStreamSummaryCommand, GetResourcePolicyCommand } from '@aws-sdk/client-kinesis';
import { accountIdOf, parseArn } from '../../arn.js';
import type { AwsClients } from '../../aws/clients.js';
import { isNotFound } from '../../aws/errors.js';
import type { TriggerSource, Unverified, WritableStore } from '../../model.js';
import { attempt } from '../attempt.js';
import { elsewhere } from './events.js';
import { policyOf } from './messages.js';

const MISSING: unique symbol = Symbol('missing');

/** One half of a store's read: its value, MISSING when AWS says the source is gone, or the failed action. */
async function half<T>(
  gaps: Unverified[],
  api: string,
  read: () => Promise<T>,
): Promise<T | typeof MISSING | { unread: string }> {
  const own: Unverified[] = [];
  const value = await attempt(own, 'triggers', api, () =>
    read().catch((error: unknown): typeof MISSING => {
      if (isNotFound(error)) return MISSING;
      throw error;
    }),
  );
  gaps.push(...own);
  return value ?? { unread: own[0]?.api ?? api };
}

async function readStore(
  type: 'kinesis-stream' | 'dynamodb-table',
  arn: string,
  gaps: Unverified[],
  [policyApi, policy]: [string, () => Promise<WritableStore['policy']>],
  [encryptionApi, encryption]: [string, () => Promise<WritableStore['encryption']>],
): Promise<TriggerSource> {
  const [policyRead, encryptionRead] = await Promise.all([
    half(gaps, policyApi, policy),
    half(gaps, encryptionApi, encryption),
  ]);
  if (policyRead === MISSING || encryptionRead === MISSING) return { type: 'missing', arn, api: policyApi };
  return { type, arn, store: { policy: policyRead, encryption: encryptionRead } };
}

/** A policy answer: Kinesis answers `{}` for a stream without one. */
function documentOf(text: string | undefined): WritableStore['policy'] {
  const trimmed = text?.trim();
  return { document: trimmed && trimmed !== '{}' ? policyOf(trimmed) : null };
}

export async function readKinesisStream(
  clients: AwsClients,
  arn: string,
  gaps: Unverified[],
): Promise<TriggerSource> {
  const other = elsewhere(clients, arn, 'kinesis:GetResourcePolicy', gaps);
  if (other) return other;
  return readStore(
    'kinesis-stream',
    arn,
    gaps,
    [
      'kinesis:GetResourcePolicy',
      async () =>
        documentOf((await clients.kinesis.send(new GetResourcePolicyCommand({ ResourceARN: arn }))).Policy),
    ],
    [
      'kinesis:DescribeStreamSummary',
      async () => {
        const { StreamDescriptionSummary: summary } = await clients.kinesis.send(
          new DescribeStreamSummaryCommand({ StreamARN: arn }),
        );
        return summary?.EncryptionType === 'KMS' && summary.KeyId
          ? { kind: 'kms', keyId: summary.KeyId }
          : { kind: 'none' };
      },
    ],
  );
}

export async function readDynamoTable(
  clients: AwsClients,
  arn: string,
  gaps: Unverified[],
): Promise<TriggerSource> {
  const other = elsewhere(clients, arn, 'dynamodb:GetResourcePolicy', gaps);
  if (other) return other;
  return readStore(
    'dynamodb-table',
    arn,
    gaps,
    [
      'dynamodb:GetResourcePolicy',
      async () => {
        try {
          const { Policy } = await clients.dynamodb.send(new GetTablePolicyCommand({ ResourceArn: arn }));
          return documentOf(Policy);
        } catch (error) {
          // DynamoDB's answer for a table without a policy.
          if (error instanceof Error && error.name === 'PolicyNotFoundException') return { document: null };
          throw error;
        }
      },
    ],
    [
      'dynamodb:DescribeTable',
      async () => {
        const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: arn }));
        const sse = Table?.SSEDescription;
        // No SSEDescription: the table uses the key DynamoDB owns.
        return sse?.SSEType === 'KMS' && sse.KMSMasterKeyArn
          ? { kind: 'kms', keyId: sse.KMSMasterKeyArn }
          : { kind: 'service' };
      },
    ],
  );
}

/**
 * The stream or table behind a mapping of a function in `functionAccount`. One of another
 * account is not read: AWS lets no other account read its resource policy, so the read could
 * only fail, on every scan, with a gap nobody can close.
 */
export function readPullStore(
  clients: AwsClients,
  arn: string,
  functionAccount: string | null,
  gaps: Unverified[],
): Promise<TriggerSource> {
  const owner = accountIdOf(arn);
  if (owner && functionAccount && owner !== functionAccount)
    return Promise.resolve({ type: 'foreign', arn, account: owner });
  return parseArn(arn)?.service === 'kinesis'
    ? readKinesisStream(clients, arn, gaps)
    : readDynamoTable(clients, arn, gaps);
}
