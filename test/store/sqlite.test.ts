import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Severity } from '../../src/model.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openStore, openStoreCopy, sqlitePath } from '../../src/store/open.js';
import { migrate, SqliteStore } from '../../src/store/sqlite.js';
import { denied, finding, fnArn, report, scanOf } from './fixtures.js';

let now = new Date('2026-03-02T09:00:00.000Z');
const clock = () => now;
let store: SqliteStore;

beforeEach(() => {
  now = new Date('2026-03-02T09:00:00.000Z');
  store = SqliteStore.open(':memory:', { now: clock });
});
afterEach(async () => store.close());

const publicInvoke = (arn: string) => finding('policy-public-invoke', arn, 'critical');
const untagged = (arn: string) => finding('function-untagged', arn, 'low');

async function states(): Promise<Record<string, string>> {
  const all = await store.findings();
  return Object.fromEntries(all.map((f) => [`${f.check}@${f.functionArn.split(':')[6]}`, f.state]));
}

describe('migrations', () => {
  it('brings a new database to the latest version once, and records each step', () => {
    const db = new BetterSqlite3(':memory:');
    expect(migrate(db)).toBe(MIGRATIONS.length);
    expect(migrate(db)).toBe(MIGRATIONS.length);
    const rows = db.prepare('SELECT version FROM schema_version').all();
    expect(rows).toHaveLength(MIGRATIONS.length);
    db.close();
  });

  it('rolls a failing migration back whole, leaving the previous version', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db);
    const broken = [
      ...MIGRATIONS,
      { version: 99, name: 'broken', sql: 'CREATE TABLE x (a INT); SELECT nope FROM nowhere;' },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'x'").get()).toBeUndefined();
    expect(migrate(db)).toBe(MIGRATIONS.length);
    db.close();
  });
});

