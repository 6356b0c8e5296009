/**
 * The fake's dials: latency, rate limits, injected failures and AccessDenied. API names are
 * IAM action names ('lambda:GetPolicy'); a key may also be a service wildcard ('lambda:*') or
 * '*' for everything.
 */

/** Fail deterministically: every Nth matching call, or a seeded-random share of them. */
export type FailureRule = { every: number } | { ratio: number; seed?: number };

/** Deny an API (string form), optionally only for one caller account or resource ARN glob. */
export type DenyRule = string | { api: string; account?: string; resource?: string };

export interface Knobs {
  /** Delay before every answer: one value, or per API pattern (most specific wins). */
  latencyMs?: number | Record<string, number>;
  /** Requests per second per account+region, per API pattern (token bucket, burst = rate unless set below). */
  rateLimits?: Record<string, number>;
  /** A bucket's capacity where AWS documents a burst above one second's worth (API Gateway: 40). */
  rateBursts?: Record<string, number>;
  /** 5xx service errors per API pattern. */
  failures?: Record<string, FailureRule>;
  /** APIs that answer the service's AccessDenied error. */
  accessDenied?: DenyRule[];
  /** GetServiceLastAccessedDetails answers IN_PROGRESS this many times per job first (default 1). */
  lastAccessedPolls?: number;
  /** GetServiceLastAccessedDetails then reports the job FAILED with this message, as IAM does. */
  lastAccessedFailure?: string;
  /** GetQueryResults answers Running this many times per query first (default 0). */
  queryPolls?: number;
  /** AssumeRole's credentials last at most this long (AWS's floor is 900 s); default as asked. */
  sessionSeconds?: number;
  /** The clock (epoch ms) assumed-role credentials expire by; default the real one. */
  clock?: () => number;
}

/** The patterns that apply to an API, most specific first. */
export function patternsFor(api: string): string[] {
  const service = api.slice(0, api.indexOf(':'));
  return [api, `${service}:*`, '*'];
}

/** The value for the most specific pattern that has one. */
export function lookup<T>(table: Record<string, T> | undefined, api: string): T | undefined {
  if (!table) return undefined;
  for (const pattern of patternsFor(api)) {
    const value = table[pattern];
    if (value !== undefined) return value;
  }
  return undefined;
}

export function latencyFor(knobs: Knobs, api: string): number {
  const latency = knobs.latencyMs;
  if (latency === undefined) return 0;
  return typeof latency === 'number' ? latency : (lookup(latency, api) ?? 0);
}

/** True when `text` matches a glob where '*' stands for any run of characters. */
export function globMatch(glob: string, text: string): boolean {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`).test(text);
}

export function isDenied(knobs: Knobs, api: string, account: string, resource: string): boolean {
  return (knobs.accessDenied ?? []).some((rule) => {
    const {
      api: pattern,
      account: onlyAccount,
      resource: onlyResource,
    } = typeof rule === 'string' ? { api: rule, account: undefined, resource: undefined } : rule;
    if (!patternsFor(api).includes(pattern)) return false;
    if (onlyAccount !== undefined && onlyAccount !== account) return false;
    return onlyResource === undefined || globMatch(onlyResource, resource);
  });
}

/**
 * Token buckets keyed by pattern, account and region. A call draws from the most specific
 * pattern that has a limit, as Lambda's quotas work: GetFunction (100/s) and GetPolicy (15/s)
 * have buckets of their own, and 'lambda:*' (15/s) is shared by every other control-plane call.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private limits: Record<string, number> = {},
    private bursts: Record<string, number> = {},
  ) {}

  setLimits(limits: Record<string, number>, bursts: Record<string, number> = this.bursts): void {
    this.limits = limits;
    this.bursts = bursts;
    this.buckets.clear();
  }

  reset(): void {
    this.buckets.clear();
  }

  /** Takes a token; returns 0 when allowed, else the seconds until a retry could pass. */
  take(api: string, account: string, region: string, now = performance.now()): number {
    const pattern = patternsFor(api).find((p) => (this.limits[p] ?? 0) > 0);
    if (pattern === undefined) return 0;
    const rate = this.limits[pattern] as number;
    // The burst is AWS's documented one, else one second's worth (at least one token).
    const burst = this.bursts[pattern] ?? Math.max(rate, 1);
    const key = `${pattern}|${account}|${region}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: burst, at: now };
      this.buckets.set(key, bucket);
    }
    // Refill continuously, up to the burst.
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    if (bucket.tokens < 1) return (1 - bucket.tokens) / rate;
    bucket.tokens -= 1;
    return 0;
  }
}

/** Decides which calls fail, reproducibly: the same knobs give the same failures in the same order. */
export class FailureInjector {
  private readonly seen = new Map<string, number>();
  private readonly random = new Map<string, () => number>();

  constructor(private rules: Record<string, FailureRule> = {}) {}

  setRules(rules: Record<string, FailureRule>): void {
    this.rules = rules;
    this.reset();
  }

  reset(): void {
    this.seen.clear();
    this.random.clear();
  }

  shouldFail(api: string): boolean {
    const pattern = patternsFor(api).find((p) => this.rules[p] !== undefined);
    if (pattern === undefined) return false;
    const rule = this.rules[pattern]!;
    const n = (this.seen.get(pattern) ?? 0) + 1;
    this.seen.set(pattern, n);
    if ('every' in rule) return rule.every > 0 && n % rule.every === 0;
    let next = this.random.get(pattern);
    if (!next) {
      next = mulberry32(rule.seed ?? 1);
      this.random.set(pattern, next);
    }
    return next() < rule.ratio;
  }
}

/** A tiny seeded PRNG (mulberry32): good enough to spread failures, and reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
