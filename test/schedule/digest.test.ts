import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/model.js';
import { buildDigest, gapsByRead } from '../../src/schedule/digest.js';
import { openStore } from '../../src/store/open.js';
import { ACCOUNT, denied, finding, fnArn, REGION, report, scanOf } from '../store/fixtures.js';

const ROLE = `arn:aws:iam::${ACCOUNT}:role/shared`;
const GUARDDUTY = `arn:aws:guardduty:${REGION}:${ACCOUNT}:detector`;

/** A scan with a role finding shared by three functions and GuardDuty off in the region. */
function sharedScan(): ScanReport {
  const shared = finding('role-admin', ROLE, 'critical');
  return {
    ...scanOf([
      report('a', (arn) => [shared, finding('url-public', arn, 'critical')]),
      report('b', [shared]),
      report('c', (arn) => [shared, finding('function-untagged', arn, 'info')]),
    ]),
    accounts: [
      {
        accountId: ACCOUNT,
        region: REGION,
        findings: [finding('guardduty-lambda-protection-off', GUARDDUTY, 'low')],
        unverified: [denied('guardduty:GetDetector', 'monitoring')],
      },
    ],
  };
}

describe('buildDigest', () => {
  it('counts open findings by severity, apart from snoozed and accepted ones', async () => {
    const store = await openStore(':memory:');
    await store.recordScan(
      scanOf([
        report('a', (arn) => [
          finding('policy-public-invoke', arn, 'critical'),
          finding('url-public', arn, 'high'),
        ]),
        report('b', (arn) => [finding('env-secrets', arn, 'high'), finding('function-untagged', arn, 'low')]),
        report('c', (arn) => [finding('function-untagged', arn, 'low')]),
      ]),
    );
    await store.snooze(finding('url-public', fnArn('a')).fingerprint, new Date('2999-01-01'), 'U1');
    await store.accept(finding('function-untagged', fnArn('c')).fingerprint, 'U2', 'sandbox');
    const digest = await buildDigest(store, null, { now: new Date('2026-03-02T09:00:00Z') });
    expect(digest.totals).toEqual({ critical: 1, high: 1, medium: 0, low: 1, info: 0 });
    expect(digest.snoozed).toBe(1);
    expect(digest.accepted).toBe(1);
    // The first digest lists everything open as new and nothing as fixed.
    expect(digest.newFindings.map((f) => `${f.check}@${f.functionName}`)).toEqual([
      'policy-public-invoke@a',
      'env-secrets@b',
      'function-untagged@b',
    ]);
    expect(digest.fixedFindings).toEqual([]);
    expect(digest.riskiest.map((f) => f.functionName)).toEqual(['a', 'b']);
    await store.close();
  });

  it('compares with the scan of the previous digest and reports the latest gaps', async () => {
    const store = await openStore(':memory:');
    const first = await store.recordScan(
      scanOf([report('a', (arn) => [finding('policy-public-invoke', arn)])]),
    );
    await store.recordScan(
      scanOf(
        [
          report('a', []),
          report('b', (arn) => [finding('url-public', arn)], [denied('lambda:ListTags', 'hygiene')]),
        ],
        [{ function: fnArn('c'), region: 'eu-central-1', reason: 'Throttled past retries' }],
      ),
    );
    const digest = await buildDigest(store, first.scan.id);
    expect(digest.newFindings.map((f) => f.check)).toEqual(['url-public']);
    expect(digest.fixedFindings.map((f) => f.check)).toEqual(['policy-public-invoke']);
    expect(digest.unverified).toEqual([
      expect.objectContaining({ functionName: 'b', api: 'lambda:ListTags' }),
    ]);
    expect(digest.failed).toEqual([
      expect.objectContaining({ functionName: 'c', reason: 'Throttled past retries' }),
    ]);
    await store.close();
  });
});

