import { AWS_BURSTS, AWS_QUOTAS, hasSharedTotal, isGlobalService } from './quotas.js';

const HEADROOM = 0.97;

interface Bucket {
  rate: number;
  burst: number;
  tokens: number;
  at: number;
  /** Callers waiting for a token, first come first served. */
  queue: (() => void)[];
  timer: NodeJS.Timeout | null;
}

/**
 * Client-side pacing so a scan stays under AWS's quotas instead of bouncing off them: each
 * request waits for a token from the bucket of the most specific quota that names it. One
 * limiter per account (regions are keyed inside), shared by every client of that account.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly drawn = new Map<string, readonly string[]>();

  constructor(
    private readonly quotas: Readonly<Record<string, number>> = AWS_QUOTAS,
    private readonly now: () => number = () => performance.now(),
    private readonly bursts: Readonly<Record<string, number>> = AWS_BURSTS,
  ) {}

  /**
   * Resolves when `api` (e.g. 'lambda:GetPolicy') may be called in `region`; rejects with an
   * AbortError, leaving the queue, if `signal` (the audit's deadline) aborts first.
   */
  take(api: string, region: string, signal?: AbortSignal): Promise<void> {
    const service = api.slice(0, api.indexOf(':'));
    const drawn = this.drawnFor(api, service);
    if (drawn.length === 1) return this.takeFrom(drawn[0] as string, service, region, signal);
    return drawn.reduce<Promise<void>>(
      (previous, pattern) => previous.then(() => this.takeFrom(pattern, service, region, signal)),
      Promise.resolve(),
    );
  }

  /** The quotas a call to `api` draws from, worked out once per API (a scan calls a few dozen). */
  private drawnFor(api: string, service: string): readonly string[] {
    let drawn = this.drawn.get(api);
    if (!drawn) {
      const patterns = [api, `${service}:*`].filter((p) => (this.quotas[p] ?? 0) > 0);
      // A service total (API Gateway's) is drawn from as well as the call's own quota.
      drawn = hasSharedTotal(service) ? patterns : patterns.slice(0, 1);
      this.drawn.set(api, drawn);
    }
    return drawn;
  }

  private takeFrom(pattern: string, service: string, region: string, signal?: AbortSignal): Promise<void> {
    const bucket = this.bucketFor(`${isGlobalService(service) ? 'global' : region}|${pattern}`, pattern);
    if (signal?.aborted) return Promise.reject(abortError());
    // Nobody waiting and a token at hand (a scan that keeps under the quota, most calls): taken at
    // once, without a place in the queue or a listener on the deadline.
    if (bucket.queue.length === 0) {
      this.refill(bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return Promise.resolve();
      }
    }
    const queue = bucket.queue;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const at = queue.indexOf(admit);
        if (at >= 0) queue.splice(at, 1);
        reject(abortError());
      };
      const admit = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(admit);
      this.drain(bucket);
    });
  }

  private bucketFor(key: string, pattern: string): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      // A little under the quota: our clock and AWS's differ by network jitter, and a stream
      // at exactly the quota would trip AWS's bucket whenever two requests arrive bunched.
      const rate = (this.quotas[pattern] as number) * HEADROOM;
      const burst = (this.bursts[pattern] ?? Math.max(rate, 1)) * HEADROOM;
      bucket = {
        rate,
        burst: Math.max(burst, 1),
        tokens: Math.max(burst, 1),
        at: this.now(),
        queue: [],
        timer: null,
      };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /**
   * A second's worth of burst (or AWS's documented burst), as AWS's own buckets allow: an
   * interactive audit's dozen calls go out at once, and a scan settles to exactly the quota.
   */
  private refill(bucket: Bucket): void {
    const now = this.now();
    bucket.tokens = Math.min(bucket.burst, bucket.tokens + ((now - bucket.at) / 1000) * bucket.rate);
    bucket.at = now;
  }

  private drain(bucket: Bucket): void {
    this.refill(bucket);
    while (bucket.queue.length > 0 && bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.queue.shift()?.();
    }
    if (bucket.queue.length > 0 && !bucket.timer) {
      const wait = Math.ceil(((1 - bucket.tokens) / bucket.rate) * 1000);
      bucket.timer = setTimeout(() => {
        bucket.timer = null;
        this.drain(bucket);
      }, wait);
    }
  }
}

/** What an aborted wait rejects with: the name the SDK's own aborted calls carry. */
function abortError(): Error {
  return Object.assign(new Error('aborted while waiting for a request quota token'), { name: 'AbortError' });
}

/** The API name of an SDK command, as quotas name it: `GetPolicyCommand` on the lambda client -> `lambda:GetPolicy`. */
export function actionName(service: string, commandName: string): string {
  return `${service}:${commandName.replace(/Command$/, '')}`;
}

/**
 * The IAM action an SDK command needs. Mostly its API name; API Gateway's control plane is
 * authorised by HTTP verb, so every read (GetRestApi, GetRoutes, ...) is `apigateway:GET`; some
 * S3 reads have IAM names of their own.
 */
export function iamActionName(service: string, commandName: string): string {
  if (service === 'apigateway' && commandName.startsWith('Get')) return 'apigateway:GET';
  const api = actionName(service, commandName);
  return IAM_NAMES[api] ?? api;
}

/** API names whose IAM action is named otherwise (S3's, and S3 Control's under `s3:`). */
const IAM_NAMES: Readonly<Record<string, string>> = {
  's3:GetBucketNotificationConfiguration': 's3:GetBucketNotification',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
};
