import type { Check, CheckContext } from './checks/check.js';
import { runChecks } from './checks/check.js';
import { checks as allChecks } from './checks/index.js';
import type { Config } from './config.js';
import { exposureOf } from './exposure.js';
import { functionNeeds } from './iam/function-needs.js';
import { proposeLeastPrivilege } from './iam/least-privilege.js';
import { hasUnreadPolicy, isMissingRole } from './iam/role-snapshot.js';
import { derivePaths } from './invocation/paths.js';
import {
  type AuditReport,
  type FunctionSnapshot,
  LAST_ACCESSED_API,
  type PendingRead,
  type RoleProposal,
  type Severity,
  severityRank,
} from './model.js';
import { deriveTriggers } from './triggers.js';

/** What an audit needs from the configuration (a subset of Config, so tests can pass less). */
export type AuditSettings = Pick<
  Config,
  | 'trustedAccountIds'
  | 'trustedOrgIds'
  | 'requiredTagKeys'
  | 'runtimeSoonDays'
  | 'logWindowHours'
  | 'roleUnusedDays'
  | 'disabledChecks'
  | 'severityOverrides'
>;

/** The checks the operator left on, with their severity overrides applied to the default. */
export function activeChecks(settings: Pick<AuditSettings, 'disabledChecks'>, checks = allChecks): Check[] {
  return checks.filter((c) => !settings.disabledChecks.includes(c.id));
}

function override(severity: Severity, forced: Severity | undefined): Severity {
  return forced ?? severity;
}

/** How many other functions share this one's execution role; null when unknown. */
function othersUsing(snapshot: FunctionSnapshot): number | null {
  const role = snapshot.role;
  if (!role || 'missing' in role || !role.usedBy) return null;
  return role.usedBy.filter((arn) => arn !== snapshot.configuration.FunctionArn).length;
}

/**
 * The least-privilege proposal for the function's role, from IAM's last-accessed data and what
 * the function's configuration needs; null when the role or its usage could not be read.
 */
export function roleProposal(snapshot: FunctionSnapshot, windowDays: number, now: Date): RoleProposal | null {
  const role = snapshot.role;
  if (!role || isMissingRole(role) || role.lastAccessed?.JobStatus !== 'COMPLETED' || hasUnreadPolicy(role))
    return null;
  const p = proposeLeastPrivilege(role, { now, windowDays, needs: functionNeeds(snapshot) });
  return {
    confidence: p.confidence,
    caveats: p.caveats,
    windowDays: p.windowDays,
    policy: p.policy,
    diff: p.diff,
    removedServices: p.removedServices.map((r) => ({ service: r.service, lastUsed: r.lastUsed })),
  };
}

/** The reads the snapshot says are still running (the role's last-accessed job), with the checks that need them. */
function pendingReads(snapshot: FunctionSnapshot, checks: readonly Check[]): PendingRead[] {
  const role = snapshot.role;
  if (!role || isMissingRole(role) || role.lastAccessed?.JobStatus !== 'IN_PROGRESS') return [];
  const waiting = checks.filter((c) => c.actions.includes(LAST_ACCESSED_API)).map((c) => c.id);
  return [{ area: 'role', api: LAST_ACCESSED_API, checks: waiting }];
}

/** Audits one snapshot: pure, no I/O. */
export function auditSnapshot(
  snapshot: FunctionSnapshot,
  settings: AuditSettings,
  now: Date,
  checks: readonly Check[] = activeChecks(settings),
  options: { proposal?: boolean } = {},
): AuditReport {
  const triggers = deriveTriggers(snapshot);
  const trust = {
    trustedAccountIds: [snapshot.accountId, ...settings.trustedAccountIds],
    trustedOrgIds: settings.trustedOrgIds,
  };
  const paths = derivePaths(snapshot, trust);
  const exposure = exposureOf(paths);
  const context: Omit<CheckContext, 'findings'> = {
    now,
    ...trust,
    requiredTagKeys: settings.requiredTagKeys,
    runtimeSoonDays: settings.runtimeSoonDays,
    logWindowHours: settings.logWindowHours,
    roleUnusedDays: settings.roleUnusedDays,
    triggers,
    paths,
    exposure,
  };
  const findings = runChecks(checks, snapshot, context)
    .map((f) => ({ ...f, severity: override(f.severity, settings.severityOverrides[f.check]) }))
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.check.localeCompare(b.check));
  const { configuration } = snapshot;
  const pending = pendingReads(snapshot, checks);
  return {
    function: {
      name: configuration.FunctionName,
      arn: configuration.FunctionArn,
      region: snapshot.region,
      accountId: snapshot.accountId,
      runtime: configuration.Runtime ?? (configuration.PackageType === 'Image' ? 'container image' : null),
    },
    findings,
    unverified: snapshot.unverified,
    triggers,
    paths,
    exposure,
    role: {
      arn: configuration.Role,
      sharedWith: othersUsing(snapshot),
      ...(options.proposal ? { proposal: roleProposal(snapshot, settings.roleUnusedDays, now) } : {}),
    },
    logs: {
      group:
        snapshot.logGroup?.name ??
        configuration.LoggingConfig?.LogGroup ??
        `/aws/lambda/${configuration.FunctionName}`,
      exists: snapshot.logGroup ? snapshot.logGroup.group !== null : null,
      searched: snapshot.recentErrors,
    },
    generatedAt: now.toISOString(),
    ...(pending.length ? { pending } : {}),
  };
}
