import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/schedule/digest.js';
import { openStore } from '../../src/store/open.js';
import { denied, finding, fnArn, report, scanOf } from '../store/fixtures.js';

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