describe('recordScan: open and fixed', () => {
  it('opens what a scan finds and fixes what a complete later scan no longer sees', async () => {
    const first = await store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn), untagged(arn)])]));
    expect(first.opened).toHaveLength(2);
    now = new Date('2026-03-03T09:00:00.000Z');
    const second = await store.recordScan(scanOf([report('a', (arn) => [untagged(arn)])]));
    expect(second.fixed).toEqual([publicInvoke(fnArn('a')).fingerprint]);
    const fixed = await store.finding(publicInvoke(fnArn('a')).fingerprint);
    expect(fixed).toMatchObject({
      state: 'fixed',
      fixedScanId: second.scan.id,
      firstSeen: '2026-03-02T09:00:00.000Z',
      lastSeen: '2026-03-02T09:00:00.000Z',
    });
    const kept = await store.finding(untagged(fnArn('a')).fingerprint);
    expect(kept).toMatchObject({
      state: 'open',
      lastSeen: '2026-03-03T09:00:00.000Z',
      lastScanId: second.scan.id,
    });
  });

  it('opens a fixed finding again when it comes back, as news of that scan', async () => {
    await store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])]));
    await store.recordScan(scanOf([report('a', [])]));
    const third = await store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])]));
    expect(third.opened).toEqual([publicInvoke(fnArn('a')).fingerprint]);
    expect(await store.finding(publicInvoke(fnArn('a')).fingerprint)).toMatchObject({
      state: 'open',
      openedScanId: third.scan.id,
      fixedAt: null,
    });
  });

  it.each([
    ['GetPolicy denied (the check reads it)', denied('lambda:GetPolicy', 'triggers'), 'open'],
    ['another API of the same area', denied('lambda:ListAliases', 'triggers'), 'open'],
    ['an unrelated area (tags)', denied('lambda:ListTags', 'hygiene'), 'fixed'],
  ])('a gap for %s keeps the finding %s', async (_name, gap, expected) => {
    await store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])]));
    await store.recordScan(scanOf([report('a', [], [gap])]));
    expect(await states()).toEqual({ 'policy-public-invoke@a': expected });
  });

  it('keeps the findings of a function that could not be read at all', async () => {
    await store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)]), report('b', [])]));
    await store.recordScan(
      scanOf([report('b', [])], [{ function: fnArn('a'), region: 'eu-central-1', reason: 'Throttled' }]),
    );
    expect(await states()).toEqual({ 'policy-public-invoke@a': 'open' });
    const gaps = await store.scanGaps((await store.latestScan())?.id ?? 0);
    expect(gaps).toEqual([
      expect.objectContaining({ kind: 'failed', functionName: 'a', reason: 'Throttled' }),
    ]);
  });

  it('fixes the findings of a deleted function, but not when the region listing failed', async () => {
    await store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)]), report('b', [])]));
    await store.recordScan(
      scanOf(
        [report('b', [])],
        [{ function: '*', region: 'eu-central-1', reason: 'ListFunctions throttled' }],
      ),
    );
    expect(await states()).toEqual({ 'policy-public-invoke@a': 'open' });
    await store.recordScan(scanOf([report('b', [])]));
    expect(await states()).toEqual({ 'policy-public-invoke@a': 'fixed' });
  });

  it('leaves regions the scan did not cover alone', async () => {
    await store.recordScan(
      scanOf([report('a', (arn) => [publicInvoke(arn)], [], 'us-east-1')], [], ['us-east-1']),
    );
    await store.recordScan(scanOf([report('b', [])]));
    expect(await states()).toEqual({ 'policy-public-invoke@a': 'open' });
  });

  it('fixes a finding several functions report (a shared role) only when none reports it', async () => {
    const shared = finding('role-admin', 'arn:aws:iam::123456789012:role/shared', 'critical');
    await store.recordScan(scanOf([report('a', [shared]), report('b', [shared])]));
    expect((await store.finding(shared.fingerprint))?.functions.map((f) => f.functionName)).toEqual([
      'a',
      'b',
    ]);
    await store.recordScan(scanOf([report('a', []), report('b', [shared])]));
    expect(await store.finding(shared.fingerprint)).toMatchObject({
      state: 'open',
      functions: [expect.objectContaining({ functionName: 'b' })],
    });
    await store.recordScan(scanOf([report('a', []), report('b', [], [denied('iam:GetRole', 'role')])]));
    expect((await store.finding(shared.fingerprint))?.state).toBe('open');
    await store.recordScan(scanOf([report('a', []), report('b', [])]));
    expect((await store.finding(shared.fingerprint))?.state).toBe('fixed');
  });

  it('stores the scan with its counts and gaps', async () => {
    const recorded = await store.recordScan(
      scanOf([report('a', (arn) => [publicInvoke(arn)], [denied('logs:DescribeLogGroups', 'logs')])]),
      { startedAt: new Date('2026-03-02T08:59:00.000Z') },
    );
    expect(await store.latestScan()).toEqual({
      id: recorded.scan.id,
      startedAt: '2026-03-02T08:59:00.000Z',
      finishedAt: '2026-03-02T09:00:00.000Z',
      regions: ['eu-central-1'],
      functions: 1,
      incomplete: 1,
      failed: 0,
      bySeverity: { critical: 1, high: 0, medium: 0, low: 0, info: 0 },
    });
    expect(await store.scanGaps(recorded.scan.id)).toEqual([
      expect.objectContaining({
        kind: 'unverified',
        functionName: 'a',
        api: 'logs:DescribeLogGroups',
        area: 'logs',
      }),
    ]);
  });
});

describe('recordScan: a crash midway', () => {
  it('leaves the previous state exactly as it was', async () => {
    await store.recordScan(
      scanOf([report('a', (arn) => [publicInvoke(arn)]), report('b', (arn) => [untagged(arn)])]),
    );
    const before = { findings: await store.findings(), scan: await store.latestScan() };
    // The first function goes through (its finding would be fixed), the second throws at insert.
    const poisoned = finding('env-secrets', fnArn('b'), 'bogus' as Severity);
    await expect(
      store.recordScan(scanOf([report('a', []), report('b', (arn) => [untagged(arn), poisoned])])),
    ).rejects.toThrow(/CHECK constraint/);
    expect(await store.findings()).toEqual(before.findings);
    expect(await store.latestScan()).toEqual(before.scan);
  });

  it('rolls back when the coverage rule itself throws halfway', async () => {
    await store.recordScan(
      scanOf([report('a', (arn) => [publicInvoke(arn)]), report('b', (arn) => [publicInvoke(arn)])]),
    );
    const before = await store.findings();
    let calls = 0;
    const covers = () => {
      calls += 1;
      if (calls === 2) throw new Error('crash');
      return true;
    };
    await expect(store.recordScan(scanOf([report('a', []), report('b', [])]), { covers })).rejects.toThrow(
      'crash',
    );
    expect(await store.findings()).toEqual(before);
  });
});

