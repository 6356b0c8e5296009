/**
 * Reads the trigger sources a function's grants and mappings name, each once per reader however
 * many functions share it (one REST API in front of 40 functions is read once per scan), the way
 * RoleReader shares roles. A source's gaps are shared too: every function it feeds lists them.
 */
import type { AwsClients } from '../../aws/clients.js';
import { allGrants, conditionValues, isFixedValue, isInvokeCapable } from '../../iam/resource-policy.js';
import { apiArnOf, type TriggerSource } from '../../invocation/source-data.js';
import type { ResourcePolicy, Unverified } from '../../model.js';
import { readApi } from './apigateway.js';

interface SourceRead {
  source: TriggerSource;
  unverified: Unverified[];
}

export class SourceReader {
  private readonly reads = new Map<string, Promise<SourceRead>>();

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
   * The sources behind the function's grants: each API Gateway API named by a fixed
   * `aws:SourceArn` of an `apigateway.amazonaws.com` grant. Their gaps join `gaps`.
   */
  async read(
    clients: AwsClients,
    policies: readonly ResourcePolicy[],
    gaps: Unverified[],
  ): Promise<TriggerSource[]> {
    const apis = new Set<string>();
    for (const grant of allGrants(policies)) {
      if (grant.principal.kind !== 'service' || !isInvokeCapable(grant)) continue;
      if (!/^apigateway\./i.test(grant.principal.value)) continue;
      for (const value of conditionValues(grant.statement, 'aws:sourcearn')) {
        const arn = isFixedValue('aws:sourcearn', value) ? apiArnOf(value) : null;
        if (arn) apis.add(arn);
      }
    }
    const reads = await Promise.all(
      [...apis].map((arn) => this.once(arn, (own) => readApi(clients, arn, own))),
    );
    for (const read of reads) {
      for (const gap of read.unverified)
        if (!gaps.some((g) => g.api === gap.api && g.reason === gap.reason)) gaps.push(gap);
    }
    return reads.map((r) => r.source);
  }
}
