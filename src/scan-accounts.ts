/**
 * Which accounts and regions a scan covers: the configured ones (the bot's own account and
 * AUDIT_ACCOUNT_ROLES), or the organization's (AUDIT_ORG_ROLE_NAME with `scan --org`); each in the
 * requested regions, or in every region it has enabled (AUDIT_REGIONS=all). An account that
 * cannot be reached (its role cannot be assumed, its regions cannot be listed) is returned as
 * unreachable, to be reported loudly: never skipped in silence.
 */

import type { ClientPool } from './aws/clients.js';
import { classifyAwsError } from './aws/errors.js';
import { callerAccount } from './collect/identity.js';
import { enabledRegions, listOrganizationAccounts } from './collect/organization.js';
import type { Config } from './config.js';
import { type ScanReport, summarise } from './model.js';

/** One audited account: its id ('default' for the bot's own until asked) and its clients. */
export interface ScanAccount {
  id: string;
  pool: ClientPool;
  /** The role assumed in it; null for the bot's own account. */
  roleArn: string | null;
  /** Resolves the account's credentials (assumes its role); rejects with the reason it cannot. */
  probe: () => Promise<unknown>;
}

export interface CoveredAccount {
  account: ScanAccount;
  regions: string[];
}

export interface UnreachableAccount {
  accountId: string;
  api: string;
  reason: string;
}

export interface AccountPlan {
  covered: CoveredAccount[];
  unreachable: UnreachableAccount[];
}

/** The role ARN of AUDIT_ORG_ROLE_NAME in an account. */
export function orgRoleArn(accountId: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role/${roleName}`;
}

/**
 * The organization's accounts, less the excluded ones: the bot's own account (if listed) with its
 * own credentials, every other through `accountFor` (which assumes AUDIT_ORG_ROLE_NAME there).
 */
export async function organizationAccounts(
  home: ScanAccount,
  config: Pick<Config, 'organization' | 'regions'>,
  accountFor: (accountId: string) => ScanAccount,
): Promise<ScanAccount[]> {
  const clients = home.pool.get(config.regions[0] ?? 'us-east-1');
  const listed = await listOrganizationAccounts(clients, config.organization);
  const own = await callerAccount(clients).catch(() => null);
  return listed.map((a) => (a.id === own ? { ...home, id: a.id } : accountFor(a.id)));
}

/** Throttling past the SDK's retries (replicas assuming a hundred roles at once) is waited out: a second, then two, then four. */
async function probeWithPatience(account: ScanAccount): Promise<void> {
  for (const waitMs of [1_000, 2_000, 4_000, 0]) {
    try {
      await account.probe();
      return;
    } catch (error) {
      if (waitMs === 0 || classifyAwsError(error, 'sts:AssumeRole').code !== 'aws_throttled') throw error;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

/** Why `account` could not be entered or its regions listed; rethrows a setup error. */
function unreachableOf(account: ScanAccount, error: unknown): UnreachableAccount {
  const failure = classifyAwsError(error, 'sts:AssumeRole');
  // Without credentials nothing anywhere can be read: the operator's setup, not a gap.
  if (failure.code === 'config') throw error;
  return { accountId: account.id, api: failure.api, reason: failure.reason };
}

/**
 * Each account with the regions to scan in it. With AUDIT_REGIONS=all every account is entered
 * first to list its regions, so one whose role refuses is one loud entry, not a failure in each
 * of its regions. With listed regions no account is entered here: every replica forms the same
 * units, and each enters an account only when it claims one of its units (accountEntry), so
 * replicas do not assume every role of the organization at once on the management account's
 * STS quota.
 */
export async function planAccounts(
  accounts: readonly ScanAccount[],
  requested: readonly string[],
  options: { allRegions: boolean; homeRegion: string },
): Promise<AccountPlan> {
  const plan: AccountPlan = { covered: [], unreachable: [] };
  await Promise.all(
    accounts.map(async (account) => {
      if (!options.allRegions) {
        plan.covered.push({ account, regions: [...requested] });
        return;
      }
      try {
        await probeWithPatience(account);
        plan.covered.push({ account, regions: await enabledRegions(account.pool.get(options.homeRegion)) });
      } catch (error) {
        plan.unreachable.push(unreachableOf(account, error));
      }
    }),
  );
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  plan.covered.sort((a, b) => byId(a.account, b.account));
  plan.unreachable.sort((a, b) => a.accountId.localeCompare(b.accountId));
  return plan;
}

/**
 * Enters an account (assumes its role) the first time one of its units asks, once per account:
 * resolves null, or why it could not be entered (also added to `refused`, for progress). The
 * credentials' own refresh before expiry stays with the account's provider.
 */
export function accountEntry(
  refused: UnreachableAccount[],
): (account: ScanAccount) => Promise<UnreachableAccount | null> {
  const entered = new Map<ScanAccount, Promise<UnreachableAccount | null>>();
  return (account) => {
    let entry = entered.get(account);
    if (!entry) {
      entry = probeWithPatience(account).then(
        () => null,
        (error: unknown) => {
          const unreachable = unreachableOf(account, error);
          refused.push(unreachable);
          return unreachable;
        },
      );
      entered.set(account, entry);
    }
    return entry;
  };
}

/**
 * An account that could not be entered, as a scan's result: a failed entry per region (the scan
 * is incomplete, exit 3; the digest lists it) and an account section whose gap names the call
 * that failed and the role.
 */
export function unreachableReport(u: UnreachableAccount, regions: readonly string[]): ScanReport {
  const where = regions.length > 0 ? regions : ['*'];
  return {
    functions: [],
    accounts: [
      {
        accountId: u.accountId,
        region: where.length === 1 ? (where[0] as string) : '*',
        findings: [],
        unverified: [{ area: 'account', api: u.api, reason: u.reason }],
      },
    ],
    summary: summarise([], {
      regions: where,
      failed: where.map((region) => ({
        function: '*',
        region,
        reason: `${u.accountId}: ${u.api}: ${u.reason}`,
      })),
    }),
  };
}

/**
 * One region's unit of an account that could not be entered: that region's failed entry, and
 * the account section with the first region's unit only, so the units' results merge into
 * unreachableReport(u, regions): one account section, a failed entry per region.
 */
export function unreachableUnitReport(
  u: UnreachableAccount,
  region: string,
  regions: readonly string[],
): ScanReport {
  const whole = unreachableReport(u, regions);
  const failed = whole.summary.failed.filter((f) => f.region === region);
  return {
    functions: [],
    accounts: region === regions[0] ? (whole.accounts ?? []) : [],
    summary: summarise([], { regions: [region], failed }),
  };
}
