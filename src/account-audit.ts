/**
 * Audits one account and region: the checks about the account rather than a function (pure, no
 * I/O). A scan does it once per account and region it covers; a single audit once for its
 * function's account and region, shown under `account`.
 */
import type { AccountCheck } from './checks/account-check.js';
import { runAccountChecks } from './checks/account-check.js';
import { accountChecks } from './checks/index.js';
import type { Config } from './config.js';
import { type AccountSection, type AccountSnapshot, severityRank } from './model.js';

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
