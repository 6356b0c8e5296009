import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../src/config.js';
import { createEngine } from '../../src/engine.js';
import type { AuditReport, ScanReport } from '../../src/model.js';
import type { ScanUnit } from '../../src/scan-units.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { type FakeAws, startFakeAws } from '../fakes/aws/index.js';
import {
  EXCLUDED,
  emptyUnit,
  fnArn,
  keptReport,
  LOCKED,
  MANAGEMENT,
  MANAGEMENT_CREDENTIALS,
  MEMBER,
  OPT_IN,
  ORG_ENV as ORG_BASE_ENV,
  ORG_QUOTAS,
  ORG_UNITS,
  orgWorld,
  REGION,
  ROLE_NAME,
} from '../fakes/org-world.js';
import { BACKENDS } from '../store/backends.js';
import { postgresUrl } from '../support/postgres.js';

/**
 * A scan's units in the store: a restarted scan resumes (done units are not scanned again), a
 * replica that dies holding units has them taken over when their lease lapses, and two replicas
 * share one scan, each unit scanned once. The real engine and SDK against the fake organization;
 * the stores' clock is moved by hand, so no lease is waited for.
 */
let fake: FakeAws;
const QUOTAS = ORG_QUOTAS;
const ORG_ENV = { ...ORG_BASE_ENV, AUDIT_ORG_EXCLUDE: EXCLUDED };
const config: Config = loadConfig(ORG_ENV);
/** The units that organization gives: LOCKED's role refuses, so it is one unit of its own. */
const UNITS: ScanUnit[] = [...ORG_UNITS];
const LEASE = 60_000;

beforeAll(async () => {
  fake = await startFakeAws({ world: orgWorld(), lastAccessedPolls: 0 });
});
afterAll(async () => fake.close());
beforeEach(() => fake.reset());

function engine(url = fake.url) {
  return createEngine(config, { endpoint: url, credentials: MANAGEMENT_CREDENTIALS }, { quotas: QUOTAS });
}

/** MEMBER's first region with `n` functions more (its unit then has n + 1). */
function widerWorld(n: number) {
  const world = orgWorld();
  const region = world.accounts[MEMBER]?.regions[REGION];
  for (let i = 1; i <= n; i++)
    region?.functions?.push({
      Configuration: {
        FunctionName: `wide-${i}`,
        Runtime: 'nodejs20.x',
        Role: `arn:aws:iam::${MEMBER}:role/wide-${i}`,
      },
    });
  return world;
}

/** A function's result as a dead replica kept it: recognisable by its (made-up) gap. */
const keptBefore = (name: string): AuditReport =>
  keptReport(MEMBER, REGION, name, {
    findings: [],
    unverified: [{ area: 'kept', api: 'lambda:GetFunction', reason: 'kept by the dead replica' }],
  });

const arns = (report: ScanReport) => report.functions.map((f) => f.function.arn).sort();

