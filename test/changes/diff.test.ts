import { afterEach, describe, expect, it } from 'vitest';
import { type EventSummary, exposureChange, storedFor } from '../../src/changes/diff.js';
import { defaultCoverage } from '../../src/store/coverage.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { denied, finding, fnArn, report, scanOf } from '../store/fixtures.js';

const EVENT: EventSummary = {
  id: 'e1',
  name: 'AddPermission20150331v2',
  time: '2026-12-03T13:00:01Z',
  actor: 'arn:aws:iam::123456789012:user/mallory',
  sourceIp: '203.0.113.7',
};
const options = { minSeverity: 'high' as const, covers: defaultCoverage, exposureBefore: null };

let store: Store;
afterEach(async () => {
  await store.close();
});

/** The store after a baseline scan, and what it holds for `name`. */
async function baseline(reports: ReturnType<typeof report>[], name: string) {
  store = await openStore(':memory:');
  await store.recordScan(scanOf(reports));
  return storedFor(await store.findings({ states: ['open', 'snoozed', 'accepted'] }), fnArn(name));
}

describe('exposureChange', () => {
  it('reports a new critical finding and the move onto the internet', async () => {
    const stored = await baseline(
      [report('orders-api', [finding('logs-retention-unset', 'lg', 'low')])],
      'orders-api',
    );
    const public_ = finding('policy-public-invoke', fnArn('orders-api'), 'critical');
    const after = report('orders-api', [finding('logs-retention-unset', 'lg', 'low'), public_]);
    after.exposure = 'internet-open';
    const change = exposureChange(stored, after, [EVENT], { ...options, exposureBefore: 'account' });
    expect(change).toMatchObject({
      function: { name: 'orders-api' },
      events: [EVENT],
      opened: [{ check: 'policy-public-invoke', severity: 'critical' }],
      closed: [],
      exposure: { before: 'account', after: 'internet-open' },
    });
  });

  it('reports nothing when nothing at or above the threshold moved (a tag change)', async () => {
    const findings = [finding('policy-public-invoke', fnArn('orders-api'), 'critical')];
    const stored = await baseline([report('orders-api', findings)], 'orders-api');
    expect(exposureChange(stored, report('orders-api', findings), [EVENT], options)).toBeNull();
    // A new low finding stays below ALERT_MIN_SEVERITY=high.
    const low = [...findings, finding('function-untagged', fnArn('orders-api'), 'low')];
    expect(exposureChange(stored, report('orders-api', low), [EVENT], options)).toBeNull();
  });

  it('reports a resolved finding, but not one the audit could not see again', async () => {
    const public_ = finding('policy-public-invoke', fnArn('orders-api'), 'critical');
    const stored = await baseline([report('orders-api', [public_])], 'orders-api');
    const fixed = exposureChange(stored, report('orders-api', []), [EVENT], options);
    expect(fixed?.closed.map((f) => f.check)).toEqual(['policy-public-invoke']);
    const blind = report('orders-api', [], [denied('lambda:GetPolicy', 'triggers')]);
    expect(exposureChange(stored, blind, [EVENT], options)).toBeNull();
  });

  it('reports a changed exposure alone, but not one it cannot compare', async () => {
    const stored = await baseline([report('orders-api', [])], 'orders-api');
    const widened = { ...report('orders-api', []), exposure: 'cross-account' as const };
    expect(
      exposureChange(stored, widened, [EVENT], { ...options, exposureBefore: 'account' })?.exposure,
    ).toEqual({
      before: 'account',
      after: 'cross-account',
    });
    expect(exposureChange(stored, widened, [EVENT], options)).toBeNull();
    expect(
      exposureChange(stored, widened, [EVENT], { ...options, exposureBefore: 'cross-account' }),
    ).toBeNull();
  });

  it('counts only the findings of the function itself from the store', async () => {
    const stored = await baseline(
      [
        report('orders-api', []),
        report('other', [finding('policy-public-invoke', fnArn('other'), 'critical')]),
      ],
      'orders-api',
    );
    expect(stored).toEqual([]);
  });
});