describe('buildDigest on account findings, shared findings and counts', () => {
  it('keeps account and region findings apart, once each, and out of the riskiest functions', async () => {
    const store = await openStore(':memory:');
    await store.recordScan(sharedScan());
    const digest = await buildDigest(store, null);
    expect(digest.accountFindings).toEqual([
      expect.objectContaining({ check: 'guardduty-lambda-protection-off', region: REGION, isNew: true }),
    ]);
    const names = [...digest.newFindings, ...digest.fixedFindings].map((f) => f.functionName);
    expect(names.some((n) => n.startsWith('account '))).toBe(false);
    expect(digest.riskiest.map((f) => f.functionName)).toEqual(['a', 'c', 'b']);
    // Open totals are the functions' findings: GuardDuty is in the header, not in them.
    expect(digest.totals).toEqual({ critical: 2, high: 0, medium: 0, low: 0, info: 1 });
    expect(digest.newFindings.filter((f) => f.openPath).map((f) => f.check)).toEqual(['url-public']);
    expect(digest.openPaths).toBe(1);
    const role = digest.newFindings.find((f) => f.check === 'role-admin');
    expect(role?.on.map((o) => o.functionName)).toEqual(['a', 'b', 'c']);
    await store.close();
  });

  it('reconciles its open total with the scan’s, part by part', async () => {
    const store = await openStore(':memory:');
    await store.recordScan(sharedScan());
    await store.snooze(finding('function-untagged', fnArn('c')).fingerprint, new Date('2999-01-01'), 'U1');
    const { counted, totals } = await buildDigest(store, null);
    // The scan counts 5 (role-admin on 3 functions, url-public, function-untagged); here 2 open.
    expect(counted).toEqual({ scanCounted: 5, open: 2, shared: 2, decided: 1, carried: 0 });
    expect(Object.values(totals).reduce((a, b) => a + b, 0)).toBe(counted?.open);
    await store.close();
  });

  it('groups the same failed read across functions once, apart from the account’s own', async () => {
    const store = await openStore(':memory:');
    const alarms = denied('cloudwatch:DescribeAlarms', 'monitoring');
    const scan = sharedScan();
    await store.recordScan({
      ...scan,
      ...scanOf([report('a', [], [alarms]), report('b', [], [alarms]), report('c', [], [alarms])]),
      accounts: scan.accounts,
    });
    const { unverified } = await buildDigest(store, null);
    expect(unverified).toHaveLength(4);
    expect(gapsByRead(unverified)).toEqual([
      expect.objectContaining({ api: 'guardduty:GetDetector', account: true, functions: [] }),
      expect.objectContaining({
        api: 'cloudwatch:DescribeAlarms',
        account: false,
        functions: ['a', 'b', 'c'],
      }),
    ]);
    await store.close();
  });
});

describe('startDigest', () => {
  it('is off without DIGEST_CHANNEL and refuses a bad DIGEST_CRON by name', async () => {
    const { loadConfig } = await import('../../src/config.js');
    const { startDigest } = await import('../../src/schedule/start.js');
    const store = await openStore(':memory:');
    const engine = { scan: async () => scanOf([]) };
    expect(await startDigest(loadConfig({ AWS_REGION: 'eu-central-1' }), { engine, store })).toBeNull();
    const bad = loadConfig({
      AWS_REGION: 'eu-central-1',
      DIGEST_CHANNEL: 'C1',
      DIGEST_CRON: 'every day',
      SLACK_BOT_TOKEN: 'xoxb-1',
    });
    await expect(startDigest(bad, { engine, store })).rejects.toThrow(/DIGEST_CRON/);
    const badTz = loadConfig({
      AWS_REGION: 'eu-central-1',
      DIGEST_CHANNEL: 'C1',
      DIGEST_TZ: 'Mars/Olympus',
      SLACK_BOT_TOKEN: 'xoxb-1',
    });
    await expect(startDigest(badTz, { engine, store })).rejects.toThrow(/DIGEST_TZ/);
    await store.close();
  });
});
