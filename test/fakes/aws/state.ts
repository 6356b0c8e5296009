/**
 * Everything the fake remembers: the world, the knobs, the counters, and the little server-side
 * state some APIs need (assumed-role sessions, IAM last-accessed jobs, Logs Insights queries).
 */
import { FailureInjector, type Knobs, RateLimiter } from './knobs.js';
import type { World, WorldAccount, WorldFunction, WorldRegion } from './world.js';

export interface Session {
  account: string;
  roleArn: string;
  sessionName: string;
  /** When its credentials stop working (the fake's clock, epoch ms). */
  expiresAt: number;
}

export interface LastAccessedJob {
  account: string;
  arn: string;
  granularity: 'SERVICE_LEVEL' | 'ACTION_LEVEL';
  createdAt: Date;
  polls: number;
}

export interface InsightsQuery {
  rows: { field: string; value: string }[][];
  recordsScanned: number;
  bytesScanned: number;
  polls: number;
}

/** Calls by API name ('lambda:GetPolicy'), counted as they arrive. */
export interface Counters {
  /** Every call, including throttled, denied and failed ones. */
  calls: Map<string, number>;
  throttled: Map<string, number>;
  denied: Map<string, number>;
  failed: Map<string, number>;
  /** Answers held back by the latency knob. */
  delayed: Map<string, number>;
  /** Calls signed with an assumed role's credentials after they expired. */
  expired: Map<string, number>;
}

const EMPTY_REGION: WorldRegion = {};

export class FakeState {
  world: World;
  /** When the world was loaded: negative (relative) timestamps count back from here. */
  loadedAt = Date.now();
  knobs: Knobs;
  readonly limiter: RateLimiter;
  readonly failures: FailureInjector;
  readonly counters: Counters = {
    calls: new Map(),
    throttled: new Map(),
    denied: new Map(),
    failed: new Map(),
    delayed: new Map(),
    expired: new Map(),
  };
  readonly sessions = new Map<string, Session>();
  readonly jobs = new Map<string, LastAccessedJob>();
  readonly queries = new Map<string, InsightsQuery>();
  private sequence = 0;

  constructor(world: World, knobs: Knobs) {
    this.world = world;
    this.knobs = knobs;
    this.limiter = new RateLimiter(knobs.rateLimits, knobs.rateBursts);
    this.failures = new FailureInjector(knobs.failures);
  }

  setWorld(world: World): void {
    this.world = world;
    this.loadedAt = Date.now();
    this.jobs.clear();
    this.queries.clear();
  }

  setKnobs(partial: Partial<Knobs>): void {
    this.knobs = { ...this.knobs, ...partial };
    if ('rateLimits' in partial || 'rateBursts' in partial) {
      this.limiter.setLimits(this.knobs.rateLimits ?? {}, this.knobs.rateBursts ?? {});
    }
    if ('failures' in partial) this.failures.setRules(partial.failures ?? {});
  }

  /** Clears counters and the rate-limit and failure state; the world and knobs stay. */
  reset(): void {
    for (const counter of Object.values(this.counters)) counter.clear();
    this.limiter.reset();
    this.failures.reset();
  }

  count(counter: keyof Counters, api: string): void {
    const map = this.counters[counter];
    map.set(api, (map.get(api) ?? 0) + 1);
  }

  /** The fake's clock (epoch ms): the `clock` knob, else the real one. */
  now(): number {
    return this.knobs.clock?.() ?? Date.now();
  }

  /** A fresh number for ids (request ids, job ids, session keys). */
  next(): number {
    this.sequence += 1;
    return this.sequence;
  }

  get defaultAccount(): string {
    const account = this.world.defaultAccount ?? Object.keys(this.world.accounts)[0];
    return account ?? '123456789012';
  }

  account(id: string): WorldAccount | undefined {
    return this.world.accounts[id];
  }

  /** The region's contents; an unknown region is simply empty, as in AWS. */
  region(account: string, region: string): WorldRegion {
    return this.account(account)?.regions[region] ?? EMPTY_REGION;
  }

  functions(account: string, region: string): WorldFunction[] {
    return this.region(account, region).functions ?? [];
  }
}