describe('snooze and accept', () => {
  it('snoozes until a time, then reads as open again; keeps who and why', async () => {
    await store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])]));
    const fp = publicInvoke(fnArn('a')).fingerprint;
    const snoozed = await store.snooze(fp, new Date('2026-03-05T00:00:00.000Z'), 'U1', 'deploy friday');
    expect(snoozed).toMatchObject({
      state: 'snoozed',
      snoozedUntil: '2026-03-05T00:00:00.000Z',
      stateBy: 'U1',
    });
    now = new Date('2026-03-06T00:00:00.000Z');
    expect(await store.finding(fp)).toMatchObject({ state: 'open', snoozedUntil: null });
    expect(await store.findings({ states: ['open'] })).toHaveLength(1);
  });

  it('accepts with a reason, reopens on request, and refuses unknown or fixed findings', async () => {
    await store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])]));
    const fp = publicInvoke(fnArn('a')).fingerprint;
    expect(await store.accept(fp, 'U2', 'public webhook by design')).toMatchObject({
      state: 'accepted',
      acceptedReason: 'public webhook by design',
      stateBy: 'U2',
    });
    expect(await store.reopen(fp, 'U3')).toMatchObject({ state: 'open', acceptedReason: null });
    expect(await store.accept('nope', 'U2', 'x')).toBeNull();
    await store.recordScan(scanOf([report('a', [])]));
    expect(await store.snooze(fp, new Date('2030-01-01'), 'U1')).toBeNull();
  });

  it('an accepted finding that is fixed and comes back is open again', async () => {
    await store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])]));
    const fp = publicInvoke(fnArn('a')).fingerprint;
    await store.accept(fp, 'U2', 'ok');
    await store.recordScan(scanOf([report('a', [])]));
    await store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])]));
    expect((await store.finding(fp))?.state).toBe('open');
  });
});

describe('digest outbox', () => {
  const claim = (owner: string, slotKey = '2026-03-02T09:00:00.000Z') =>
    store.claimDigestSlot({ slotKey, channel: 'C1', owner, leaseMs: 60_000 });

  it('gives a slot to one owner; another gets it only after the lease runs out', async () => {
    expect(await claim('p1')).toMatchObject({ status: 'claimed', owner: 'p1' });
    expect(await claim('p2')).toBeNull();
    now = new Date(now.getTime() + 60_000);
    expect(await store.abandonedDigests()).toHaveLength(1);
    expect(await claim('p2')).toMatchObject({ owner: 'p2' });
    expect(await store.writeDigest('2026-03-02T09:00:00.000Z', 'p1', null, '{}')).toBe(false);
    expect(await store.writeDigest('2026-03-02T09:00:00.000Z', 'p2', null, '{}')).toBe(true);
    expect(await claim('p3')).toBeNull();
  });

  it('keeps a pending entry until it is posted, with attempts, progress and the next try', async () => {
    const key = '2026-03-02T09:00:00.000Z';
    await claim('p1');
    await store.writeDigest(key, 'p1', 7, '{"x":1}');
    expect((await store.dueDigests()).map((d) => d.slotKey)).toEqual([key]);
    await store.markDigestFailed(key, 'ratelimited', new Date(now.getTime() + 30_000));
    expect(await store.dueDigests()).toEqual([]);
    expect(await store.nextDigestAttempt()).toBe('2026-03-02T09:00:30.000Z');
    now = new Date(now.getTime() + 30_000);
    await store.digestProgress(key, 1, '111.1');
    await store.digestProgress(key, 2, '222.2');
    expect(await store.digest(key)).toMatchObject({
      attempts: 1,
      partsPosted: 2,
      postedTs: '111.1',
      status: 'pending',
    });
    await store.markDigestPosted(key);
    expect(await store.digest(key)).toMatchObject({ status: 'posted', postedAt: '2026-03-02T09:00:30.000Z' });
    expect(await store.nextDigestAttempt()).toBeNull();
  });

  it('tells a new slot which scan the previous digest described', async () => {
    await claim('p1', '2026-03-01T09:00:00.000Z');
    await store.writeDigest('2026-03-01T09:00:00.000Z', 'p1', 4, '{}');
    await claim('p1', '2026-03-02T09:00:00.000Z');
    expect(await store.previousDigestScanId('2026-03-02T09:00:00.000Z')).toBe(4);
    expect(await store.previousDigestScanId('2026-03-01T09:00:00.000Z')).toBeNull();
  });
});

