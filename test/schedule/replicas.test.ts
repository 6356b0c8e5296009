/**
 * The scheduled scan on several replicas, on both engines: the slot's scan is one run of units
 * in the store, named for the slot. The replica that claims the slot and the one that does not
 * share its units (each unit scanned once), one records it and one digest is posted; a builder
 * that dies holding units has the slot rebuilt by another replica, which resumes the run (the
 * units done stay done) instead of scanning again. The real engine against the fake
 * organization, the real WebClient against the fake Slack; the stores' clock is moved by hand.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createEngine, type RunningEngine } from '../../src/engine.js';
import type { ScanUnit } from '../../src/scan-units.js';
import { DigestJob } from '../../src/schedule/job.js';
import type { DigestPayload } from '../../src/schedule/outbox.js';
import { createDigestPoster } from '../../src/schedule/poster.js';
import type { Store } from '../../src/store/store.js';
import { type FakeAws, startFakeAws } from '../fakes/aws/index.js';
import { EXCLUDED, MANAGEMENT_CREDENTIALS, ORG_ENV, ORG_QUOTAS, orgWorld } from '../fakes/org-world.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/index.js';
import { describeBackends } from '../store/backends.js';
import { FakeClock } from './fake-clock.js';

const CHANNEL = 'C0DIGEST';
const SLOT = new Date('2026-03-02T09:00:00.250Z');
const SLOT_KEY = '2026-03-02T09:00:00.000Z';
/** The organization's units: MANAGEMENT's region, MEMBER's two, LOCKED's refusal. */
const UNITS = 4;
/** Functions in the units (LOCKED's has none). */
const FUNCTIONS = 3;
/** One unit at a time per replica, so that two replicas both have some to do. */
const config = loadConfig({ ...ORG_ENV, AUDIT_ORG_EXCLUDE: EXCLUDED, AUDIT_SCAN_UNITS: '1' });
/** The default unit lease (engine-scan.ts), which the job does not change here. */
const UNIT_LEASE_MS = 120_000;

let aws: FakeAws;
let slack: FakeSlack;
const cleanups: (() => unknown)[] = [];
beforeEach(async () => {
  aws = await startFakeAws({ world: orgWorld(), lastAccessedPolls: 0 });
  slack = await startFakeSlack();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await aws.close();
  await slack.close();
});

function engine(clock: FakeClock): RunningEngine {
  const e = createEngine(
    config,
    { endpoint: aws.url, credentials: MANAGEMENT_CREDENTIALS },
    { quotas: ORG_QUOTAS, clock: () => clock.now() },
  );
  cleanups.push(() => e.close());
  return e;
}

/** Who finished which units, as the ledger heard it. */
type Completed = Map<string, string[]>;

/**
 * The store with its ledger watched: completed units by owner, and `beforeClaim` (awaited before
 * every claim of `owner`'s) and `beforeRead` (before a claimed unit is read) to pace a replica.
 */
function watched(
  store: Store,
  completed: Completed,
  hooks: { beforeClaim?: (n: number) => Promise<void>; beforeRead?: (unit: ScanUnit) => Promise<void> } = {},
): Store {
  const ledger = store.unitLedger;
  let claims = 0;
  return {
    ...store,
    unitLedger: {
      ...ledger,
      claim: async (run, owner, leaseMs) => {
        await hooks.beforeClaim?.(claims++);
        return ledger.claim(run, owner, leaseMs);
      },
      kept: async (run, unit) => {
        await hooks.beforeRead?.(unit);
        return ledger.kept(run, unit);
      },
      complete: async (run, unit, owner, rest, ms) => {
        const won = await ledger.complete(run, unit, owner, rest, ms);
        if (won) completed.set(owner, [...(completed.get(owner) ?? []), `${unit.account}/${unit.region}`]);
        return won;
      },
    },
  };
}

function job(store: Store, owner: string, clock: FakeClock, scanClock = clock): DigestJob {
  const j = new DigestJob({
    store,
    engine: engine(scanClock),
    regions: config.regions,
    poster: createDigestPoster('xoxb-test', slack.apiUrl),
    channel: CHANNEL,
    clock,
    owner,
    units: { pollMs: 1 },
  });
  cleanups.push(() => j.stop());
  return j;
}

const mainPosts = () => slack.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === undefined);

