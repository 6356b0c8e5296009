/**
 * Audits one account and region: the checks about the account rather than a function (pure, no
 * I/O). A scan does it once per account and region it covers; a single audit once for its
 * function's account and region, shown under `account`.
 */
import type { AccountCheck } from './checks/account-check.js';
import { accountResource, runAccountChecks } from './checks/account-check.js';
import { accountChecks } from './checks/index.js';
import type { Config } from './config.js';
import { type AccountSection, type AccountSnapshot, type AuditReport, severityRank } from './model.js';

export type AccountAuditSettings = Pick<Config, 'disabledChecks' | 'severityOverrides'>;

export function auditAccount(
  snapshot: AccountSnapshot,
  settings: AccountAuditSettings,
  now: Date,
  checks: readonly AccountCheck[] = accountChecks.filter((c) => !settings.disabledChecks.includes(c.id)),
): AccountSection {
  const findings = runAccountChecks(checks, snapshot, { now })
    .map((f) => ({ ...f, severity: settings.severityOverrides[f.check] ?? f.severity }))
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.check.localeCompare(b.check));
  return {
    accountId: snapshot.accountId,
    region: snapshot.region,
    findings,
    unverified: snapshot.unverified,
  };
}

/**
 * An account and region's findings as the report of a function named for them (`account <id>
 * <region>`, its ARN the account's resource): how the store keeps them, so that fingerprints,
 * snoozes, tickets and "fixed" work on them as on any finding, and how Slack's buttons show them.
 */
export function accountReport(section: AccountSection, generatedAt = ''): AuditReport {
  return {
    function: {
      name: `account ${section.accountId} ${section.region}`,
      arn: accountResource(section),
      region: section.region,
      accountId: section.accountId,
      runtime: null,
    },
    findings: section.findings,
    unverified: section.unverified,
    triggers: [],
    paths: [],
    exposure: 'none',
    role: { arn: '', sharedWith: null },
    logs: { group: '', exists: null, searched: null },
    generatedAt,
  };
}
