/**
 * The AWS reads the watch loop needs to know which functions a change can affect: the functions
 * of an account (their roles and layers) and the roles that attach a managed policy. A failed
 * read throws (an AwsError naming the call): an unknown set of functions is not an empty one, so
 * the events wait and are tried again.
 */
import { type IAMClient, paginateListEntitiesForPolicy } from '@aws-sdk/client-iam';
import type { AwsClients } from '../aws/clients.js';
import { toAwsError } from '../aws/errors.js';
import { allPages } from './attempt.js';
import { listFunctions } from './inventory.js';

/** A function as the change-events loop needs it: its role and layers. */
export interface ListedFunction {
  arn: string;
  role: string;
  /** Layer version ARNs. */
  layers: string[];
}

/** Every function in these regions (one client set per region). */
export async function functionsIn(regions: readonly AwsClients[]): Promise<ListedFunction[]> {
  const perRegion = await Promise.all(
    regions.map(async (clients) => {
      const functions = await listFunctions(clients);
      return functions.map((f) => ({
        arn: f.FunctionArn ?? '',
        role: f.Role ?? '',
        layers: (f.Layers ?? []).map((l) => l.Arn ?? '').filter(Boolean),
      }));
    }),
  );
  return perRegion.flat();
}

/** Names of the roles that attach `policyArn` (IAM ListEntitiesForPolicy, roles only). */
export async function rolesAttaching(iam: IAMClient, policyArn: string): Promise<string[]> {
  try {
    const roles = await allPages(
      paginateListEntitiesForPolicy({ client: iam }, { PolicyArn: policyArn, EntityFilter: 'Role' }),
      (page) => page.PolicyRoles,
    );
    return roles.map((r) => r.RoleName ?? '').filter(Boolean);
  } catch (error) {
    throw toAwsError(error, 'iam:ListEntitiesForPolicy');
  }
}