describe.each(BACKENDS)('a scan kept unit by unit on $name', (backend) => {
  const skip = backend.name === 'postgres' && !postgresUrl;
  let now = Date.parse('2026-03-02T09:00:00Z');
  const stores: Store[] = [];
  const open = async (url: string, owner: string) => {
    const store = await openStore(url, { owner, now: () => new Date(now) });
    stores.push(store);
    return store;
  };
  afterAll(async () => {
    for (const store of stores) await store.close();
  });

  it.skipIf(skip)('resumes a restarted scan: the units done before are not scanned again', async () => {
    const url = await backend.database();
    const before = await open(url, 'first');
    // The first run finished MEMBER's opt-in region, then stopped.
    const run = await before.unitLedger.begin(UNITS);
    const unit = await before.unitLedger.claim(run, 'first', LEASE);
    expect(unit).toEqual({ account: MANAGEMENT, region: REGION });
    expect(await before.unitLedger.complete(run, unit as ScanUnit, 'first', emptyUnit(REGION), 10)).toBe(
      true,
    );

    const again = await open(url, 'second');
    const e = engine();
    const report = await e.scan(config.regions, undefined, { ledger: again.unitLedger, owner: 'second' });
    e.close();
    // MANAGEMENT's region was done: its function is not read again, and its (empty) result stands.
    expect(arns(report)).toEqual(
      [
        `arn:aws:lambda:${OPT_IN}:${MEMBER}:function:fn-222-${OPT_IN}`,
        `arn:aws:lambda:${REGION}:${MEMBER}:function:fn-222-${REGION}`,
      ].sort(),
    );
    expect(fake.counts().calls['lambda:GetFunction']).toBe(2);
    expect(report.summary.failed.map((f) => f.reason)).toEqual([
      expect.stringContaining(`${LOCKED}: sts:AssumeRole`),
    ]);
    // Finished: the next scan starts afresh.
    expect(await again.unitLedger.remaining(run)).toBe(0);
    expect(await again.unitLedger.begin(UNITS)).not.toBe(run);
  });

  it.skipIf(skip)(
    'takes over the units of a replica that died holding them, and scans each once',
    async () => {
      const url = await backend.database();
      const dead = await open(url, 'dead');
      const run = await dead.unitLedger.begin(UNITS);
      // The dead replica claimed two units and never finished them.
      await dead.unitLedger.claim(run, 'dead', LEASE);
      await dead.unitLedger.claim(run, 'dead', LEASE);
      const live = await open(url, 'live');
      let lapsed = false;
      const e = engine();
      const report = await e.scan(config.regions, undefined, {
        ledger: live.unitLedger,
        owner: 'live',
        pollMs: 1,
        onUnits: (p) => {
          // Once it has done all it could claim, the dead replica's leases run out.
          if (p.units.done === UNITS.length - 2 && !lapsed) {
            lapsed = true;
            now += LEASE + 1;
          }
        },
      });
      e.close();
      expect(arns(report)).toHaveLength(3);
      expect(report.summary.failed).toHaveLength(1);
      // Every function scanned exactly once, the dead replica's units included.
      expect(fake.counts().calls['lambda:GetFunction']).toBe(3);
      expect(await live.unitLedger.remaining(run)).toBe(0);
    },
  );

  it.skipIf(skip)(
    "resumes a unit taken over at its first function not done: the dead owner's results stand",
    async () => {
      const wide = await startFakeAws({ world: widerWorld(3), lastAccessedPolls: 0 });
      try {
        const url = await backend.database();
        const dead = await open(url, 'dead');
        const run = await dead.unitLedger.begin(UNITS);
        // The dead replica held every unit but LOCKED's, and had kept two of MEMBER's four functions in REGION.
        const held = [];
        for (let i = 0; i < 3; i++) held.push(await dead.unitLedger.claim(run, 'dead', LEASE));
        const unit = { account: MEMBER, region: REGION };
        expect(held).toContainEqual(unit);
        for (const name of ['wide-1', 'wide-3']) await dead.unitLedger.keep(run, unit, keptBefore(name));
        expect(await dead.unitLedger.kept(run, unit)).toEqual(
          new Set([fnArn(MEMBER, REGION, 'wide-1'), fnArn(MEMBER, REGION, 'wide-3')]),
        );

        const live = await open(url, 'live');
        now += LEASE + 1;
        const e = engine(wide.url);
        const report = await e.scan(config.regions, undefined, { ledger: live.unitLedger, owner: 'live' });
        e.close();
        // Every function is in the report once; the two kept ones as the dead replica kept them.
        expect(arns(report)).toEqual(
          [
            fnArn(MANAGEMENT, REGION, `fn-111-${REGION}`),
            fnArn(MEMBER, OPT_IN, `fn-222-${OPT_IN}`),
            fnArn(MEMBER, REGION, `fn-222-${REGION}`),
            fnArn(MEMBER, REGION, 'wide-1'),
            fnArn(MEMBER, REGION, 'wide-2'),
            fnArn(MEMBER, REGION, 'wide-3'),
          ].sort(),
        );
        const kept = report.functions.filter((f) => f.unverified.some((u) => u.area === 'kept'));
        expect(kept.map((f) => f.function.name).sort()).toEqual(['wide-1', 'wide-3']);
        // Four reads for the four functions with fresh results: each read once, the kept ones not at all.
        expect(wide.counts().calls['lambda:GetFunction']).toBe(4);
        expect(report.summary.functions).toBe(6);
        expect(report.summary.incomplete).toBe(2);
      } finally {
        await wide.close();
      }
    },
  );

  it.skipIf(skip)(
    'with listed regions, never assumes the role of an account whose units it does not claim',
    async () => {
      const listed = loadConfig({ ...ORG_ENV, AUDIT_REGIONS: REGION });
      const url = await backend.database();
      const other = await open(url, 'other');
      // The units every replica forms without entering any account, in the engine's order.
      const run = await other.unitLedger.begin(
        [MANAGEMENT, MEMBER, LOCKED].map((account) => ({ account, region: REGION })),
      );
      // Another replica has done MANAGEMENT's and MEMBER's units: this one claims LOCKED's only.
      for (const account of [MANAGEMENT, MEMBER]) {
        const unit = { account, region: REGION };
        expect(await other.unitLedger.claim(run, 'other', LEASE)).toEqual(unit);
        await other.unitLedger.complete(run, unit, 'other', emptyUnit(REGION), 10);
      }
      const live = await open(url, 'live');
      const e = createEngine(
        listed,
        { endpoint: fake.url, credentials: MANAGEMENT_CREDENTIALS },
        { quotas: QUOTAS },
      );
      const report = await e.scan(listed.regions, undefined, { ledger: live.unitLedger, owner: 'live' });
      e.close();
      // One AssumeRole, LOCKED's (its refusal below): MEMBER's role was never assumed by this replica.
      const counts = fake.counts();
      expect(counts.calls['sts:AssumeRole']).toBe(1);
      expect(counts.calls['lambda:ListFunctions'] ?? 0).toBe(0);
      // LOCKED is still one loud entry: its account section names sts:AssumeRole and the role.
      const role = `arn:aws:iam::${LOCKED}:role/${ROLE_NAME}`;
      expect(report.summary.failed).toEqual([
        { function: '*', region: REGION, reason: expect.stringContaining(`${LOCKED}: sts:AssumeRole`) },
      ]);
      expect(report.accounts).toEqual([
        expect.objectContaining({
          accountId: LOCKED,
          unverified: [{ area: 'account', api: 'sts:AssumeRole', reason: expect.stringContaining(role) }],
        }),
      ]);
    },
  );

  it.skipIf(skip || backend.name === 'sqlite')(
    'shares one scan between two replicas, each unit scanned once',
    async () => {
      const url = await backend.database();
      const [a, b] = [await open(url, 'a'), await open(url, 'b')];
      const [ea, eb] = [engine(), engine()];
      const finished: string[] = [];
      const watch = (store: Store, name: string) => ({
        ...store.unitLedger,
        finish: async (r: string) => {
          const won = await store.unitLedger.finish(r);
          if (won) finished.push(name);
          return won;
        },
      });
      const [ra, rb] = await Promise.all([
        ea.scan(config.regions, undefined, { ledger: watch(a, 'a'), owner: 'a', pollMs: 5 }),
        eb.scan(config.regions, undefined, { ledger: watch(b, 'b'), owner: 'b', pollMs: 5 }),
      ]);
      ea.close();
      eb.close();
      // Both see the whole scan; one of them finished it (and would record it).
      expect(arns(ra)).toEqual(arns(rb));
      expect(arns(ra)).toHaveLength(3);
      expect(finished).toHaveLength(1);
      expect(fake.counts().calls['lambda:GetFunction']).toBe(3);
      // Each replica lists the organization and its accounts' regions for itself.
      expect(fake.counts().calls['organizations:ListAccounts']).toBe(2);
    },
  );
});
