import { describe, expect, it } from 'vitest';
import {
  type AccountCheck,
  accountResource,
  parseAccountResource,
  runAccountChecks,
} from '../../src/checks/account-check.js';
import type { AccountSnapshot } from '../../src/model.js';
import { ACCOUNT, REGION } from '../fixtures/snapshot.js';

const snapshot: AccountSnapshot = {
  collectedAt: '2026-11-24T09:00:00.000Z',
  accountId: ACCOUNT,
  region: REGION,
  guardDuty: { detectors: [] },
  unverified: [],
};

const always: AccountCheck = {
  id: 'test-account-check',
  severity: 'medium',
  categories: ['monitoring'],
  title: 'A test check about the account',
  risk: 'None: it exists for this test.',
  remediation: 'Nothing to do.',
  requires: ['guardDuty'],
  actions: ['guardduty:ListDetectors'],
  run: () => [{ detail: 'always', evidence: {} }],
};

describe('runAccountChecks', () => {
  it('names the account in the region when the check gives no resource, and no function anywhere', () => {
    const [finding] = runAccountChecks([always], snapshot, { now: new Date() });
    expect(finding).toMatchObject({ resource: accountResource(snapshot), severity: 'medium' });
    expect(finding?.resource).toBe(`arn:aws::${REGION}:${ACCOUNT}:account`);
  });

  it('skips a check whose data could not be read', () => {
    expect(runAccountChecks([always], { ...snapshot, guardDuty: null }, { now: new Date() })).toEqual([]);
  });
});

describe('parseAccountResource', () => {
  it('reads back the account and region of accountResource, and nothing from a function ARN', () => {
    expect(parseAccountResource(accountResource(snapshot))).toEqual({ accountId: ACCOUNT, region: REGION });
    expect(parseAccountResource(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders-api`)).toBeNull();
    expect(parseAccountResource(`arn:aws::${REGION}:${ACCOUNT}:account:extra`)).toBeNull();
  });
});
