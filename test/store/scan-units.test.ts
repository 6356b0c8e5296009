/** The store's ledger of scan units keeps each function's result: the same expectations on SQLite and PostgreSQL. */
import { expect, it } from 'vitest';
import {
  type AccountSection,
  type AuditReport,
  compareReports,
  type ScanReport,
  type ScanResult,
  SEVERITIES,
  summarise,
} from '../../src/model.js';
import { memoryLedger, type ScanUnit, type UnitLedger } from '../../src/scan-units.js';
import { openStore } from '../../src/store/open.js';
import { BACKENDS, describeBackends } from './backends.js';
import { ACCOUNT, denied, finding, REGION, report, scanOf } from './fixtures.js';

const OTHER = 'us-east-1';
const UNITS: ScanUnit[] = [
  { account: ACCOUNT, region: REGION },
  { account: ACCOUNT, region: OTHER },
];
const LEASE = 60_000;

/** `n` functions of a region, each with one finding named after it. */
const functionsOf = (region: string, n: number): AuditReport[] =>
  Array.from({ length: n }, (_, i) => {
    const name = `fn-${String(i).padStart(4, '0')}`;
    return report(name, (arn) => [finding('function-url-public', `${arn}#${name}`)], [], region);
  });

/**
 * Functions whose names sort differently by code unit than by locale (capitals first, `-`
 * before `_`), with findings of every severity and some gaps: enough for several pages.
 */
const variedOf = (region: string): AuditReport[] =>
  [
    'Zeta',
    'alpha',
    'Beta',
    'beta_1',
    'beta-2',
    ...Array.from({ length: 230 }, (_, i) => `fn-${(i * 37) % 230}`),
  ].map((name, i) =>
    report(
      name,
      (arn) =>
        Array.from({ length: i % 4 }, (_, k) =>
          finding(`check-${k}`, `${arn}#${k}`, SEVERITIES[(i + k) % SEVERITIES.length]),
        ),
      i % 7 === 0 ? [denied('iam:GetRole', 'role')] : [],
      region,
    ),
  );

/** Keeps every function of both units and finishes them; returns the run. */
async function keptRun(ledger: UnitLedger, functions: (unit: ScanUnit) => AuditReport[]): Promise<string> {
  const run = await ledger.begin(UNITS);
  for (let unit = await ledger.claim(run, 'a', LEASE); unit; unit = await ledger.claim(run, 'a', LEASE)) {
    for (const r of functions(unit)) await ledger.keep(run, unit, r);
    await ledger.complete(run, unit, 'a', scanOf([]), 5);
  }
  return run;
}

