/** Findings, scans and decisions: the same expectations on SQLite and PostgreSQL. */
import { expect, it } from 'vitest';
import type { Severity } from '../../src/model.js';
import { describeBackends, type StoreContext } from './backends.js';
import { denied, finding, fnArn, report, scanOf } from './fixtures.js';

const publicInvoke = (arn: string) => finding('policy-public-invoke', arn, 'critical');
const untagged = (arn: string) => finding('function-untagged', arn, 'low');

async function states(ctx: StoreContext): Promise<Record<string, string>> {
  const all = await ctx.store.findings();
  return Object.fromEntries(all.map((f) => [`${f.check}@${f.functionArn.split(':')[6]}`, f.state]));
}

describeBackends('recordScan: open and fixed', (ctx) => {
  it('opens what a scan finds and fixes what a complete later scan no longer sees', async () => {
    const first = await ctx.store.recordScan(
      scanOf([report('a', (arn) => [publicInvoke(arn), untagged(arn)])]),
    );
    expect(first.opened).toHaveLength(2);
    ctx.now = new Date('2026-03-03T09:00:00.000Z');
    const second = await ctx.store.recordScan(scanOf([report('a', (arn) => [untagged(arn)])]));
    expect(second.fixed).toEqual([publicInvoke(fnArn('a')).fingerprint]);
    const fixed = await ctx.store.finding(publicInvoke(fnArn('a')).fingerprint);
    expect(fixed).toMatchObject({
      state: 'fixed',
      fixedScanId: second.scan.id,
      firstSeen: '2026-03-02T09:00:00.000Z',
      lastSeen: '2026-03-02T09:00:00.000Z',
    });
    const kept = await ctx.store.finding(untagged(fnArn('a')).fingerprint);
    expect(kept).toMatchObject({
      state: 'open',
      lastSeen: '2026-03-03T09:00:00.000Z',
      lastScanId: second.scan.id,
    });
  });

  it('opens a fixed finding again when it comes back, as news of that scan', async () => {
    await ctx.store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])]));
    await ctx.store.recordScan(scanOf([report('a', [])]));
    const third = await ctx.store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])]));
    expect(third.opened).toEqual([publicInvoke(fnArn('a')).fingerprint]);
    expect(await ctx.store.finding(publicInvoke(fnArn('a')).fingerprint)).toMatchObject({
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
    await ctx.store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])]));
    await ctx.store.recordScan(scanOf([report('a', [], [gap])]));
    expect(await states(ctx)).toEqual({ 'policy-public-invoke@a': expected });
  });

  it('keeps the findings of a function that could not be read at all', async () => {
    await ctx.store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)]), report('b', [])]));
    await ctx.store.recordScan(
      scanOf([report('b', [])], [{ function: fnArn('a'), region: 'eu-central-1', reason: 'Throttled' }]),
    );
    expect(await states(ctx)).toEqual({ 'policy-public-invoke@a': 'open' });
    const gaps = await ctx.store.scanGaps((await ctx.store.latestScan())?.id ?? 0);
    expect(gaps).toEqual([
      expect.objectContaining({ kind: 'failed', functionName: 'a', reason: 'Throttled' }),
    ]);
  });

  it('fixes the findings of a deleted function, but not when the region listing failed', async () => {
    await ctx.store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)]), report('b', [])]));
    await ctx.store.recordScan(
      scanOf(
        [report('b', [])],
        [{ function: '*', region: 'eu-central-1', reason: 'ListFunctions throttled' }],
      ),
    );
    expect(await states(ctx)).toEqual({ 'policy-public-invoke@a': 'open' });
    await ctx.store.recordScan(scanOf([report('b', [])]));
    expect(await states(ctx)).toEqual({ 'policy-public-invoke@a': 'fixed' });
  });

  it('leaves regions the scan did not cover alone', async () => {
    await ctx.store.recordScan(
      scanOf([report('a', (arn) => [publicInvoke(arn)], [], 'us-east-1')], [], ['us-east-1']),
    );
    await ctx.store.recordScan(scanOf([report('b', [])]));
    expect(await states(ctx)).toEqual({ 'policy-public-invoke@a': 'open' });
  });

  it('fixes a finding several functions report (a shared role) only when none reports it', async () => {
    const shared = finding('role-admin', 'arn:aws:iam::123456789012:role/shared', 'critical');
    await ctx.store.recordScan(scanOf([report('a', [shared]), report('b', [shared])]));
    expect((await ctx.store.finding(shared.fingerprint))?.functions.map((f) => f.functionName)).toEqual([
      'a',
      'b',
    ]);
    await ctx.store.recordScan(scanOf([report('a', []), report('b', [shared])]));
    expect(await ctx.store.finding(shared.fingerprint)).toMatchObject({
      state: 'open',
      functions: [expect.objectContaining({ functionName: 'b' })],
    });
    await ctx.store.recordScan(scanOf([report('a', []), report('b', [], [denied('iam:GetRole', 'role')])]));
    expect((await ctx.store.finding(shared.fingerprint))?.state).toBe('open');
    await ctx.store.recordScan(scanOf([report('a', []), report('b', [])]));
    expect((await ctx.store.finding(shared.fingerprint))?.state).toBe('fixed');
  });

  it('stores the scan with its counts and gaps', async () => {
    const recorded = await ctx.store.recordScan(
      scanOf([report('a', (arn) => [publicInvoke(arn)], [denied('logs:DescribeLogGroups', 'logs')])]),
      { startedAt: new Date('2026-03-02T08:59:00.000Z') },
    );
    expect(await ctx.store.latestScan()).toEqual({
      id: recorded.scan.id,
      startedAt: '2026-03-02T08:59:00.000Z',
      finishedAt: '2026-03-02T09:00:00.000Z',
      regions: ['eu-central-1'],
      functions: 1,
      incomplete: 1,
      failed: 0,
      bySeverity: { critical: 1, high: 0, medium: 0, low: 0, info: 0 },
    });
    expect(await ctx.store.scanGaps(recorded.scan.id)).toEqual([
      expect.objectContaining({
        kind: 'unverified',
        functionName: 'a',
        api: 'logs:DescribeLogGroups',
        area: 'logs',
      }),
    ]);
  });
});

