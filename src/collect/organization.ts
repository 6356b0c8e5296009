/**
 * The organization's accounts (AUDIT_ORG_ROLE_NAME) and the regions each account has enabled
 * (AUDIT_REGIONS=all). Read with the management or a delegated administrator account's clients
 * for the accounts, and with each account's own clients for its regions.
 */
import { paginateListRegions, type RegionOptStatus } from '@aws-sdk/client-account';
import {
  type Account,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
} from '@aws-sdk/client-organizations';
import type { AwsClients } from '../aws/clients.js';
import { toAwsError } from '../aws/errors.js';
import { AwsError } from '../errors.js';
import { allPages } from './attempt.js';

export interface OrganizationAccount {
  id: string;
  name: string;
}

export interface AccountSelection {
  /** Only the accounts under these OUs (or the root, `r-…`), child OUs included; empty: all. */
  units: readonly string[];
  /** Account ids left out (AUDIT_ORG_EXCLUDE). */
  exclude: readonly string[];
}

/** What a discovery call's failure means to the operator, beyond AWS's words. */
function discoveryError(error: unknown, api: string): AwsError {
  const failure = toAwsError(error, api);
  const name = error instanceof Error ? error.name : '';
  if (name === 'AWSOrganizationsNotInUseException')
    return new AwsError(
      failure.code,
      api,
      `${api}: the credentials' account is not in an organization (AWSOrganizationsNotInUseException); run from the management or a delegated administrator account`,
      { cause: error },
    );
  if (name === 'ParentNotFoundException')
    return new AwsError(
      failure.code,
      api,
      `${api}: AUDIT_ORG_OUS names an OU or root the organization does not have (ParentNotFoundException)`,
      { cause: error },
    );
  if (failure.code === 'aws_access_denied')
    return new AwsError(
      failure.code,
      api,
      `${failure.message}. Listing the organization needs the management account or a delegated administrator (organizations:RegisterDelegatedAdministrator)`,
      { cause: error },
    );
  return failure;
}

const active = (accounts: Account[]) => accounts.filter((a) => a.Id && (a.State ?? a.Status) === 'ACTIVE');

/** Every account under `parent` and its child OUs, depth first. */
async function accountsUnder(clients: AwsClients, parent: string): Promise<Account[]> {
  const client = { client: clients.organizations };
  let api = 'organizations:ListAccountsForParent';
  try {
    const direct = await allPages(
      paginateListAccountsForParent(client, { ParentId: parent }),
      (p) => p.Accounts,
    );
    api = 'organizations:ListOrganizationalUnitsForParent';
    const units = await allPages(
      paginateListOrganizationalUnitsForParent(client, { ParentId: parent }),
      (p) => p.OrganizationalUnits,
    );
    const nested: Account[] = [];
    for (const unit of units) if (unit.Id) nested.push(...(await accountsUnder(clients, unit.Id)));
    return [...direct, ...nested];
  } catch (error) {
    throw error instanceof AwsError ? error : discoveryError(error, api);
  }
}

/**
 * The organization's active accounts (suspended and closing ones cannot be audited), those under
 * `selection.units` when set, less `selection.exclude`, each once, in id order. Throws AwsError
 * naming the call that failed: without the list there is no organization to scan.
 */
export async function listOrganizationAccounts(
  clients: AwsClients,
  selection: AccountSelection,
): Promise<OrganizationAccount[]> {
  let accounts: Account[];
  if (selection.units.length === 0) {
    try {
      accounts = await allPages(
        paginateListAccounts({ client: clients.organizations }, {}),
        (p) => p.Accounts,
      );
    } catch (error) {
      throw discoveryError(error, 'organizations:ListAccounts');
    }
  } else {
    accounts = [];
    for (const unit of selection.units) accounts.push(...(await accountsUnder(clients, unit)));
  }
  const byId = new Map<string, OrganizationAccount>();
  for (const a of active(accounts))
    if (!selection.exclude.includes(a.Id as string))
      byId.set(a.Id as string, { id: a.Id as string, name: a.Name ?? '' });
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

const ENABLED: RegionOptStatus[] = ['ENABLED', 'ENABLED_BY_DEFAULT'];

/** The regions enabled in the clients' account, sorted. Throws AwsError naming account:ListRegions. */
export async function enabledRegions(clients: AwsClients): Promise<string[]> {
  try {
    const regions = await allPages(
      paginateListRegions({ client: clients.account }, { RegionOptStatusContains: ENABLED }),
      (p) => p.Regions,
    );
    return regions.flatMap((r) => (r.RegionName ? [r.RegionName] : [])).sort();
  } catch (error) {
    throw toAwsError(error, 'account:ListRegions');
  }
}