async function read(pages: AsyncIterable<AuditReport[]>): Promise<AuditReport[]> {
  const all: AuditReport[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

describeBackends('scan units', (ctx) => {
  it("reads a scan in compareReports order, with summarise()'s totals, as the memory ledger does", async () => {
    const all = UNITS.flatMap((u) => variedOf(u.region));
    const run = await keptRun(ctx.store.unitLedger, (unit) => variedOf(unit.region));
    const functions = await read(ctx.store.unitLedger.functions(run));
    expect(functions.map((r) => r.function.arn)).toEqual(
      [...all].sort(compareReports).map((r) => r.function.arn),
    );
    expect(functions).toEqual([...all].sort(compareReports));
    const gaps = await read(ctx.store.unitLedger.functions(run, { withGaps: true }));
    expect(gaps).toEqual(functions.filter((r) => r.unverified.length > 0));
    const { regions: _, failed: __, ...totals } = summarise(all, { regions: [], failed: [] });
    expect(totals.incomplete).toBeGreaterThan(0);
    expect(await ctx.store.unitLedger.totals(run)).toEqual(totals);

    const memory = memoryLedger();
    const inMemory = await keptRun(memory, (unit) => variedOf(unit.region));
    expect(await read(memory.functions(inMemory))).toEqual(functions);
    expect(await read(memory.functions(inMemory, { withGaps: true }))).toEqual(gaps);
    expect(await memory.totals(inMemory)).toEqual(totals);
  });

  it('reads every kept result back once, page by page, only for finished units', async () => {
    const ledger = ctx.store.unitLedger;
    const run = await ledger.begin(UNITS);
    const first = (await ledger.claim(run, 'a', LEASE)) as ScanUnit;
    const second = (await ledger.claim(run, 'a', LEASE)) as ScanUnit;
    const inFirst = functionsOf(first.region, 450);
    for (const r of inFirst) await ledger.keep(run, first, r);
    for (const r of functionsOf(second.region, 3)) await ledger.keep(run, second, r);
    expect(await ledger.complete(run, first, 'a', scanOf([]), 5)).toBe(true);

    // The second unit is not finished: its results are not the scan's yet.
    const pages: AuditReport[][] = [];
    for await (const page of ledger.functions(run)) pages.push(page);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.flat().map((r) => r.function.arn)).toEqual(inFirst.map((r) => r.function.arn).sort());
    expect(pages.flat()[0]).toEqual(inFirst[0]);
    expect(await ledger.rests(run)).toEqual([scanOf([])]);
  });

  it('records a scan read page by page from the store as the same scan held in memory', async () => {
    const run = await keptRun(ctx.store.unitLedger, (unit) => variedOf(unit.region));
    const all = UNITS.flatMap((u) => variedOf(u.region)).sort(compareReports);
    const section: AccountSection = {
      accountId: ACCOUNT,
      region: REGION,
      findings: [finding('guardduty-disabled', `${ACCOUNT}/${REGION}`)],
      unverified: [denied('guardduty:ListDetectors', 'account')],
    };
    const summary = summarise(all, { regions: [REGION, OTHER], failed: [] });
    const held: ScanReport = { functions: all, accounts: [section], summary };
    const paged: ScanResult = {
      summary,
      accounts: [section],
      functions: (options) => ctx.store.unitLedger.functions(run, options),
    };
    // The same scan held in memory, recorded in a database of its own.
    const backend = BACKENDS.find((b) => b.name === ctx.backend) as (typeof BACKENDS)[number];
    const other = await openStore(await backend.database(), { now: () => ctx.now });
    try {
      // Recorded through another connection, as the CLI does (its ledger's store reads the pages).
      const recorder = await ctx.replica('recorder');
      const fromPages = await recorder.recordScan(paged);
      const fromMemory = await other.recordScan(held);
      expect(fromPages).toEqual(fromMemory);
      expect(fromPages.opened.length).toBeGreaterThan(400);
      const gaps = await ctx.store.scanGaps(fromPages.scan.id);
      expect(gaps.length).toBe(summary.incomplete + 1);
      expect(gaps).toEqual(await other.scanGaps(fromMemory.scan.id));
      expect(await ctx.store.findings()).toEqual(await other.findings());
    } finally {
      await other.close();
    }
  });

  it('records a scan read page by page from the very store that records it (a bot has one)', async () => {
    const run = await keptRun(ctx.store.unitLedger, (unit) => functionsOf(unit.region, 3));
    const held = UNITS.flatMap((u) => functionsOf(u.region, 3));
    const summary = summarise(held, { regions: [REGION, OTHER], failed: [] });
    const recorded = await ctx.store.recordScan({
      summary,
      accounts: [],
      functions: (options) => ctx.store.unitLedger.functions(run, options),
    });
    expect(recorded.opened).toHaveLength(held.length);
    expect((await ctx.store.findings()).map((f) => f.functionArn).sort()).toEqual(
      held.map((r) => r.function.arn).sort(),
    );
  });

  it('joins a named run finished or not, and never a run of another name or of none', async () => {
    const ledger = ctx.store.unitLedger;
    const slot = await ledger.begin(UNITS, 'digest 2026-03-02T09:00:00.000Z');
    // The same units unnamed, or under another slot's name, are other runs.
    const unnamed = await ledger.begin(UNITS);
    const next = await ledger.begin(UNITS, 'digest 2026-03-03T09:00:00.000Z');
    expect(new Set([slot, unnamed, next]).size).toBe(3);
    expect(await ledger.begin(UNITS, 'digest 2026-03-02T09:00:00.000Z')).toBe(slot);
    for (let unit = await ledger.claim(slot, 'a', LEASE); unit; unit = await ledger.claim(slot, 'a', LEASE))
      await ledger.complete(slot, unit, 'a', scanOf([]), 5);
    expect(await ledger.finish(slot)).toBe(true);
    // Finished: a replica arriving late joins it and finds nothing left to scan, nor to finish.
    expect(await ledger.begin(UNITS, 'digest 2026-03-02T09:00:00.000Z')).toBe(slot);
    expect(await ledger.remaining(slot)).toBe(0);
    expect(await ledger.finish(slot)).toBe(false);
    expect(await ledger.begin(UNITS)).toBe(unnamed);
  });

  it('keeps the first result of a function audited twice, and says which are kept', async () => {
    const ledger = ctx.store.unitLedger;
    const run = await ledger.begin(UNITS);
    const unit = (await ledger.claim(run, 'dead', LEASE)) as ScanUnit;
    const [one, two] = functionsOf(unit.region, 2) as [AuditReport, AuditReport];
    await ledger.keep(run, unit, one);
    // Its owner presumed dead, the unit is taken over and the same function audited again.
    ctx.now = new Date(ctx.now.getTime() + LEASE + 1);
    expect(await ledger.claim(run, 'live', LEASE)).toEqual(unit);
    expect(await ledger.kept(run, unit)).toEqual(new Set([one.function.arn]));
    await ledger.keep(run, unit, { ...one, findings: [] });
    await ledger.keep(run, unit, two);
    expect(await ledger.complete(run, unit, 'dead', scanOf([]), 5)).toBe(false);
    expect(await ledger.complete(run, unit, 'live', scanOf([]), 5)).toBe(true);
    const kept: AuditReport[] = [];
    for await (const page of ledger.functions(run)) kept.push(...page);
    expect(kept).toEqual([one, two]);
  });

  it("deletes a finished run's function results a day after it finished, when a new run begins", async () => {
    const ledger = ctx.store.unitLedger;
    const kept = async (run: string) => {
      const all: AuditReport[] = [];
      for await (const page of ledger.functions(run)) all.push(...page);
      return all.length;
    };
    const scanned = async () => {
      const run = await ledger.begin(UNITS.slice(0, 1));
      const unit = (await ledger.claim(run, 'a', LEASE)) as ScanUnit;
      for (const r of functionsOf(unit.region, 3)) await ledger.keep(run, unit, r);
      await ledger.complete(run, unit, 'a', scanOf([]), 5);
      expect(await ledger.finish(run)).toBe(true);
      return run;
    };
    const old = await scanned();
    ctx.now = new Date(ctx.now.getTime() + 23 * 3_600_000);
    const recent = await scanned();
    expect(await kept(old)).toBe(3);
    ctx.now = new Date(ctx.now.getTime() + 2 * 3_600_000);
    await ledger.begin(UNITS);
    expect(await kept(old)).toBe(0);
    expect(await kept(recent)).toBe(3);
  });
});