describeBackends('recordScan: a crash midway', (ctx) => {
  it('leaves the previous state exactly as it was', async () => {
    await ctx.store.recordScan(
      scanOf([report('a', (arn) => [publicInvoke(arn)]), report('b', (arn) => [untagged(arn)])]),
    );
    const before = { findings: await ctx.store.findings(), scan: await ctx.store.latestScan() };
    // The first function goes through (its finding would be fixed), the second throws at insert.
    const poisoned = finding('env-secrets', fnArn('b'), 'bogus' as Severity);
    await expect(
      ctx.store.recordScan(scanOf([report('a', []), report('b', (arn) => [untagged(arn), poisoned])])),
    ).rejects.toThrow(/check constraint/i);
    expect(await ctx.store.findings()).toEqual(before.findings);
    expect(await ctx.store.latestScan()).toEqual(before.scan);
  });

  it('rolls back when the coverage rule itself throws halfway', async () => {
    await ctx.store.recordScan(
      scanOf([report('a', (arn) => [publicInvoke(arn)]), report('b', (arn) => [publicInvoke(arn)])]),
    );
    const before = await ctx.store.findings();
    let calls = 0;
    const covers = () => {
      calls += 1;
      if (calls === 2) throw new Error('crash');
      return true;
    };
    await expect(
      ctx.store.recordScan(scanOf([report('a', []), report('b', [])]), { covers }),
    ).rejects.toThrow('crash');
    expect(await ctx.store.findings()).toEqual(before);
  });
});

describeBackends('snooze and accept', (ctx) => {
  it('snoozes until a time, then reads as open again; keeps who and why', async () => {
    await ctx.store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])]));
    const fp = publicInvoke(fnArn('a')).fingerprint;
    const snoozed = await ctx.store.snooze(fp, new Date('2026-03-05T00:00:00.000Z'), 'U1', 'deploy friday');
    expect(snoozed).toMatchObject({
      state: 'snoozed',
      snoozedUntil: '2026-03-05T00:00:00.000Z',
      stateBy: 'U1',
    });
    ctx.now = new Date('2026-03-06T00:00:00.000Z');
    expect(await ctx.store.finding(fp)).toMatchObject({ state: 'open', snoozedUntil: null });
    expect(await ctx.store.findings({ states: ['open'] })).toHaveLength(1);
  });

  it('accepts with a reason, reopens on request, and refuses unknown or fixed findings', async () => {
    await ctx.store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])]));
    const fp = publicInvoke(fnArn('a')).fingerprint;
    expect(await ctx.store.accept(fp, 'U2', 'public webhook by design')).toMatchObject({
      state: 'accepted',
      acceptedReason: 'public webhook by design',
      stateBy: 'U2',
    });
    expect(await ctx.store.reopen(fp, 'U3')).toMatchObject({ state: 'open', acceptedReason: null });
    expect(await ctx.store.accept('nope', 'U2', 'x')).toBeNull();
    await ctx.store.recordScan(scanOf([report('a', [])]));
    expect(await ctx.store.snooze(fp, new Date('2030-01-01'), 'U1')).toBeNull();
  });

  it('an accepted finding that is fixed and comes back is open again', async () => {
    await ctx.store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])]));
    const fp = publicInvoke(fnArn('a')).fingerprint;
    await ctx.store.accept(fp, 'U2', 'ok');
    await ctx.store.recordScan(scanOf([report('a', [])]));
    await ctx.store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])]));
    expect((await ctx.store.finding(fp))?.state).toBe('open');
  });
});

