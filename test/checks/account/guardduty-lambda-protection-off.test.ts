import { describe, expect, it } from 'vitest';
import { guarddutyLambdaProtectionOff } from '../../../src/checks/account/guardduty-lambda-protection-off.js';
import { runAccountChecks } from '../../../src/checks/account-check.js';
import type { AccountSnapshot, GuardDutyDetector } from '../../../src/model.js';
import { ACCOUNT, REGION } from '../../fixtures/snapshot.js';
import { accountCheckCases, gap } from '../cases.js';

const { fires, silent, dataMissing } = accountCheckCases(guarddutyLambdaProtectionOff);

const PROTECTED: GuardDutyDetector = {
  DetectorId: 'd1',
  Status: 'ENABLED',
  Features: [
    { Name: 'CLOUD_TRAIL', Status: 'ENABLED' },
    { Name: 'LAMBDA_NETWORK_LOGS', Status: 'ENABLED' },
  ],
};

function run(guardDuty: AccountSnapshot['guardDuty']) {
  const snapshot: AccountSnapshot = {
    collectedAt: '2026-11-24T09:00:00.000Z',
    accountId: ACCOUNT,
    region: REGION,
    guardDuty,
    unverified: [],
  };
  return runAccountChecks([guarddutyLambdaProtectionOff], snapshot, {
    now: new Date('2026-11-24T09:00:00Z'),
  });
}

describe('guardduty-lambda-protection-off', () => {
  it('fires once for a region without a GuardDuty detector, with no function in its fingerprint', () => {
    const findings = run({ detectors: [] });
    expect(findings).toEqual([
      expect.objectContaining({
        check: 'guardduty-lambda-protection-off',
        severity: 'low',
        resource: `arn:aws:guardduty:${REGION}:${ACCOUNT}:detector`,
        evidence: {
          accountId: ACCOUNT,
          region: REGION,
          detector: null,
          status: null,
          lambdaNetworkLogs: null,
        },
      }),
    ]);
    expect(findings[0]?.detail).toContain('no detector');
  });

  for (const [name, detector, reason] of [
    ['a suspended detector', { ...PROTECTED, Status: 'DISABLED' }, 'the detector is disabled'],
    [
      'Lambda Protection disabled',
      { ...PROTECTED, Features: [{ Name: 'LAMBDA_NETWORK_LOGS', Status: 'DISABLED' }] },
      'LAMBDA_NETWORK_LOGS is disabled',
    ],
    [
      'no LAMBDA_NETWORK_LOGS feature at all',
      { ...PROTECTED, Features: [] },
      'LAMBDA_NETWORK_LOGS is not configured',
    ],
  ] as [string, GuardDutyDetector, string][])
    fires(`fires for ${name}, naming the detector`, () => {
      const findings = run({ detectors: [detector] });
      const [finding] = findings;
      expect(finding?.resource).toBe(`arn:aws:guardduty:${REGION}:${ACCOUNT}:detector/d1`);
      expect(finding?.detail).toContain(reason);
      return findings;
    });

  it('keeps one fingerprint per account and region whatever the functions', () => {
    expect(run({ detectors: [] })[0]?.fingerprint).toBe(run({ detectors: [] })[0]?.fingerprint);
  });

  silent('stays silent when the detector is enabled with Lambda Protection on', () =>
    run({ detectors: [PROTECTED] }),
  );

  dataMissing('yields nothing when GuardDuty could not be read', {
    collectedAt: '2026-11-24T09:00:00.000Z',
    accountId: ACCOUNT,
    region: REGION,
    guardDuty: null,
    unverified: [gap('guardduty:ListDetectors', 'monitoring')],
  });
});
