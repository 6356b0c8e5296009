import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { STSClient } from '@aws-sdk/client-sts';

/** Where and as whom to call AWS. Unset fields fall back to the SDK's own chain (env, profile, IMDS). */
export interface AwsTarget {
  region: string;
  /** Overrides every service's endpoint (the demo's fake AWS). AWS_ENDPOINT_URL works without it. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface AwsClients {
  region: string;
  lambda: LambdaClient;
  iam: IAMClient;
  logs: CloudWatchLogsClient;
  sts: STSClient;
}

/**
 * Throttling is retried by the SDK's standard strategy (exponential backoff with jitter); we
 * allow more attempts than its default 3 because a throttled read must not become a gap.
 */
const MAX_ATTEMPTS = 6;

export function createClients(target: AwsTarget): AwsClients {
  const common = {
    region: target.region,
    maxAttempts: MAX_ATTEMPTS,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(target.credentials ? { credentials: target.credentials } : {}),
  };
  return {
    region: target.region,
    lambda: new LambdaClient(common),
    // IAM is global; its endpoint lives in us-east-1 (the SDK resolves it from any region).
    iam: new IAMClient(common),
    logs: new CloudWatchLogsClient(common),
    sts: new STSClient(common),
  };
}

/** Clients per region, made once and shared by every audit in the process. */
export class ClientPool {
  private readonly byRegion = new Map<string, AwsClients>();
  constructor(private readonly base: Omit<AwsTarget, 'region'> = {}) {}

  get(region: string): AwsClients {
    let clients = this.byRegion.get(region);
    if (!clients) {
      clients = createClients({ ...this.base, region });
      this.byRegion.set(region, clients);
    }
    return clients;
  }

  destroy(): void {
    for (const c of this.byRegion.values()) {
      c.lambda.destroy();
      c.iam.destroy();
      c.logs.destroy();
      c.sts.destroy();
    }
    this.byRegion.clear();
  }
}
