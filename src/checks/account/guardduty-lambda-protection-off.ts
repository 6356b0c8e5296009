import type { GuardDutyDetector } from '../../model.js';
import type { AccountCheck } from '../account-check.js';

const FEATURE = 'LAMBDA_NETWORK_LOGS';

function why(detector: GuardDutyDetector | undefined): string | null {
  if (!detector) return 'GuardDuty is not enabled in the region (no detector)';
  if (detector.Status !== 'ENABLED')
    return `the detector is ${(detector.Status ?? 'not enabled').toLowerCase()}`;
  const feature = detector.Features?.find((f) => f.Name === FEATURE);
  if (feature?.Status !== 'ENABLED')
    return `${FEATURE} is ${(feature?.Status ?? 'not configured').toLowerCase()}`;
  return null;
}

/**
 * Trips once per account and region when GuardDuty would not notice a function talking to a
 * known-bad host: no detector, a suspended one, or Lambda Protection (`LAMBDA_NETWORK_LOGS`)
 * not enabled.
 */
export const guarddutyLambdaProtectionOff: AccountCheck = {
  id: 'guardduty-lambda-protection-off',
  severity: 'low',
  categories: ['monitoring'],
  title: 'GuardDuty Lambda Protection is off in this region',
  risk: "A compromised function's network activity (crypto mining, calls to command-and-control hosts, exfiltration) raises no GuardDuty finding.",
  remediation:
    'Enable GuardDuty in the region and turn on Lambda Protection (the LAMBDA_NETWORK_LOGS feature) on its detector, or for the whole organisation from the delegated administrator.',
  requires: ['guardDuty'],
  actions: ['guardduty:ListDetectors', 'guardduty:GetDetector'],
  run(snapshot) {
    const detectors = snapshot.guardDuty?.detectors ?? [];
    // AWS allows one detector per account and region; any one that protects is enough.
    const reasons = detectors.length === 0 ? [why(undefined)] : detectors.map(why);
    if (reasons.some((r) => r === null)) return [];
    const detector = detectors[0];
    return [
      {
        resource: detector
          ? `arn:aws:guardduty:${snapshot.region}:${snapshot.accountId}:detector/${detector.DetectorId}`
          : `arn:aws:guardduty:${snapshot.region}:${snapshot.accountId}:detector`,
        detail: `In ${snapshot.region} of account ${snapshot.accountId}, ${reasons.join('; ')}: no function there is watched.`,
        evidence: {
          accountId: snapshot.accountId,
          region: snapshot.region,
          detector: detector?.DetectorId ?? null,
          status: detector?.Status ?? null,
          lambdaNetworkLogs: detector?.Features?.find((f) => f.Name === FEATURE)?.Status ?? null,
        },
      },
    ];
  },
};