describe('latestScan', () => {
  it('skips the one-function records that Slack decisions make (no region)', async () => {
    const arn = fnArn('orders-api');
    const full = await store.recordScan(scanOf([report(arn, [publicInvoke(arn)])]));
    await store.recordScan(scanOf([report(arn, [publicInvoke(arn)])], [], []));
    expect((await store.latestScan())?.id).toBe(full.scan.id);
  });
});

describe('tickets', () => {
  it('records one intent per fingerprint; a failed sink call frees it', async () => {
    const first = await store.beginTicket('fp1', 'U1', 'jira');
    expect(first).toMatchObject({ created: true, ticket: { state: 'opening', createdBy: 'U1' } });
    expect(await store.beginTicket('fp1', 'U2', 'jira')).toMatchObject({
      created: false,
      ticket: { createdBy: 'U1' },
    });
    await store.abandonTicket('fp1');
    expect(await store.ticket('fp1')).toBeNull();
    await store.beginTicket('fp1', 'U2', 'jira');
    expect(await store.completeTicket('fp1', { url: 'https://j/OPS-1', key: 'OPS-1' })).toMatchObject({
      state: 'open',
      key: 'OPS-1',
    });
    await store.abandonTicket('fp1');
    expect((await store.ticket('fp1'))?.state).toBe('open');
  });

  it('releases an intent whose opener died, after two minutes, but never an open ticket', async () => {
    await store.beginTicket('fp1', 'U1', 'jira');
    now = new Date(now.getTime() + 60_000);
    expect((await store.beginTicket('fp1', 'U2', 'jira')).created).toBe(false);
    now = new Date(now.getTime() + 61_000);
    expect(await store.beginTicket('fp1', 'U2', 'jira')).toMatchObject({
      created: true,
      ticket: { createdBy: 'U2' },
    });
    await store.completeTicket('fp1', { url: 'https://j/OPS-2', key: 'OPS-2' });
    now = new Date(now.getTime() + 3_600_000);
    expect(await store.beginTicket('fp1', 'U3', 'jira')).toMatchObject({
      created: false,
      ticket: { key: 'OPS-2' },
    });
  });
});

describe('files', () => {
  it('creates the folder of a file: URL, and keeps data across reopening', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const url = `file:${join(dir, 'nested', 'audit.db')}`;
    const a = openStore(url, { now: clock });
    await a.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])]));
    await a.close();
    const b = openStore(url, { now: clock });
    expect(await b.findings()).toHaveLength(1);
    await b.close();
  });

  it('preview and openStoreCopy never write to the real store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const path = join(dir, 'audit.db');
    const missing = openStoreCopy(`file:${path}`);
    await missing.recordScan(scanOf([report('a', [])]));
    await missing.close();
    expect(existsSync(path)).toBe(false);
    const real = openStore(`file:${path}`);
    await real.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])]));
    const inside = await real.preview(async (scratch) => {
      await scratch.recordScan(scanOf([report('a', [])]));
      return (await scratch.findings())[0]?.state;
    });
    expect(inside).toBe('fixed');
    expect((await real.findings())[0]?.state).toBe('open');
    const copy = openStoreCopy(`file:${path}`);
    expect((await copy.findings())[0]?.state).toBe('open');
    await copy.recordScan(scanOf([report('a', [])]));
    await copy.close();
    expect((await real.findings())[0]?.state).toBe('open');
    await real.close();
  });

  it.each([
    ['file:./data/lambda-audit.db', './data/lambda-audit.db'],
    [':memory:', ':memory:'],
    ['file::memory:', ':memory:'],
    ['file:///var/lib/la.db', '/var/lib/la.db'],
  ])('reads DATABASE_URL %s as %s', (url, path) => {
    expect(sqlitePath(url)).toBe(path);
  });

  it('refuses a postgres URL with a line naming DATABASE_URL', () => {
    expect(() => openStore('postgres://db/audit')).toThrow(/DATABASE_URL/);
  });
});
