/**
 * "The role reaches data stores" (checks.md, "Resolved details"): after Deny, the role may
 * perform a Read or Write action of a data-store service, or `kms:Decrypt`, on `*` or a pattern
 * covering every resource of the action's type. Built only on the engine's public
 * `Permissions` and catalog API, so a rewrite of the engine reaches it through that API alone.
 */
import { actionsAtLevels, type CatalogAction } from './catalog.js';
import type { Permissions } from './permissions.js';

/** The data-store services; `ssm` counts for its parameters only. */
export const DATA_STORE_SERVICES = [
  's3',
  'dynamodb',
  'rds',
  'rds-data',
  'rds-db',
  'redshift',
  'redshift-data',
  'elasticache',
  'es',
  'aoss',
  'secretsmanager',
  'ssm',
] as const;

function isDataAction(action: CatalogAction): boolean {
  if (action.service !== 'ssm') return true;
  return action.resourceTypes.some((t) => t.name.toLowerCase() === 'parameter');
}

/** The data-store actions the role may perform on every resource, sorted; empty when none. */
export function dataStoreReach(perms: Permissions): string[] {
  return perms.derive('data-store-reach', () => {
    const candidates = [
      ...DATA_STORE_SERVICES.flatMap((service) =>
        actionsAtLevels(service, ['Read', 'Write']).filter(isDataAction),
      ),
      'kms:Decrypt',
    ];
    return candidates
      .filter((action) => perms.isAllowed(action) && perms.grantsOnAll(action).length > 0)
      .map((action) => (typeof action === 'string' ? action : action.id))
      .sort();
  });
}

/** True when the role reaches data stores. */
export function reachesDataStores(perms: Permissions): boolean {
  return dataStoreReach(perms).length > 0;
}