describeBackends('the scheduled scan on two replicas', (ctx) => {
  it('shares the slot’s units: each scanned once, the scan recorded once, one digest posted', async () => {
    const clock = new FakeClock(SLOT);
    ctx.clock = () => clock.now();
    const completed: Completed = new Map();
    // The builder claims its second unit only once the other replica has claimed one.
    let helperClaimed: () => void = () => undefined;
    const helping = new Promise<void>((resolve) => {
      helperClaimed = resolve;
    });
    const builder = job(
      watched(ctx.store, completed, { beforeClaim: (n) => (n === 1 ? helping : Promise.resolve()) }),
      'builder',
      clock,
    );
    const helper = job(
      watched(await ctx.replica('helper'), completed, { beforeRead: async () => helperClaimed() }),
      'helper',
      clock,
    );
    // The builder claims the slot first; the other replica's cron fires for the same slot meanwhile.
    const building = builder.runSlot(SLOT);
    while ((await ctx.store.digest(SLOT_KEY)) === null) await new Promise((r) => setTimeout(r, 2));
    const helped = await helper.runSlot(SLOT);
    const built = await building;

    // Every unit once, by one replica or the other, and both did some.
    const done = [...completed.values()].flat();
    expect(done).toHaveLength(UNITS);
    expect(new Set(done).size).toBe(UNITS);
    expect(completed.get('builder')?.length).toBeGreaterThan(0);
    expect(completed.get('helper')?.length).toBeGreaterThan(0);
    expect(aws.counts().calls['lambda:GetFunction']).toBe(FUNCTIONS);
    // One scan recorded, of every function; one digest, of that scan, posted once.
    const latest = await ctx.store.latestScan();
    expect(latest).toMatchObject({ id: 1, functions: FUNCTIONS, failed: 1 });
    expect(built).toMatchObject({ slotKey: SLOT_KEY, status: 'posted', scanId: 1 });
    // The helper returned once nothing was left to claim: the builder finished the run.
    expect(helped?.slotKey).toBe(SLOT_KEY);
    expect(await ctx.store.digest(SLOT_KEY)).toMatchObject({ status: 'posted', scanId: 1 });
    expect(mainPosts()).toHaveLength(1);
    const digest = (JSON.parse(built?.payload ?? '{}') as DigestPayload).digest;
    expect(digest.scan?.functions).toBe(FUNCTIONS);
    // LOCKED's role refused: loud in the digest, whichever replica scanned its unit.
    expect(digest.failed.map((g) => g.reason)).toEqual([expect.stringContaining('sts:AssumeRole')]);
  });

  it('rebuilds the slot of a builder that died holding units: the run resumes, nothing is scanned twice', async () => {
    const clock = new FakeClock(SLOT);
    ctx.clock = () => clock.now();
    const completed: Completed = new Map();
    // The builder dies on its second unit, right after claiming it: it never reads it.
    let died: () => void = () => undefined;
    const death = new Promise<void>((resolve) => {
      died = resolve;
    });
    let reads = 0;
    const dying = watched(ctx.store, completed, {
      beforeRead: () => {
        if (++reads === 1) return Promise.resolve();
        died();
        return new Promise(() => undefined);
      },
    });
    // Its own clock, which never moves: a dead process renews no claim.
    const dead = job(dying, 'dead', new FakeClock(SLOT), clock);
    void dead.runSlot(SLOT);
    await death;
    expect(completed.get('dead')).toHaveLength(1);
    expect(aws.counts().calls['lambda:GetFunction']).toBe(1);

    // Past the slot's build lease and the unit's: another replica takes the slot over on start.
    await clock.advance(UNIT_LEASE_MS + 1);
    const successor = job(watched(await ctx.replica('successor'), completed), 'successor', clock);
    await successor.start({ schedule: false });

    expect(completed.get('dead')).toHaveLength(1);
    expect(completed.get('successor')).toHaveLength(UNITS - 1);
    // The dead builder's function is not read again; the rest once each.
    expect(aws.counts().calls['lambda:GetFunction']).toBe(FUNCTIONS);
    expect(await ctx.store.latestScan()).toMatchObject({ id: 1, functions: FUNCTIONS });
    expect(await ctx.store.digest(SLOT_KEY)).toMatchObject({ status: 'posted', scanId: 1 });
    expect(mainPosts()).toHaveLength(1);
  });
});
