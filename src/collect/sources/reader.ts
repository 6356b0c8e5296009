/**
 * Reads the trigger sources a function's grants and mappings name, each once per reader however
 * many functions share it (one REST API in front of 40 functions is read once per scan), the way
 * RoleReader shares roles. A source's gaps are shared too: every function it feeds lists them.
 */

import { accountIdOf } from '../../arn.js';
import type { AwsClients } from '../../aws/clients.js';
import {
  allGrants,
  conditionValues,
  isFixedValue,
  isInvokeCapable,
  type Statement,
} from '../../iam/resource-policy.js';
import { isAwsManagedAlias, kmsKeyArn } from '../../invocation/messages.js';
import { apiArnOf } from '../../invocation/source-data.js';
import { busArnOf, parseRuleArn, storeArnOf, storeKeyId } from '../../invocation/stores.js';
import type {
  EventSourceMapping,
  PublicAccessBlock,
  ResourcePolicy,
  TriggerSource,
  Unverified,
} from '../../model.js';
import { readApi } from './apigateway.js';
import { readAccountPublicAccessBlock, readBucket } from './buckets.js';
import { readBus, readRule } from './events.js';
import { readKey, readQueue, readTopic } from './messages.js';
import { readPullStore } from './streams.js';

interface SourceRead {
  source: TriggerSource;
  unverified: Unverified[];
}

export class SourceReader {
  private readonly reads = new Map<string, Promise<SourceRead>>();
  /** S3 Block Public Access of each account, read once for all its buckets. */
  private readonly accountBlocks = new Map<
    string,
    Promise<{ block: PublicAccessBlock | null; gaps: Unverified[] }>
  >();

  private accountBlock(clients: AwsClients, accountId: string) {
    let pending = this.accountBlocks.get(accountId);
    if (!pending) {
      pending = readAccountPublicAccessBlock(clients, accountId);
      this.accountBlocks.set(accountId, pending);
    }
    return pending;
  }

  /** One read per key; later callers share the first one's answer and gaps. */
  private once(key: string, read: (gaps: Unverified[]) => Promise<TriggerSource>): Promise<SourceRead> {
    let pending = this.reads.get(key);
    if (!pending) {
      const gaps: Unverified[] = [];
      pending = read(gaps).then((source) => ({ source, unverified: gaps }));
      this.reads.set(key, pending);
    }
    return pending;
  }

  /**
   * The sources behind the function's grants and mappings: each API Gateway API, SNS topic and
   * EventBridge rule named by a fixed `aws:SourceArn` of a service grant (and the bus of each
   * rule that is not a schedule), each SQS queue, Kinesis stream and DynamoDB table a mapping
   * reads, and the KMS keys those encrypt with. Their gaps join `gaps`.
   */
  async read(
    clients: AwsClients,
    policies: readonly ResourcePolicy[],
    mappings: readonly EventSourceMapping[],
    gaps: Unverified[],
  ): Promise<TriggerSource[]> {
    const named = new Map<string, (own: Unverified[]) => Promise<TriggerSource>>();
    for (const grant of allGrants(policies)) {
      if (grant.principal.kind !== 'service' || !isInvokeCapable(grant)) continue;
      const service = grant.principal.value.toLowerCase().split('.')[0];
      for (const value of conditionValues(grant.statement, 'aws:sourcearn')) {
        if (!isFixedValue('aws:sourcearn', value)) continue;
        const api = service === 'apigateway' ? apiArnOf(value) : null;
        if (api) named.set(api, (own) => readApi(clients, api, own));
        if (service === 'sns' && value.startsWith('arn:'))
          named.set(value, (own) => readTopic(clients, value, own));
        if (service === 's3' && /^arn:[^:]+:s3:::[^/]+$/.test(value)) {
          const owner = bucketOwner(grant.statement);
          named.set(value, (own) =>
            readBucket(clients, value, owner, this.accountBlock(clients, owner), own),
          );
        }
        if (service === 'events' && parseRuleArn(value))
          named.set(value, (own) => readRule(clients, value, own));
      }
    }
    for (const mapping of mappings) {
      const arn = mapping.EventSourceArn ?? '';
      if (/^arn:[^:]+:sqs:/.test(arn)) named.set(arn, (own) => readQueue(clients, arn, own));
      const store = storeArnOf(arn);
      const account = accountIdOf(mapping.FunctionArn ?? '');
      if (store) named.set(store, (own) => readPullStore(clients, store, account, own));
    }
    const direct = await this.all(named, gaps);
    // The buses of the rules that events (not a schedule) trigger.
    const buses = new Map<string, (own: Unverified[]) => Promise<TriggerSource>>();
    for (const source of direct) {
      if (source.type !== 'event-rule' || source.rule.ScheduleExpression) continue;
      const bus = busArnOf(source.arn, source.rule.EventBusName);
      buses.set(bus, (own) => readBus(clients, bus, own));
    }
    const sources = [...direct, ...(await this.all(buses, gaps))];
    // The keys the sources encrypt with, unless an aws/<service> alias says it already.
    const keys = new Map<string, (own: Unverified[]) => Promise<TriggerSource>>();
    for (const source of sources) {
      const keyId =
        source.type === 'sns-topic' || source.type === 'sqs-queue'
          ? source.attributes.KmsMasterKeyId
          : source.type === 's3-bucket'
            ? source.bucket.Encryption?.KMSMasterKeyID
            : storeKeyId(source);
      if (!keyId || isAwsManagedAlias(keyId)) continue;
      const arn = kmsKeyArn(keyId, source.arn);
      keys.set(arn, (own) => readKey(clients, arn, own));
    }
    return [...sources, ...(await this.all(keys, gaps))];
  }

  private async all(
    named: Map<string, (own: Unverified[]) => Promise<TriggerSource>>,
    gaps: Unverified[],
  ): Promise<TriggerSource[]> {
    const reads = await Promise.all([...named].map(([arn, read]) => this.once(arn, read)));
    for (const read of reads) {
      for (const gap of read.unverified) {
        if (!gaps.some((g) => g.api === gap.api && g.reason === gap.reason)) gaps.push(gap);
      }
    }
    return reads.map((r) => r.source);
  }
}

/**
 * The account a bucket grant names (`aws:SourceAccount`), else the function's own (from the
 * statement's Resource): whose Block Public Access applies to the bucket.
 */
function bucketOwner(statement: Statement): string {
  const named = conditionValues(statement, 'aws:sourceaccount').find((v) => /^\d{12}$/.test(v));
  const resources = [statement.raw.Resource ?? []].flat();
  return named ?? resources.map((r) => accountIdOf(String(r))).find((a) => a) ?? '';
}
