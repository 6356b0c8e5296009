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
import {
  busArnOf,
  busOfCustomRule,
  isScheduleOnly,
  parseRuleArn,
  storeArnOf,
  storeKeyId,
} from '../../invocation/stores.js';
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
import { readLoadBalancer, readTargetGroup } from './load-balancers.js';
import { readKey, readQueue, readTopic } from './messages.js';
import { readPullStore } from './streams.js';

interface SourceRead {
  source: TriggerSource;
  unverified: Unverified[];
}

/** Reads one source, its gaps into `own`. */
type Read = (own: Unverified[]) => Promise<TriggerSource>;

export class SourceReader {
  private readonly reads = new Map<string, Promise<SourceRead>>();
  /** S3 Block Public Access of each account, read once for all its buckets. */
  private readonly accountBlocks = new Map<
    string,
    Promise<{ block: PublicAccessBlock | null; gaps: Unverified[] }>
  >();

  /** Load balancers, read once however many target groups (functions) they front. */
  private readonly loadBalancers = new Map<string, ReturnType<typeof readLoadBalancer>>();

  private loadBalancer(clients: AwsClients, arn: string) {
    let pending = this.loadBalancers.get(arn);
    if (!pending) {
      pending = readLoadBalancer(clients, arn);
      this.loadBalancers.set(arn, pending);
    }
    return pending;
  }

  private accountBlock(clients: AwsClients, accountId: string) {
    let pending = this.accountBlocks.get(accountId);
    if (!pending) {
      pending = readAccountPublicAccessBlock(clients, accountId);
      this.accountBlocks.set(accountId, pending);
    }
    return pending;
  }

  /** One read per key; later callers share the first one's answer and gaps. */
  private once(key: string, read: Read): Promise<SourceRead> {
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
    const named = new Map<string, Read>();
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
        if (service === 'events' && parseRuleArn(value)) {
          named.set(value, (own) => readRule(clients, value, own));
          // A custom bus's rule is never schedule-only: read its bus at the same time.
          const bus = busOfCustomRule(value);
          if (bus) named.set(bus, (own) => readBus(clients, bus, own));
        }
        if (
          service === 'elasticloadbalancing' &&
          /^arn:[^:]+:elasticloadbalancing:[^:]+:\d{12}:targetgroup\//.test(value)
        )
          named.set(value, (own) =>
            readTargetGroup(clients, value, (arn) => this.loadBalancer(clients, arn), own),
          );
      }
    }
    for (const mapping of mappings) {
      const arn = mapping.EventSourceArn ?? '';
      if (/^arn:[^:]+:sqs:/.test(arn)) named.set(arn, (own) => readQueue(clients, arn, own));
      const store = storeArnOf(arn);
      const account = accountIdOf(mapping.FunctionArn ?? '');
      if (store) named.set(store, (own) => readPullStore(clients, store, account, own));
    }
    const reads = await Promise.all([...named].map(([key, read]) => this.followed(clients, key, read)));
    const sources = new Map<string, TriggerSource>();
    for (const read of reads.flat()) {
      for (const gap of read.unverified) {
        if (!gaps.some((g) => g.api === gap.api && g.reason === gap.reason)) gaps.push(gap);
      }
      sources.set(read.source.arn, read.source);
    }
    return [...sources.values()];
  }

  /**
   * One source and what it leads to, each read as soon as what names it is known (not when every
   * source is): the bus of a rule that events trigger, and the KMS key a source encrypts with
   * (unless an aws/<service> alias says it already).
   */
  private async followed(clients: AwsClients, key: string, read: Read): Promise<SourceRead[]> {
    const first = await this.once(key, read);
    const { source } = first;
    const next = new Map<string, Read>();
    if (source.type === 'event-rule' && !isScheduleOnly(source.rule)) {
      const bus = busArnOf(source.arn, source.rule.EventBusName);
      next.set(bus, (own) => readBus(clients, bus, own));
    }
    const keyId = keyIdOf(source);
    if (keyId && !isAwsManagedAlias(keyId)) {
      const arn = kmsKeyArn(keyId, source.arn);
      next.set(arn, (own) => readKey(clients, arn, own));
    }
    const more = await Promise.all([...next].map(([k, r]) => this.followed(clients, k, r)));
    return [first, ...more.flat()];
  }
}

/** The KMS key a source names for its data at rest, if any. */
function keyIdOf(source: TriggerSource): string | undefined {
  if (source.type === 'sns-topic' || source.type === 'sqs-queue') return source.attributes.KmsMasterKeyId;
  if (source.type === 's3-bucket') return source.bucket.Encryption?.KMSMasterKeyID;
  return storeKeyId(source);
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
