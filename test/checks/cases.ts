/**
 * The three cases every check's own test file states, through these helpers so that the registry
 * meta-test (test/checks/registry.test.ts) can find them and each case asserts what it claims:
 * - `fires`: a fixture where the check fires: at least one finding, every one of this check;
 * - `silent`: a fixture where it has nothing to say: no finding of this check;
 * - `dataMissing`: a snapshot in which a read the check depends on failed, audited by the
 *   engine's own pure audit: the gap is in the report's `unverified`, naming an action the check
 *   declares (or a gap area its severity depends on), and no finding of this check is stated as
 *   complete: a check whose required field is unread is skipped, and one whose context was unread
 *   marks its findings `partial` (src/checks/check.ts).
 * A check that reads only what lambda:GetFunction returns has no data-missing case: without it
 * there is no snapshot, and the audit stops naming it (test/e2e/deny-each-api.test.ts); the
 * meta-test reads that from the check's `actions`.
 */
import { expect, it } from 'vitest';
import { type AccountAuditSettings, auditAccount } from '../../src/account-audit.js';
import { type AuditSettings, auditSnapshot } from '../../src/audit.js';
import type { AccountCheck } from '../../src/checks/account-check.js';
import type { Check } from '../../src/checks/check.js';
import type { AccountSnapshot, Finding, FunctionSnapshot, Unverified } from '../../src/model.js';
import { makeContext } from '../fixtures/snapshot.js';

type Findings = () => readonly Finding[] | Promise<readonly Finding[]>;

const NOW = makeContext().now;

const SETTINGS: AuditSettings = {
  trustedAccountIds: [],
  trustedOrgIds: [],
  requiredTagKeys: [],
  runtimeSoonDays: 180,
  logWindowHours: 24,
  roleUnusedDays: 90,
  disabledChecks: [],
  severityOverrides: {},
};

/** A failed read as collect records it: `gap('iam:GetRole', 'role')`. */
export function gap(api: string, area: string, reason = 'AccessDenied: not authorized'): Unverified {
  return { area, api, reason };
}

/** The read behind each snapshot field, and the gap area collect files its failure under. */
const READS = {
  policies: ['lambda:GetPolicy', 'triggers'],
  urlConfigs: ['lambda:ListFunctionUrlConfigs', 'url'],
  eventSourceMappings: ['lambda:ListEventSourceMappings', 'triggers'],
  eventInvokeConfigs: ['lambda:ListFunctionEventInvokeConfigs', 'resilience'],
  tags: ['lambda:ListTags', 'hygiene'],
  codeSigning: ['lambda:GetFunctionCodeSigningConfig', 'supply-chain'],
  logGroup: ['logs:DescribeLogGroups', 'logs'],
  recentErrors: ['logs:FilterLogEvents', 'logs'],
  role: ['iam:GetRole', 'role'],
  alarms: ['cloudwatch:DescribeAlarms', 'monitoring'],
  trails: ['cloudtrail:DescribeTrails', 'cloudtrail'],
  subnets: ['ec2:DescribeSubnets', 'network'],
  securityGroups: ['ec2:DescribeSecurityGroups', 'network'],
} as const satisfies Partial<Record<keyof FunctionSnapshot, readonly [string, string]>>;

/** `snapshot` as collect leaves it when the read behind `field` failed: null, the gap named. */
export function unread(snapshot: FunctionSnapshot, field: keyof typeof READS): FunctionSnapshot {
  const [api, area] = READS[field];
  return { ...snapshot, [field]: null, unverified: [...snapshot.unverified, gap(api, area)] };
}

interface Cases {
  fires(title: string, findings: Findings, then?: (findings: readonly Finding[]) => void): void;
  silent(title: string, findings: Findings): void;
}

function basicCases(id: string): Cases {
  return {
    fires(title, findings, then) {
      it(`fires: ${title}`, async () => {
        const found = await findings();
        expect(found.length).toBeGreaterThan(0);
        expect(found.map((f) => f.check)).toEqual(found.map(() => id));
        then?.(found);
      });
    },
    silent(title, findings) {
      it(`silent: ${title}`, async () => {
        expect((await findings()).filter((f) => f.check === id)).toEqual([]);
      });
    },
  };
}

/** The gap names what this check reads, and no finding of it claims to be complete. */
function expectGapHonoured(
  id: string,
  actions: readonly string[],
  areas: readonly string[],
  findings: readonly Finding[],
  unverified: readonly Unverified[],
): void {
  const named = unverified.filter((g) => actions.includes(g.api) || areas.includes(g.area));
  expect(named, 'the gap names a read the check depends on').not.toEqual([]);
  for (const finding of findings.filter((f) => f.check === id))
    expect(finding.evidence.partial, 'a finding computed without the read says so').toEqual(
      expect.arrayContaining([named[0]?.api]),
    );
}

/**
 * The cases of a check about a function. `dataMissing` audits the snapshot with this check (and
 * `others`, for a check that reads their findings) under the default settings plus `settings`.
 */
export function checkCases(check: Check) {
  return {
    ...basicCases(check.id),
    dataMissing(
      title: string,
      snapshot: FunctionSnapshot,
      settings: Partial<AuditSettings> = {},
      others: readonly Check[] = [],
    ): void {
      it(`data missing: ${title}`, () => {
        const report = auditSnapshot(snapshot, { ...SETTINGS, ...settings }, NOW, [...others, check]);
        expectGapHonoured(
          check.id,
          check.actions,
          check.dependsOn?.areas ?? [],
          report.findings,
          report.unverified,
        );
      });
    },
  };
}

/** The cases of a check about an account and region. */
export function accountCheckCases(check: AccountCheck) {
  return {
    ...basicCases(check.id),
    dataMissing(
      title: string,
      snapshot: AccountSnapshot,
      settings: Partial<AccountAuditSettings> = {},
    ): void {
      it(`data missing: ${title}`, () => {
        const section = auditAccount(
          snapshot,
          { disabledChecks: [], severityOverrides: {}, ...settings },
          NOW,
          [check],
        );
        expectGapHonoured(check.id, check.actions, [], section.findings, section.unverified);
      });
    },
  };
}