describeBackends('latestScan', (ctx) => {
  it('skips the one-function records that Slack decisions make (no region)', async () => {
    const arn = fnArn('orders-api');
    const full = await ctx.store.recordScan(scanOf([report(arn, [publicInvoke(arn)])]));
    await ctx.store.recordScan(scanOf([report(arn, [publicInvoke(arn)])], [], []));
    expect((await ctx.store.latestScan())?.id).toBe(full.scan.id);
  });
});

describeBackends('preview', (ctx) => {
  it('shows what a scan would change and keeps none of it', async () => {
    await ctx.store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])]));
    const inside = await ctx.store.preview(async (scratch) => {
      await scratch.recordScan(scanOf([report('a', [])]));
      return (await scratch.findings())[0]?.state;
    });
    expect(inside).toBe('fixed');
    expect((await ctx.store.findings())[0]?.state).toBe('open');
    expect((await ctx.store.latestScan())?.id).toBe(1);
  });

  it('two replicas recording scans at once leave both scans and one consistent state', async () => {
    const other = await ctx.replica('replica-b');
    await Promise.all([
      ctx.store.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn)])])),
      other.recordScan(scanOf([report('a', (arn) => [publicInvoke(arn), untagged(arn)])])),
    ]);
    expect((await ctx.store.latestScan())?.id).toBe(2);
    expect(Object.values(await states(ctx))).toContain('open');
  });
});

describeBackends('findings read a page at a time', (ctx) => {
  it('reads every finding once, in pages, and counts the open ones by function as the records do', async () => {
    const role = 'arn:aws:iam::123456789012:role/shared';
    // 300 functions, two findings each of their own and one of a role they all share: more than a page.
    const functions = Array.from({ length: 300 }, (_, i) =>
      report(`fn-${String(i).padStart(3, '0')}`, (arn) => [
        publicInvoke(arn),
        untagged(arn),
        finding('role-admin', role, 'medium'),
      ]),
    );
    await ctx.store.recordScan({
      ...scanOf(functions),
      accounts: [
        {
          accountId: '123456789012',
          region: 'eu-central-1',
          findings: [finding('guardduty-disabled', '123456789012/eu-central-1', 'low')],
          unverified: [],
        },
      ],
    });
    const fp = (i: number) => publicInvoke(fnArn(`fn-${String(i).padStart(3, '0')}`)).fingerprint;
    // One snooze that runs out (open again), one that holds, one risk accepted.
    await ctx.store.snooze(fp(1), new Date('2026-03-02T10:00:00.000Z'), 'U1');
    await ctx.store.snooze(fp(2), new Date('2026-03-09T09:00:00.000Z'), 'U1');
    await ctx.store.accept(fp(3), 'U1', 'known');
    ctx.now = new Date('2026-03-02T11:00:00.000Z');

    const pages: number[] = [];
    const paged = [];
    for await (const page of ctx.store.findingPages({ states: ['open', 'snoozed', 'accepted'] })) {
      pages.push(page.length);
      paged.push(...page);
    }
    expect(pages.length).toBeGreaterThan(1);
    expect(Math.max(...pages)).toBeLessThanOrEqual(500);
    const all = await ctx.store.findings({ states: ['open', 'snoozed', 'accepted'] });
    expect(paged).toEqual(all);
    expect(all).toHaveLength(602);
    expect(all.find((f) => f.fingerprint === fp(1))?.state).toBe('open');

    // Counted in SQL as the records count them: open (an expired snooze is), account findings not.
    const expected = new Map<string, Record<Severity, number>>();
    for (const f of all.filter((f) => f.state === 'open' && !f.functionArn.endsWith(':account')))
      for (const fn of f.functions) {
        const counts = expected.get(fn.functionArn) ?? { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
        counts[f.severity] += 1;
        expected.set(fn.functionArn, counts);
      }
    const counted = new Map<string, Record<Severity, number>>();
    for await (const page of ctx.store.openCountsByFunction())
      for (const row of page) counted.set(row.functionArn, row.counts);
    expect(counted).toEqual(expected);
    expect(counted.size).toBe(300);
    expect(counted.get(fnArn('fn-002'))).toEqual({ critical: 0, high: 0, medium: 1, low: 1, info: 0 });
    expect(counted.get(fnArn('fn-001'))).toEqual({ critical: 1, high: 0, medium: 1, low: 1, info: 0 });
  });
});
